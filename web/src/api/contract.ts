/**
 * The API's types as the page sees them: the HTTP contract (src/client/contract.ts) and the
 * engine's event union (src/engine/events.ts), which /v1/events sends as its data lines, plus the
 * stream's own `reset`. Type-only: nothing of the server is bundled.
 */
export type {
  ClusterView,
  CommandAnswer,
  CommandBody,
  ErrorBody,
  GroupView,
  NodeView,
  OperationView,
  PlanStepView,
  PlanView,
  ResourceView,
  StepView,
  WhoAmI,
} from '../../../src/client/contract.js';
import type { EngineEvent } from '../../../src/engine/events.js';

export interface ResetEvent {
  readonly type: 'reset';
  readonly seq: number;
  readonly time: number;
  readonly requested: number;
  readonly oldest: number;
  readonly reason: string;
}

export type StreamEvent = EngineEvent | ResetEvent;

/** Every `event:` name the stream sends (EventSource delivers named events only to their listeners). */
export const STREAM_EVENT_TYPES: ReadonlyArray<StreamEvent['type']> = [
  'resource-state',
  'group-state',
  'resource-locked',
  'resource-progress',
  'persistent-state',
  'operation-started',
  'step-started',
  'step-ended',
  'operation-ended',
  'host-crashed',
  'reset',
];
