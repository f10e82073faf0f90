/**
 * Engine events: every state change and every step of every operation, published in order with a
 * sequence number. The HTTP layer streams them (SSE, resumable by sequence), the store persists
 * from them, the UI draws timelines from them.
 */
import type { GroupState, NodeState, ResourceState } from '../core/states.js';
import type { OperationOutcome, StepRecord } from './operation.js';

export type EngineEventBody =
  | { readonly type: 'resource-state'; readonly resource: string; readonly group: string; readonly state: ResourceState; readonly previous: ResourceState; readonly operation: string | null; readonly detail?: string }
  | { readonly type: 'group-state'; readonly group: string; readonly state: GroupState; readonly previous: GroupState }
  | { readonly type: 'resource-locked'; readonly resource: string; readonly locked: boolean; readonly reason: number }
  | { readonly type: 'resource-progress'; readonly resource: string; readonly operation: string | null; readonly note: string | null; readonly pendingTimeoutMs: number }
  | { readonly type: 'persistent-state'; readonly target: 'resource' | 'group'; readonly name: string; readonly state: number }
  | { readonly type: 'operation-started'; readonly operation: string; readonly kind: string; readonly target: string; readonly actor: string; readonly code: number }
  | { readonly type: 'step-started'; readonly operation: string; readonly step: StepRecord }
  | { readonly type: 'step-ended'; readonly operation: string; readonly step: StepRecord }
  | { readonly type: 'operation-ended'; readonly operation: string; readonly outcome: OperationOutcome }
  | { readonly type: 'host-crashed'; readonly host: string; readonly resources: readonly string[]; readonly detail: string }
  | { readonly type: 'node-state'; readonly node: string; readonly state: NodeState; readonly previous: NodeState }
  | { readonly type: 'group-owner'; readonly group: string; readonly owner: string | null; readonly previous: string | null }
  | { readonly type: 'group-moving'; readonly group: string; readonly moving: boolean; readonly queued: boolean; readonly operation: string | null }
  | { readonly type: 'fenced'; readonly node: string; readonly groups: readonly string[]; readonly detail: string };

export type EngineEvent = EngineEventBody & { readonly seq: number; readonly time: number };
export type EngineEventType = EngineEvent['type'];
export type EventListener = (event: EngineEvent) => void;

/** A synchronous fan-out: listeners see events in publication order; one failing listener cannot stop the others. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private seq = 0;

  constructor(private readonly now: () => number) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(body: EngineEventBody): EngineEvent {
    const event = { ...body, seq: ++this.seq, time: this.now() } as EngineEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A subscriber's bug must not corrupt the engine's own state transitions.
      }
    }
    return event;
  }

  get lastSeq(): number {
    return this.seq;
  }
}
