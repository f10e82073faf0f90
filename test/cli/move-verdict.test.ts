/**
 * When `group move --wait` stops: the rule over the group's view and the owner's operation record,
 * including the cases a single node cannot produce end to end (a return to the source, a move whose
 * operation another node recorded, a destination the cluster picked).
 */
import { describe, expect, it } from 'vitest';
import type { GroupView, OperationView } from '../../src/client/index.js';
import { moveVerdict, type MoveFollowRequest } from '../../src/cli/move-progress.js';
import { GroupState } from '../../src/core/states.js';

const REQ: MoveFollowRequest = { group: 'G', operation: 'op-node1-000007', from: 'node1', to: 'node2', wasOnline: true, lastEventId: 0, resources: new Set(['disk']), timeoutMs: null, print: false };

function group(owner: string | null, state: number, moving = false): GroupView {
  return { name: 'G', state, stateName: '', owner, persistentState: 1, preferredOwners: [], locked: false, moving, resources: [] };
}

function op(outcome: OperationView['outcome'], destinationNode: string | null = 'node2'): OperationView {
  return { id: 'op-node1-000007', kind: 'move-group', target: 'G', actor: 'a', client: 'cli', flags: 0, reason: null, destinationNode, input: null, code: 997, codeName: 'ERROR_IO_PENDING', detail: null, submitted: 0, ended: null, outcome, cause: null, steps: [] };
}

describe('moveVerdict', () => {
  it('waits while the group moves or the owner\'s operation runs, and ends when it is at its state on the destination', () => {
    expect(moveVerdict(REQ, group('node1', GroupState.Pending, true), op('running'), false)).toBeNull();
    expect(moveVerdict(REQ, group('node2', GroupState.Offline), op('succeeded'), true)).toBeNull();
    expect(moveVerdict(REQ, group('node2', GroupState.PartialOnline), op('succeeded'), true)).toEqual({ end: 'moved', detail: null });
    expect(moveVerdict({ ...REQ, wasOnline: false }, group('NODE2', GroupState.Offline), op('succeeded'), true)).toEqual({ end: 'moved', detail: null });
  });

  it('fails on a failed or cancelled operation, a Failed group on the destination, or a return to the source', () => {
    expect(moveVerdict(REQ, group('node1', GroupState.Online), op('cancelled'), false)).toEqual({ end: 'failed', detail: 'operation op-node1-000007 cancelled' });
    expect(moveVerdict(REQ, group('node2', GroupState.Failed), op('succeeded'), true)?.end).toBe('failed');
    expect(moveVerdict(REQ, group('node1', GroupState.Online), op('succeeded'), true)).toEqual({ end: 'failed', detail: 'group G is back on node1 (Online)' });
    // Not seen elsewhere yet: the owner record lags the operation's end, it is not a return.
    expect(moveVerdict(REQ, group('node1', GroupState.Offline), op('succeeded'), false)).toBeNull();
  });

  it('decides by the group alone when this node does not hold the operation, and takes the picked destination from the record', () => {
    expect(moveVerdict(REQ, group('node1', GroupState.Online), null, false)).toBeNull();
    expect(moveVerdict(REQ, group('node2', GroupState.Online), null, true)).toEqual({ end: 'moved', detail: null });
    const picked = { ...REQ, to: null };
    expect(moveVerdict(picked, group('node3', GroupState.Online), op('succeeded', 'node2'), true)).toBeNull();
    expect(moveVerdict(picked, group('node2', GroupState.Online), op('succeeded', 'node2'), true)?.end).toBe('moved');
    expect(moveVerdict(picked, group('node3', GroupState.Online), null, true)?.end).toBe('moved');
  });
});
