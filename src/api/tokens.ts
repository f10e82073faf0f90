/**
 * Bearer tokens: the principals of the cluster security descriptor (wsfc.md §9) with their access,
 * Read or Full. Each token lives in the cluster store under /wolfpack/security/tokens/<id> with its
 * name, access, creation time and the SHA-256 of its secret -- never the secret itself, which is
 * shown once by `create`. A token reads `wp_<id>_<secret>`: the id finds the record without a scan,
 * the secret is compared by hash in constant time.
 *
 * Lookups are synchronous from an in-memory map loaded at open and kept fresh by a store watch, so
 * a revocation made on any node is seen here as soon as the store delivers it (and at once on the
 * node that made it). Revoked tokens stay in the store, marked, for the audit trail.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AccessLevel, TokenCreated, TokenView } from './contract.js';
import { ClusterError, Win32 } from '../core/errors.js';
import type { ClusterStore, Watcher, WatchEvent } from '../store/port.js';
import type { Principal } from './deps.js';

export const TOKEN_PREFIX = '/wolfpack/security/tokens/';

const MAX_VERIFIED = 10_000;

interface StoredToken {
  readonly id: string;
  readonly name: string;
  readonly access: AccessLevel;
  readonly created: number;
  /** Hex SHA-256 of the secret part of the token. */
  readonly hash: string;
  readonly revoked: boolean;
}

interface CachedToken {
  readonly stored: StoredToken;
  /** Store revision of this version: a late watch event for an older one must not undo a revoke. */
  readonly revision: number;
  readonly hash: Buffer;
  readonly principal: Principal;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function isStoredToken(value: unknown): value is StoredToken {
  const v = value as Partial<StoredToken> | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.name === 'string' && (v.access === 'read' || v.access === 'full') && typeof v.hash === 'string' && typeof v.created === 'number';
}

function view(token: StoredToken): TokenView {
  return { id: token.id, name: token.name, access: token.access, created: token.created, revoked: token.revoked };
}

/** `wp_<id>_<secret>` -> its parts, or null when the shape is wrong. */
export function parseToken(token: string): { id: string; secret: string } | null {
  if (!token.startsWith('wp_')) return null;
  const cut = token.indexOf('_', 3);
  if (cut < 4 || cut === token.length - 1) return null;
  return { id: token.slice(3, cut), secret: token.slice(cut + 1) };
}

export class TokenService {
  private readonly byId = new Map<string, CachedToken>();
  /**
   * Bearers already verified, so the hot read path skips the hash. Emptied on every token change,
   * so a revocation still takes effect at once; bounded so random bearers cannot grow it.
   */
  private readonly verified = new Map<string, Principal>();
  private watcher: Watcher | null = null;
  private readonly loading: Promise<void>;
  private closed = false;

  /**
   * Starts loading at once; until `ready()` resolves nobody authenticates. buildApi waits for it
   * before the server answers (fastify onReady), so a listening API always knows every token.
   */
  constructor(
    private readonly store: ClusterStore,
    private readonly now: () => number = Date.now,
  ) {
    this.loading = this.load();
    // Reported through ready(); never an unhandled rejection.
    this.loading.catch(() => undefined);
  }

  static async open(store: ClusterStore, now: () => number = Date.now): Promise<TokenService> {
    const service = new TokenService(store, now);
    await service.ready();
    return service;
  }

  ready(): Promise<void> {
    return this.loading;
  }

  /** Loads every token and watches for changes from the revision of that read, so none is missed. */
  private async load(): Promise<void> {
    const { kvs, revision } = await this.store.range(TOKEN_PREFIX);
    for (const kv of kvs) this.remember(kv.value, kv.modRevision);
    const watcher = await this.store.watch(TOKEN_PREFIX, (event) => this.changed(event), { fromRevision: revision + 1 });
    if (this.closed) await watcher.cancel();
    else this.watcher = watcher;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.loading.catch(() => undefined);
    await this.watcher?.cancel();
    this.watcher = null;
  }

