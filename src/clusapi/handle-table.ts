/**
 * A handle table: what HCLUSTER, HGROUP, HRESOURCE and HNODE are in this facade. A handle is an
 * opaque object that means something only while its table holds it: closing removes it, so a
 * closed handle, a forged or copied object, or a handle of another kind all fail the lookup (the
 * facade answers 6 ERROR_INVALID_HANDLE). Ids only grow, so a stale handle can never alias a newer
 * one the way a reused Win32 handle value can.
 */

/** The brand exists only in types: a HGROUP cannot be passed where a HRESOURCE is expected. */
declare const handleKind: unique symbol;

export interface Handle<K extends string> {
  readonly [handleKind]: K;
}

/** The runtime object behind every handle; its fields are for debugging output only. */
class HandleObject {
  constructor(
    readonly kind: string,
    readonly id: number,
  ) {
    Object.freeze(this);
  }

  toString(): string {
    return `${this.kind}#${this.id}`;
  }
}

interface Slot {
  readonly kind: string;
  readonly entry: unknown;
}

export class HandleTable<Entries extends { [K in keyof Entries]: unknown }> {
  private readonly slots = new Map<object, Slot>();
  private nextId = 1;

  open<K extends keyof Entries & string>(kind: K, entry: Entries[K]): Handle<K> {
    const handle = new HandleObject(kind, this.nextId++);
    this.slots.set(handle, { kind, entry });
    return handle as unknown as Handle<K>;
  }

  /** The entry of a live handle of this kind; undefined for anything else (null included). */
  lookup<K extends keyof Entries & string>(handle: unknown, kind: K): Entries[K] | undefined {
    if (typeof handle !== 'object' || handle === null) return undefined;
    const slot = this.slots.get(handle);
    return slot !== undefined && slot.kind === kind ? (slot.entry as Entries[K]) : undefined;
  }

  /** False when the handle is not a live handle of this kind (already closed, foreign, wrong kind). */
  close<K extends keyof Entries & string>(handle: unknown, kind: K): boolean {
    if (this.lookup(handle, kind) === undefined) return false;
    this.slots.delete(handle as object);
    return true;
  }

  /** Live handles, of one kind or of all: lets tests see that a program closed what it opened. */
  count(kind?: keyof Entries & string): number {
    if (kind === undefined) return this.slots.size;
    let n = 0;
    for (const slot of this.slots.values()) if (slot.kind === kind) n++;
    return n;
  }
}
