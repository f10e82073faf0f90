/**
 * A child process for the sqlite tests, run with `node --import tsx`:
 *   writer <db> <run>  opens the store and writes forever (puts, CAS transactions, deletes),
 *                      printing "ack <json>" for each write only after its promise resolved;
 *                      the parent kills it with SIGKILL at a random moment.
 *   probe <db>         tries to open the store and prints "opened" or "refused <code> <message>".
 */
import { writeSync } from 'node:fs';
import { openSqliteStore } from '../../src/store/index.js';

export type Ack =
  | { readonly kind: 'put'; readonly rev: number; readonly key: string; readonly value: string }
  | { readonly kind: 'txn'; readonly rev: number; readonly key: string; readonly value: string; readonly counter: number }
  | { readonly kind: 'del'; readonly rev: number; readonly key: string };

const COUNTER = '/d/counter';

function say(line: string): void {
  // writeSync: the line is in the pipe before the next write starts, so the parent sees every ack.
  writeSync(1, `${line}\n`);
}

async function writer(path: string, run: string): Promise<void> {
  const store = await openSqliteStore(path);
  const counterKv = await store.get(COUNTER);
  let counter = counterKv ? Number(counterKv.value) : 0;
  let counterRev = counterKv?.modRevision ?? 0;
  say(`ready ${await store.revision()}`);
  for (let i = 1; ; i++) {
    const key = `/d/${run}/${i}`;
    const value = `${run}:${i}:${'x'.repeat(i % 50)}`;
    const ack = async (a: Ack): Promise<void> => say(`ack ${JSON.stringify(a)}`);
    switch (i % 3) {
      case 1: {
        await ack({ kind: 'put', rev: await store.put(key, value), key, value });
        break;
      }
      case 2: {
        const result = await store.txn({
          compare: [{ key: COUNTER, target: 'modRevision', op: '=', value: counterRev }],
          success: [{ op: 'put', key: COUNTER, value: String(counter + 1) }, { op: 'put', key, value }],
        });
        if (!result.succeeded) throw new Error('the counter moved under a single writer');
        counter += 1;
        counterRev = result.revision;
        await ack({ kind: 'txn', rev: result.revision, key, value, counter });
        break;
      }
      default: {
        // Delete the put of two steps back, so every write changes exactly one revision.
        const victim = `/d/${run}/${i - 2}`;
        await ack({ kind: 'del', rev: await store.delete(victim), key: victim });
      }
    }
  }
}

async function probe(path: string): Promise<void> {
  try {
    const store = await openSqliteStore(path);
    say('opened');
    await store.close();
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    say(`refused ${String(e.code)} ${String(e.message)}`);
  }
}

const [mode, path, run] = process.argv.slice(2);
if (mode === 'writer' && path && run) await writer(path, run);
else if (mode === 'probe' && path) await probe(path);
else throw new Error('usage: sqlite-child.ts writer <db> <run> | probe <db>');
