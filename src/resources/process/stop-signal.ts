/**
 * Which signal stops the process: StopSignal, unless StopSignalFor names an instruction the caller
 * sent or the offline reason. Instructions win over the reason (they are the caller's explicit
 * wish), and among instructions the first in the caller's list wins. Names compare
 * case-insensitively, as WSFC property names do.
 */
import { constants } from 'node:os';
import type { OfflineInstructions } from '../instructions/index.js';
import { instructionEntries } from '../instructions/index.js';
import { OFFLINE_REASON_WORDS } from '../../core/flags.js';

export type SignalName = NodeJS.Signals;

const SIGNALS = constants.signals as Readonly<Record<string, number>>;

/** 'SIGUSR1', 'usr1', 'USR1', 10 and '10' all name SIGUSR1. */
export function parseSignal(value: string | number): SignalName | null {
  const text = String(value).trim();
  if (/^\d+$/.test(text)) {
    const found = Object.entries(SIGNALS).find(([, n]) => n === Number(text));
    return found ? (found[0] as SignalName) : null;
  }
  const upper = text.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return name in SIGNALS ? (name as SignalName) : null;
}

export interface StopSignalChoice {
  readonly signal: SignalName;
  /** For the log: which rule chose it. */
  readonly because: string;
}

/** MOVING, USER_REQUESTED, ... and the CLI's short words (moving, user, ...) for one reason. */
function reasonNames(doc: OfflineInstructions): string[] {
  const words = Object.entries(OFFLINE_REASON_WORDS)
    .filter(([, value]) => value === doc.reason)
    .map(([word]) => word);
  return [doc.reasonName, `CLUSAPI_RESOURCE_OFFLINE_REASON_${doc.reasonName}`, ...words].map((n) => n.toLowerCase());
}

export function chooseStopSignal(
  stopSignal: SignalName,
  stopSignalFor: ReadonlyArray<{ readonly name: string; readonly signal: SignalName }>,
  doc: OfflineInstructions,
): StopSignalChoice {
  const rules = new Map(stopSignalFor.map((rule) => [rule.name.toLowerCase(), rule.signal]));
  for (const { name } of instructionEntries(doc.instructions)) {
    const signal = rules.get(name.toLowerCase());
    if (signal !== undefined) return { signal, because: `instruction ${name}` };
  }
  for (const name of reasonNames(doc)) {
    const signal = rules.get(name);
    if (signal !== undefined) return { signal, because: `reason ${doc.reasonName}` };
  }
  return { signal: stopSignal, because: 'StopSignal' };
}
