/**
 * Access levels of handles (wsfc.md §9): the level is fixed when a handle is opened, from the
 * DesiredAccess of an Open*Ex call (plain Open* asks for All), and checked against what the cluster
 * security descriptor grants the principal. Protocol v3's "Read with Backup Privilege" has no
 * Wolfpack principal that could hold it, so the levels are the core's none / read / full.
 */
import type { Access } from '../core/commands.js';
import { Win32 } from '../core/errors.js';
import { GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ, GENERIC_WRITE, MAXIMUM_ALLOWED } from './constants.js';

const RANK: Readonly<Record<Access, number>> = { none: 0, read: 1, full: 2 };

export function lowerAccess(a: Access, b: Access): Access {
  return RANK[a] <= RANK[b] ? a : b;
}

const FULL_BITS = (GENERIC_ALL | GENERIC_WRITE | GENERIC_EXECUTE) >>> 0;
const KNOWN_BITS = (GENERIC_READ | FULL_BITS | MAXIMUM_ALLOWED) >>> 0;

export type AccessDecision = { readonly ok: true; readonly level: 'read' | 'full' } | { readonly ok: false; readonly code: number };

/**
 * The level a handle gets for `desired` when the principal is allowed `allowed`.
 * - 0, a non-DWORD, or a bit outside the generic rights and MAXIMUM_ALLOWED: 87. Windows leaves 0
 *   "undefined"; a definite answer is kinder to callers.
 * - GENERIC_ALL / GENERIC_WRITE / GENERIC_EXECUTE ask for All; GENERIC_READ for Read; a mix asks for
 *   the highest. MAXIMUM_ALLOWED takes whatever is allowed, but never less than what the other bits
 *   asked for.
 * - Asking for more than allowed (or anything, when nothing is allowed): 5.
 */
export function decideAccess(desired: number, allowed: Access): AccessDecision {
  if (!Number.isInteger(desired) || desired <= 0 || desired > 0xffffffff || (desired & ~KNOWN_BITS) >>> 0 !== 0) {
    return { ok: false, code: Win32.ERROR_INVALID_PARAMETER };
  }
  const asked: Access = (desired & FULL_BITS) !== 0 ? 'full' : (desired & GENERIC_READ) !== 0 ? 'read' : 'none';
  const wanted: Access = (desired & MAXIMUM_ALLOWED) !== 0 && RANK[allowed] > RANK[asked] ? allowed : asked;
  if (wanted === 'none' || RANK[wanted] > RANK[allowed]) return { ok: false, code: Win32.ERROR_ACCESS_DENIED };
  return { ok: true, level: wanted };
}

/** What GrantedAccess reports: GENERIC_READ or GENERIC_ALL (wsfc.md §9). */
export function grantedAccessMask(level: 'read' | 'full'): number {
  return level === 'full' ? GENERIC_ALL : GENERIC_READ;
}
