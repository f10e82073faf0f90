/**
 * Leases on etcd. TTLs are whole seconds there: a TTL in milliseconds is rounded up, and etcd
 * raises anything below its floor (1.5 election timeouts: 1.5 s, so 2 s, with default timings).
 * keepAlive() is one LeaseKeepAlive exchange per call; nothing renews on its own (the daemon's
 * renewal loop owns the timing, as self-fencing needs), so close() has no timers to stop.
 */
import type { ILeaseKeepAliveRequest, ILeaseKeepAliveResponse } from 'etcd3';
import { ClusterError, Win32, isClusterError } from '../../core/errors.js';
import type { Lease } from '../port.js';
import { checkLeaseId, leaseWire, toNumber } from './codec.js';
import type { DuplexStream, MemberPool } from './connection.js';

export async function grantLease(pool: MemberPool, ttlMs: number): Promise<Lease> {
  pool.ensureOpen();
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new ClusterError(Win32.ERROR_INVALID_PARAMETER, 'A lease TTL must be a positive number of milliseconds.');
  }
  const seconds = Math.ceil(ttlMs / 1000);
  // A grant sent twice leaves one unused lease that expires on its own: safe to resend.
  const response = await pool.call('grantLease', 'always', (c) => c.leaseGrant({ TTL: seconds, ID: 0 }));
  if (response.error) throw new ClusterError(Win32.ERROR_INTERNAL_ERROR, `grantLease: etcd refused the lease: ${response.error}`);
  return new EtcdLease(pool, String(response.ID), toNumber(response.TTL) * 1000);
}

/**
 * A handle on a lease granted earlier (by this client or another, e.g. before a restart), for
 * keepAlive and revoke; rejects with 1168 when it no longer exists.
 */
export async function findLease(pool: MemberPool, id: string): Promise<Lease> {
  pool.ensureOpen();
  checkLeaseId(id);
  const wire = leaseWire(id);
  const missing = new ClusterError(Win32.ERROR_NOT_FOUND, `Lease ${id} does not exist (it expired or was revoked).`);
  if (wire === '-1') throw missing;
  const response = await pool.call('lease', 'always', (c) => c.leaseTimeToLive({ ID: wire, keys: false }));
  // etcd answers for an unknown lease with TTL -1 rather than an error.
  if (toNumber(response.TTL) < 0) throw missing;
  return new EtcdLease(pool, id, toNumber(response.grantedTTL) * 1000);
}

class EtcdLease implements Lease {
  constructor(
    private readonly pool: MemberPool,
    readonly id: string,
    readonly ttlMs: number,
  ) {}

  async keepAlive(): Promise<void> {
    this.pool.ensureOpen();
    const response = await this.pool.call('keepAlive', 'always', async (c) => {
      const stream = await c.stream<ILeaseKeepAliveRequest, ILeaseKeepAliveResponse>('Lease', 'leaseKeepAlive', Date.now() + this.pool.requestTimeoutMs);
      return exchangeOnce(stream, { ID: this.id });
    });
    // etcd answers a renewal of an ended lease with TTL 0 (or -1), not with an error.
    if (toNumber(response.TTL) <= 0) throw new ClusterError(Win32.ERROR_NOT_FOUND, `Lease ${this.id} has expired or was revoked.`);
  }

  async revoke(): Promise<void> {
    this.pool.ensureOpen();
    try {
      await this.pool.call('revoke', 'always', (c) => c.leaseRevoke({ ID: this.id }));
    } catch (error) {
      if (isClusterError(error) && error.code === Win32.ERROR_NOT_FOUND) return; // already ended
      throw error;
    }
  }
}

/** Sends one request on a fresh stream and resolves with the first response. */
function exchangeOnce<Req, Res>(stream: DuplexStream<Req, Res>, request: Req): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      stream.cancel();
    };
    stream.on('data', (response) => settle(() => resolve(response)));
    stream.on('error', (error) => settle(() => reject(error)));
    stream.on('end', () => settle(() => reject(new Error('etcd ended the keepalive stream without an answer'))));
    stream.write(request);
  });
}