  async create(name: string, access: AccessLevel): Promise<TokenCreated> {
    if (name.trim() === '' || name.length > 128) throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'a token name is 1 to 128 characters');
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const stored: StoredToken = { id, name, access, created: this.now(), hash: sha256(secret).toString('hex'), revoked: false };
    const key = TOKEN_PREFIX + id;
    // Ids are random, but a collision must never overwrite someone else's token.
    const result = await this.store.txn({ compare: [{ key, target: 'version', op: '=', value: 0 }], success: [{ op: 'put', key, value: JSON.stringify(stored) }] });
    if (!result.succeeded) throw new ClusterError(Win32.ERROR_OBJECT_ALREADY_EXISTS, `token id ${id} exists; try again`);
    this.remember(JSON.stringify(stored), result.revision);
    return { ...view(stored), token: `wp_${id}_${secret}` };
  }

  /** Every token, revoked ones included, oldest first. */
  list(): TokenView[] {
    // A stable sort: tokens created in the same millisecond keep the order this node learnt them in.
    return [...this.byId.values()].map((t) => view(t.stored)).sort((a, b) => a.created - b.created);
  }

  /** The security descriptor: each principal with the highest access a live token gives it. */
  descriptor(): Array<{ principal: string; access: AccessLevel }> {
    const best = new Map<string, AccessLevel>();
    for (const { stored } of this.byId.values()) {
      if (stored.revoked) continue;
      if (best.get(stored.name) !== 'full') best.set(stored.name, stored.access);
    }
    return [...best].map(([principal, access]) => ({ principal, access }));
  }

  /** Marks the token revoked; it authenticates nobody from this moment. Unknown id: 1168. */
  async revoke(id: string): Promise<TokenView> {
    const key = TOKEN_PREFIX + id;
    const current = await this.store.get(key);
    if (!current) throw new ClusterError(Win32.ERROR_NOT_FOUND, `no token with id '${id}'`);
    const parsed: unknown = JSON.parse(current.value);
    if (!isStoredToken(parsed)) throw new ClusterError(Win32.ERROR_INVALID_DATA, `token record ${id} is damaged`);
    const revoked: StoredToken = { ...parsed, revoked: true };
    const result = await this.store.txn({ compare: [{ key, target: 'modRevision', op: '=', value: current.modRevision }], success: [{ op: 'put', key, value: JSON.stringify(revoked) }] });
    if (!result.succeeded) throw new ClusterError(Win32.ERROR_INVALID_STATE, `token ${id} changed while being revoked; try again`);
    this.remember(JSON.stringify(revoked), result.revision);
    return view(revoked);
  }

  /** The principal a bearer token stands for, or null (unknown, malformed, revoked). */
  authenticate(bearer: string): Principal | null {
    const known = this.verified.get(bearer);
    if (known) return known;
    const parts = parseToken(bearer);
    if (!parts) return null;
    const cached = this.byId.get(parts.id);
    if (!cached || cached.stored.revoked) return null;
    if (!timingSafeEqual(sha256(parts.secret), cached.hash)) return null;
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    this.verified.set(bearer, cached.principal);
    return cached.principal;
  }

  private changed(event: WatchEvent): void {
    if (event.type === 'put') {
      this.remember(event.kv.value, event.kv.modRevision);
      return;
    }
    const id = event.key.slice(TOKEN_PREFIX.length);
    if ((this.byId.get(id)?.revision ?? 0) < event.revision) {
      this.byId.delete(id);
      this.verified.clear();
    }
  }

  private remember(value: string, revision: number): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return;
    }
    if (!isStoredToken(parsed)) return;
    if ((this.byId.get(parsed.id)?.revision ?? 0) > revision) return;
    this.verified.clear();
    this.byId.set(parsed.id, {
      stored: parsed,
      revision,
      hash: Buffer.from(parsed.hash, 'hex'),
      principal: { name: parsed.name, access: parsed.access, via: 'token' },
    });
  }
}
