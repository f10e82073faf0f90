/**
 * Read views of the engine's records, shaped as src/client/contract.ts says. The parts of a
 * resource view that only change with the configuration (dependency text, flattened providers)
 * are computed once per configuration object; the rest is read live from the engine's records,
 * which are the single source of truth, so a view is never stale.
 */
import type { ClusterView, GroupStateView, GroupView, NodeView, OperationView, PlanView, ResourceStateView, ResourceView, StepView } from './contract.js';
import { errorName } from '../core/errors.js';
import { formatDependencyExpression } from '../core/config/index.js';
import { nameKey, type ResourceConfig } from '../core/model.js';
import type { Plan } from '../core/plan.js';
import { NodeState, groupStateName, nodeStateName, resourceStateName } from '../core/states.js';
import type { Engine } from '../engine/engine.js';
import type { OperationRecord, StepRecord } from '../engine/operation.js';
import type { GroupRecord, ResourceRecord } from '../engine/resource-record.js';

interface StaticResourceParts {
  readonly dependsOn: string;
  readonly providers: readonly string[];
}

const staticParts = new WeakMap<ResourceConfig, StaticResourceParts>();
const NO_PARTS: StaticResourceParts = { dependsOn: '', providers: Object.freeze([]) };

function partsOf(config: ResourceConfig): StaticResourceParts {
  // The common shapes -- no dependency, or one provider -- are cheaper to build per view than to
  // keep for every resource (10,000 cached pairs are ~1.5 MB); only richer expressions are cached.
  const expression = config.dependsOn;
  if (expression.length === 0) return NO_PARTS;
  const only = expression.length === 1 ? expression[0] : undefined;
  if (only?.length === 1) return { dependsOn: formatDependencyExpression(expression), providers: only };
  let parts = staticParts.get(config);
  if (!parts) {
    parts = { dependsOn: formatDependencyExpression(config.dependsOn), providers: [...new Set(config.dependsOn.flat())] };
    staticParts.set(config, parts);
  }
  return parts;
}

export function resourceView(engine: Engine, record: ResourceRecord): ResourceView {
  const config = record.config;
  const parts = partsOf(config);
  return {
    name: config.name,
    group: config.group,
    type: config.type,
    state: record.state,
    stateName: resourceStateName(record.state),
    persistentState: record.persistentState,
    locked: record.locked,
    lockedReason: record.locked ? record.lockedReason : null,
    failureReason: record.failureReason ?? null,
    owner: engine.records.groups.get(config.group)?.owner ?? null,
    dependsOn: parts.dependsOn,
    providers: parts.providers,
    operation: record.operation,
    properties: config.properties,
    common: config.common,
  };
}

export function groupView(engine: Engine, group: GroupRecord): GroupView {
  const resources: ResourceView[] = [];
  let locked = false;
  for (const name of group.config.resources) {
    const record = engine.records.resources.get(name);
    if (!record) continue;
    locked ||= record.locked;
    resources.push(resourceView(engine, record));
  }
  const state = engine.groupState(group.config.name);
  return {
    name: group.config.name,
    state,
    stateName: groupStateName(state),
    owner: group.owner,
    persistentState: group.persistentState,
    preferredOwners: group.config.preferredOwners,
    locked,
    moving: group.moving,
    resources,
  };
}

export function groupStateView(engine: Engine, group: GroupRecord): GroupStateView {
  const state = engine.groupState(group.config.name);
  return { state, name: groupStateName(state), owner: group.owner };
}

export function resourceStateView(engine: Engine, record: ResourceRecord): ResourceStateView {
  return {
    state: record.state,
    name: resourceStateName(record.state),
    owner: engine.records.groups.get(record.config.group)?.owner ?? null,
    group: record.config.group,
  };
}

/** What the cluster layer knows of nodes and the engine does not: who leads, and where each node answers. */
export interface NodeDirectory {
  readonly leader: string | null;
  url(node: string): string | null;
}

/** `name` is a configured node's canonical name; its state is the engine's view of the cluster. */
export function nodeView(engine: Engine, name: string, directory: NodeDirectory): NodeView {
  const state = engine.records.nodes.get(name)?.state ?? NodeState.Unknown;
  return {
    name,
    state,
    stateName: nodeStateName(state),
    leader: directory.leader !== null && nameKey(directory.leader) === nameKey(name),
    paused: state === NodeState.Paused,
    url: directory.url(name),
  };
}

export function nodeViews(engine: Engine, directory: NodeDirectory): NodeView[] {
  return engine.model.config.nodes.map((node) => nodeView(engine, node.name, directory));
}

export function clusterView(engine: Engine, name: string, configRevision: number, directory: NodeDirectory): ClusterView {
  return {
    name,
    nodes: nodeViews(engine, directory),
    groups: [...engine.records.groups.values()].map((g) => groupView(engine, g)),
    configRevision,
    lastEventId: engine.lastEventSeq,
  };
}

function stepView(step: StepRecord): StepView {
  return {
    id: step.id,
    action: step.action,
    resource: step.resource,
    after: step.after,
    resDllFlags: step.resDllFlags,
    reason: step.reason,
    status: step.status,
    start: step.start,
    end: step.end,
    exec: step.exec,
    code: step.code,
    detail: step.detail,
  };
}

export function operationView(record: OperationRecord): OperationView {
  return {
    id: record.id,
    kind: record.kind,
    target: record.target,
    actor: record.actor,
    client: record.client,
    flags: record.flags,
    reason: record.reason,
    destinationNode: record.destinationNode,
    input: record.input ? { json: record.input.json, base64: record.input.base64 } : null,
    code: record.code,
    codeName: errorName(record.code),
    detail: record.detail,
    submitted: record.submitted,
    ended: record.ended,
    outcome: record.outcome,
    cause: record.cause,
    steps: record.steps.map(stepView),
  };
}

export function planView(plan: Plan, text: string): PlanView {
  return {
    code: plan.code,
    steps: plan.steps.map((s) => ({ id: s.id, action: s.action, resource: s.resource, after: s.after, resDllFlags: s.resDllFlags, reason: s.reason })),
    ...(plan.move ? { move: { from: plan.move.from, to: plan.move.to, queued: plan.move.queued } } : {}),
    text,
  };
}
