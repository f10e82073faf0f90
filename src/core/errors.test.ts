import { describe, expect, it } from 'vitest';
import { ClusterError, ERROR_TABLE, ExitCode, Win32, describeCode, errorEntry, isAccepted, isClusterError } from './errors.js';

describe('error table', () => {
  it('keeps the exact numbers of wsfc.md §4 for the codes the offline/online/move paths return', () => {
    const expected: Array<[number, string]> = [
      [0, 'ERROR_SUCCESS'], [5, 'ERROR_ACCESS_DENIED'], [6, 'ERROR_INVALID_HANDLE'], [13, 'ERROR_INVALID_DATA'],
      [70, 'ERROR_SHARING_PAUSED'], [87, 'ERROR_INVALID_PARAMETER'], [997, 'ERROR_IO_PENDING'], [1372, 'ERROR_SPECIAL_GROUP'],
      [5005, 'ERROR_HOST_NODE_NOT_AVAILABLE'], [5006, 'ERROR_RESOURCE_NOT_AVAILABLE'], [5007, 'ERROR_RESOURCE_NOT_FOUND'],
      [5012, 'ERROR_GROUP_NOT_AVAILABLE'], [5013, 'ERROR_GROUP_NOT_FOUND'], [5023, 'ERROR_INVALID_STATE'],
      [5038, 'ERROR_RESOURCE_FAILED'], [5042, 'ERROR_CLUSTER_NODE_NOT_FOUND'], [5071, 'ERROR_NODE_CANT_HOST_RESOURCE'],
      [5908, 'ERROR_CLUSTER_GROUP_MOVING'], [5942, 'ERROR_CLUSTER_RESOURCE_PROVIDER_FAILED'],
      [5959, 'ERROR_CLUSTER_GROUP_QUEUED'], [5960, 'ERROR_CLUSTER_RESOURCE_LOCKED_STATUS'],
    ];
    for (const [code, name] of expected) expect(errorEntry(code).name, `code ${code}`).toBe(name);
  });

  it('has one entry per code and per name', () => {
    const names = [...ERROR_TABLE.values()].map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const [code, entry] of ERROR_TABLE) expect(entry.code).toBe(code);
  });

  it('agrees with the Win32 name constants', () => {
    for (const [name, code] of Object.entries(Win32)) expect(errorEntry(code).name).toBe(name);
  });

  it('gives accepted codes success statuses and rejections error statuses', () => {
    for (const entry of ERROR_TABLE.values()) {
      if (isAccepted(entry.code)) {
        expect(entry.http).toBeLessThan(300);
        expect(entry.exit).toBe(ExitCode.ok);
      }
    }
    expect(errorEntry(5).http).toBe(403);
    expect(errorEntry(5960).exit).toBe(ExitCode.locked);
    expect(errorEntry(87).http).toBe(400);
  });

  it('treats only 0 and 997 as accepted', () => {
    expect(isAccepted(0)).toBe(true);
    expect(isAccepted(997)).toBe(true);
    expect(isAccepted(5960)).toBe(false);
    expect(isAccepted(5959)).toBe(false);
  });

  it('names an unknown code instead of failing', () => {
    expect(errorEntry(424242).name).toBe('ERROR_UNKNOWN');
    expect(describeCode(5960)).toBe('5960 ERROR_CLUSTER_RESOURCE_LOCKED_STATUS');
  });

  it('carries code number and name in ClusterError messages', () => {
    const error = new ClusterError(13, 'truncated at byte 12');
    expect(error.message).toBe('13 ERROR_INVALID_DATA: truncated at byte 12');
    expect(isClusterError(error)).toBe(true);
    expect(isClusterError(new Error('x'))).toBe(false);
  });
});
