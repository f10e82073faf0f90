/**
 * Stop-signal choice: instructions first (in the caller's order), then the reason, then StopSignal.
 */
import { describe, expect, it } from 'vitest';
import { OfflineReason } from '../sdk/index.js';
import { offlineInstructions } from '../instructions/index.js';
import { chooseStopSignal, parseSignal } from './stop-signal.js';

const doc = (instructions: Record<string, { type: string; value: unknown }> | null, reason: number = OfflineReason.USER_REQUESTED) =>
  offlineInstructions('App', { destinationNode: null, flags: 0, reason: reason as 4, instructions, raw: null });

describe('parseSignal', () => {
  it('reads names with or without SIG, any case, and numbers', () => {
    expect(parseSignal('SIGUSR1')).toBe('SIGUSR1');
    expect(parseSignal('usr1')).toBe('SIGUSR1');
    expect(parseSignal(' term ')).toBe('SIGTERM');
    expect(parseSignal(9)).toBe('SIGKILL');
    expect(parseSignal('15')).toBe('SIGTERM');
    expect(parseSignal('SIGNOPE')).toBeNull();
    expect(parseSignal(999)).toBeNull();
  });
});

describe('chooseStopSignal', () => {
  const rules = [
    { name: 'moving', signal: 'SIGUSR2' as const },
    { name: 'Save', signal: 'SIGUSR1' as const },
    { name: 'Drain', signal: 'SIGHUP' as const },
  ];

  it('uses StopSignal when nothing matches', () => {
    expect(chooseStopSignal('SIGTERM', rules, doc(null))).toEqual({ signal: 'SIGTERM', because: 'StopSignal' });
  });

  it('matches instruction names case-insensitively, first instruction in the caller order wins', () => {
    const choice = chooseStopSignal('SIGTERM', rules, doc({ drain: { type: 'dword', value: 1 }, SAVE: { type: 'dword', value: 1 } }));
    expect(choice).toEqual({ signal: 'SIGHUP', because: 'instruction drain' });
  });

  it('matches the reason by its name or the CLI word, after instructions', () => {
    expect(chooseStopSignal('SIGTERM', rules, doc(null, OfflineReason.MOVING))).toEqual({ signal: 'SIGUSR2', because: 'reason MOVING' });
    const both = doc({ Save: { type: 'dword', value: 1 } }, OfflineReason.MOVING);
    expect(chooseStopSignal('SIGTERM', rules, both).signal).toBe('SIGUSR1');
    expect(chooseStopSignal('SIGINT', [{ name: 'SHUTTING_DOWN', signal: 'SIGQUIT' }], doc(null, OfflineReason.SHUTTING_DOWN)).signal).toBe('SIGQUIT');
  });

  it('reads the array form of the instructions too', () => {
    const arrayForm = [{ name: 'Save', type: 'dword', value: 1 }] as unknown as Record<string, { type: string; value: unknown }>;
    expect(chooseStopSignal('SIGTERM', rules, doc(arrayForm)).signal).toBe('SIGUSR1');
  });
});
