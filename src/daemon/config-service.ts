/**
 * `wolfpack apply` and `wolfpack get config`: the configuration lives in the cluster database as
 * canonical YAML, its store revision is the configuration revision. An apply is validated as a
 * whole, idempotent (the same file twice changes nothing), previewable, and takes every resource it
 * removes offline with reason BEING_DELETED before the new revision takes effect.
 */
import type { ApplyAnswer, ApplyBody, ConfigView } from '../client/contract.js';
import { buildModel, configToDocument, configToYaml, diffConfigs, formatConfigDiff, parseClusterConfig, validateClusterConfig } from '../core/config/index.js';
import { ClusterError, Win32, describeCode, errorName } from '../core/errors.js';
import { OfflineReason } from '../core/flags.js';
import type { ClusterConfig } from '../core/model.js';
import { ResourceState } from '../core/states.js';
import type { Engine } from '../engine/engine.js';
import type { ClusterStore } from '../store/port.js';
import { KEYS } from './store-keys.js';

/**
 * The configuration is stored as the JSON form of its canonical document, not as YAML: reading it
 * back at start needs no YAML parser, which matters for memory with 10,000 resources.
 */
export function encodeStoredConfig(config: ClusterConfig): string {
  return JSON.stringify(configToDocument(config));
}

export function decodeStoredConfig(text: string): ClusterConfig {
  return validateClusterConfig(JSON.parse(text) as unknown);
}

/** Checks what the pure validation cannot: that every type exists, OCF agents' parameters. */
export type TypeValidator = (config: ClusterConfig) => Promise<void>;

export class ConfigService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ClusterStore,
    private readonly engine: Engine,
    private readonly validateTypes: TypeValidator = async () => undefined,
  ) {}

  /** The store revision of the configuration the engine runs (the daemon sets it at start). */
  revision = 0;

  /**
   * Another node applied a configuration (many-node cluster): take it in, in order with local
   * applies. Resources it removed that this node runs are taken offline with BEING_DELETED first.
   */
  followStored(value: string, revision: number): Promise<void> {
    const result = this.queue.then(async () => {
      if (revision <= this.revision) return;
      const next = decodeStoredConfig(value);
      for (const resource of this.engine.model.config.resources) {
        if (next.resources.some((n) => n.name === resource.name)) continue;
        const record = this.engine.resource(resource.name);
        if (!record || !this.engine.ownsGroup(resource.group) || record.state === ResourceState.Offline || record.state === ResourceState.Failed) continue;
        const answer = await this.engine.submit(
          { kind: 'offline-resource', resource: resource.name, flags: 0x1, reason: OfflineReason.BEING_DELETED, caller: { principal: 'wolfpack', access: 'full' } },
          { client: 'apply', cause: `removed from the configuration (revision ${revision})` },
        );
        if (answer.operation) await this.engine.waitForOperation(answer.operation);
      }
      this.revision = revision;
      await this.engine.reconfigure(buildModel(next));
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  async get(): Promise<ConfigView> {
    const kv = await this.store.get(KEYS.config);
    return { yaml: configToYaml(this.engine.model.config), revision: kv?.modRevision ?? 0 };
  }

  /** Applies are serialized: each sees the configuration the previous one left. */
  apply(body: ApplyBody, principal: string): Promise<ApplyAnswer> {
    return this.applyConfig(() => parseClusterConfig(body.yaml), body.plan === true, principal);
  }

  /** The same for a configuration already parsed (the daemon's --config file at start). */
  applyConfig(next: ClusterConfig | (() => ClusterConfig), preview: boolean, principal: string): Promise<ApplyAnswer> {
    const result = this.queue.then(() => this.applyNow(typeof next === 'function' ? next() : next, preview, principal));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async applyNow(next: ClusterConfig, preview: boolean, principal: string): Promise<ApplyAnswer> {
    await this.validateTypes(next);
    const current = this.engine.model.config;
    const diff = formatConfigDiff(diffConfigs(current, next));
    const revision = (await this.store.get(KEYS.config))?.modRevision ?? 0;
    if (diff.length === 0 || preview) {
      const message = diff.length === 0 ? 'the configuration is already in effect' : 'preview: nothing was changed';
      return { code: 0, name: errorName(0), message, diff, revision, changed: false, operations: [] };
    }

    const removed = current.resources.filter((r) => !next.resources.some((n) => n.name === r.name));
    const toOffline = removed.filter((r) => {
      const state = this.engine.resource(r.name)?.state;
      return state !== undefined && state !== ResourceState.Offline && state !== ResourceState.Failed;
    });
    const locked = toOffline.find((r) => this.engine.resource(r.name)?.locked);
    if (locked) {
      throw new ClusterError(Win32.ERROR_CLUSTER_RESOURCE_LOCKED_STATUS, `resource '${locked.name}' would be removed but is locked; nothing was changed`);
    }
    const operations: string[] = [];
    for (const resource of toOffline) {
      const answer = await this.engine.submit(
        { kind: 'offline-resource', resource: resource.name, flags: 0, reason: OfflineReason.BEING_DELETED, caller: { principal, access: 'full' } },
        { client: 'apply', cause: 'removed from the configuration' },
      );
      if (answer.operation) operations.push(answer.operation);
      if (answer.code !== Win32.ERROR_SUCCESS && answer.code !== Win32.ERROR_IO_PENDING) {
        throw new ClusterError(answer.code, `taking removed resource '${resource.name}' offline was refused (${describeCode(answer.code)}); nothing was changed`);
      }
      if (answer.operation) await this.engine.waitForOperation(answer.operation);
    }

    const newRevision = await this.store.put(KEYS.config, encodeStoredConfig(next));
    this.revision = newRevision;
    await this.engine.reconfigure(buildModel(next));
    await this.engine.recordAudit({ kind: 'apply-config', target: `configuration revision ${newRevision}`, actor: principal, client: 'apply', detail: diff.join('; ') });
    return { code: 0, name: errorName(0), message: `applied configuration revision ${newRevision}`, diff, revision: newRevision, changed: true, operations };
  }
}
