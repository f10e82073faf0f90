/**
 * Operations as the timelines draw them: the records read from /v1/operations, kept current by the
 * step and operation events of the stream. An operation-started event carries no steps, so the
 * caller reads that one record once (`needsRecord`); events that arrive before the record are
 * merged so a step never goes back from ended to running.
 */
import type { OperationView, StepView, StreamEvent } from '../api/contract.js';

const STATUS_RANK: Readonly<Record<StepView['status'], number>> = { waiting: 0, running: 1, succeeded: 2, failed: 2, skipped: 2 };

function newer(a: StepView, b: StepView): StepView {
  return STATUS_RANK[b.status] >= STATUS_RANK[a.status] ? b : a;
}

/** Merges a freshly read record with what events already said about the same operation. */
export function mergeRecord(known: OperationView | undefined, read: OperationView): OperationView {
  if (!known) return read;
  const byId = new Map(known.steps.map((s) => [s.id, s]));
  const steps = read.steps.map((s) => {
    const seen = byId.get(s.id);
    return seen ? newer(s, seen) : s;
  });
  const ended = read.outcome !== 'running' ? read : known.outcome !== 'running' ? { outcome: known.outcome, ended: known.ended } : read;
  return { ...read, steps, outcome: ended.outcome, ended: ended.ended };
}

function withStep(operation: OperationView, step: StepView): OperationView {
  const has = operation.steps.some((s) => s.id === step.id);
  const steps = has ? operation.steps.map((s) => (s.id === step.id ? newer(s, step) : s)) : [...operation.steps, step].sort((a, b) => a.id - b.id);
  return { ...operation, steps };
}

export interface OperationUpdate {
  readonly operations: ReadonlyMap<string, OperationView>;
  /** An operation whose record must be read (it started, or a step event came for an unknown one). */
  readonly needsRecord: string | null;
}

/** A stand-in until the record is read: what operation-started says. */
function stub(event: Extract<StreamEvent, { type: 'operation-started' }>): OperationView {
  return {
    id: event.operation,
    kind: event.kind as OperationView['kind'],
    target: event.target,
    actor: event.actor,
    client: '',
    flags: 0,
    reason: null,
    destinationNode: null,
    input: null,
    code: event.code,
    codeName: '',
    detail: null,
    submitted: event.time,
    ended: null,
    outcome: 'running',
    cause: null,
    steps: [],
  };
}

export function applyOperationEvent(operations: ReadonlyMap<string, OperationView>, event: StreamEvent): OperationUpdate {
  const put = (operation: OperationView, needsRecord: string | null = null): OperationUpdate => {
    const next = new Map(operations);
    next.set(operation.id, operation);
    return { operations: next, needsRecord };
  };
  switch (event.type) {
    case 'operation-started':
      return put(operations.get(event.operation) ?? stub(event), event.operation);
    case 'step-started':
    case 'step-ended': {
      const known = operations.get(event.operation);
      if (!known) return { operations, needsRecord: event.operation };
      return put(withStep(known, event.step as StepView));
    }
    case 'operation-ended': {
      const known = operations.get(event.operation);
      if (!known) return { operations, needsRecord: event.operation };
      return put({ ...known, outcome: event.outcome, ended: event.time });
    }
    default:
      return { operations, needsRecord: null };
  }
}

/** Newest first, as the log lists them. */
export function newestFirst(operations: ReadonlyMap<string, OperationView>): OperationView[] {
  return [...operations.values()].sort((a, b) => b.submitted - a.submitted || b.id.localeCompare(a.id));
}
