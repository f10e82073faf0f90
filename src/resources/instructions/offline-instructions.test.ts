/**
 * The offline instructions document and its environment: names, values, the array form, and
 * values too large for an environment string.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OfflineReason, type DecodedProps } from '../sdk/index.js';
import { MAX_ENV_VALUE_BYTES, offlineInstructions, offlineInstructionsEnv, onlineInstructionsEnv, programEnvironment, writeInstructionsFile } from './index.js';

const instructions: DecodedProps = {
  Save: { type: 'dword', value: 1 },
  'Virtual Machine': { type: 'sz', value: 'vm 1' },
  Tags: { type: 'multi_sz', value: ['a', 'b'] },
};

describe('offline instructions', () => {
  it('builds the document and the environment from OfflineV2 arguments', () => {
    const doc = offlineInstructions('App', { destinationNode: 'node2', flags: 0x41, reason: OfflineReason.MOVING, instructions, raw: new Uint8Array([0xff]) });
    expect(doc).toEqual({
      resource: 'App',
      reason: 2,
      reasonName: 'MOVING',
      flags: 0x41,
      flagNames: ['IGNORE_RESOURCE_STATUS', 'DO_NOT_UPDATE_PERSISTENT_STATE'],
      destinationNode: 'node2',
      instructions,
      raw: '/w==',
    });
    expect(offlineInstructionsEnv(doc, '/tmp/i.json')).toEqual({
      WOLFPACK_RESOURCE: 'App',
      WOLFPACK_OFFLINE_REASON: '2',
      WOLFPACK_OFFLINE_REASON_NAME: 'MOVING',
      WOLFPACK_OFFLINE_FLAGS: '65',
      WOLFPACK_OFFLINE_FLAG_NAMES: 'IGNORE_RESOURCE_STATUS DO_NOT_UPDATE_PERSISTENT_STATE',
      WOLFPACK_DESTINATION_NODE: 'node2',
      WOLFPACK_INSTRUCTIONS_FILE: '/tmp/i.json',
      WOLFPACK_INSTRUCTIONS: JSON.stringify(instructions),
      WOLFPACK_INSTRUCTIONS_RAW: '/w==',
      WOLFPACK_INSTRUCTION_Save: '1',
      WOLFPACK_INSTRUCTION_Virtual_Machine: 'vm 1',
      WOLFPACK_INSTRUCTION_Tags: '["a","b"]',
    });
  });

  it('gives empty values when the caller sent no list and the move has no destination', () => {
    const doc = offlineInstructions('App', { destinationNode: null, flags: 0, reason: OfflineReason.USER_REQUESTED, instructions: null, raw: null });
    expect(doc).toMatchObject({ instructions: {}, raw: null, reasonName: 'USER_REQUESTED', flagNames: [] });
    const env = offlineInstructionsEnv(doc, null);
    expect(env).toMatchObject({ WOLFPACK_INSTRUCTIONS: '{}', WOLFPACK_INSTRUCTIONS_RAW: '', WOLFPACK_DESTINATION_NODE: '', WOLFPACK_OFFLINE_FLAG_NAMES: '' });
    expect(env).not.toHaveProperty('WOLFPACK_INSTRUCTIONS_FILE');
  });

  it('reads the array form, keeping the first of a repeated name', () => {
    const arrayForm = [
      { name: 'Mode', type: 'sz', value: 'fast' },
      { name: 'Mode', type: 'sz', value: 'slow' },
    ] as unknown as DecodedProps;
    const env = onlineInstructionsEnv('App', { flags: 2, instructions: arrayForm, raw: null });
    expect(env).toMatchObject({ WOLFPACK_ONLINE_FLAGS: '2', WOLFPACK_INSTRUCTION_Mode: 'fast' });
  });

  it('leaves values too large for the environment to the file, and says so', () => {
    const big = { Blob: { type: 'sz', value: 'x'.repeat(MAX_ENV_VALUE_BYTES + 1) } };
    const doc = offlineInstructions('App', { destinationNode: null, flags: 0, reason: 4, instructions: big, raw: null });
    const env = offlineInstructionsEnv(doc, '/tmp/f');
    expect(env).not.toHaveProperty('WOLFPACK_INSTRUCTIONS');
    expect(env).not.toHaveProperty('WOLFPACK_INSTRUCTION_Blob');
    expect(env['WOLFPACK_INSTRUCTIONS_TRUNCATED']).toBe('1');
  });

  it('writes the file whole, leaving no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wolfpack-instructions-'));
    try {
      const doc = offlineInstructions('App', { destinationNode: null, flags: 0, reason: 4, instructions, raw: null });
      writeInstructionsFile(join(dir, 'i.json'), doc);
      expect(JSON.parse(readFileSync(join(dir, 'i.json'), 'utf8'))).toEqual(doc);
      expect(readdirSync(dir)).toEqual(['i.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives programs the host environment without the host plumbing', () => {
    process.env['WOLFPACK_RESOURCE_HOST'] = '1';
    try {
      const env = programEnvironment({ A: '1' }, { A: '2', B: '3' });
      expect(env).not.toHaveProperty('WOLFPACK_RESOURCE_HOST');
      expect(env).toMatchObject({ A: '2', B: '3', PATH: process.env['PATH'] });
    } finally {
      delete process.env['WOLFPACK_RESOURCE_HOST'];
    }
  });
});
