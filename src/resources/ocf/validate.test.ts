/**
 * Apply-time validation against the installed agents' meta-data, and the type name's syntax.
 */
import { describe, expect, it } from 'vitest';
import { createResourceType, ocfAgentMetadata, validateOcfConfig, validateOcfResource } from './index.js';

describe('validateOcfResource', () => {
  it('accepts known parameters and Wolfpack timeouts', async () => {
    expect(await validateOcfResource('ocf:heartbeat:Dummy', { state: '/tmp/x', fake: 'y', 'timeout.start': '30s' })).toEqual([]);
  });

  it('names the agent and the parameter for unknown and missing required parameters (5943)', async () => {
    expect(await validateOcfResource('ocf:heartbeat:Dummy', { stat: '/tmp/x' })).toEqual([
      { property: 'stat', code: 5943, message: "ocf:heartbeat:Dummy has no parameter 'stat'; its parameters: state, fake" },
    ]);
    expect(await validateOcfResource('ocf:heartbeat:anything', { cmdline_options: '-x' })).toEqual([
      { property: 'binfile', code: 5943, message: "ocf:heartbeat:anything requires parameter 'binfile' (Full path name of the binary to be executed)" },
    ]);
  });

  it('answers 5078 for a missing agent or a malformed type name', async () => {
    expect(await validateOcfResource('ocf:heartbeat:Nope', {})).toMatchObject([{ property: null, code: 5078 }]);
    expect(await validateOcfResource('ocf:heartbeat', {})).toMatchObject([{ property: null, code: 5078 }]);
    expect(await validateOcfResource('ocf:../..:passwd', {})).toMatchObject([{ property: null, code: 5078 }]);
  });
});

describe('validateOcfConfig', () => {
  it('returns ConfigIssues with the YAML path of each offending property, only for ocf resources', async () => {
    const issues = await validateOcfConfig({
      resources: [
        { name: 'A', group: 'G', type: 'ocf:heartbeat:anything', dependsOn: [], possibleOwners: [], common: {} as never, properties: { bogus: 1 } },
        { name: 'B', group: 'G', type: 'dummy', dependsOn: [], possibleOwners: [], common: {} as never, properties: { bogus: 1 } },
      ],
    });
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['groups.G.resources.A.properties.bogus', 5943],
      ['groups.G.resources.A.properties.binfile', 5943],
    ]);
  });
});

describe('createResourceType / ocfAgentMetadata', () => {
  it('builds the type from the registry parameter and refuses names that are not plain', () => {
    expect(createResourceType('heartbeat:Dummy').name).toBe('ocf:heartbeat:Dummy');
    expect(() => createResourceType('heartbeat')).toThrow(/ocf:<provider>:<agent>/);
    expect(() => createResourceType('heartbeat:../x')).toThrow(/not a plain file name/);
  });

  it('reports live migration from the agent meta-data', async () => {
    expect(await ocfAgentMetadata('ocf:heartbeat:Dummy')).toMatchObject({ ok: true, metadata: { liveMigratable: true } });
    expect(await ocfAgentMetadata('ocf:heartbeat:anything')).toMatchObject({ ok: true, metadata: { liveMigratable: false } });
  });
});
