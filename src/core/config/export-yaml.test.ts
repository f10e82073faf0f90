import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configToYaml } from './export-yaml.js';
import { parseClusterConfig } from './validate.js';

const FULL = `
cluster: Demo
nodes: [node1, { name: node2 }]
groups:
  DemoGroup:
    description: the demo
    preferredOwners: [node2, node1]
    AutoFailbackType: 1
    FailbackWindowStart: 22
    FailbackWindowEnd: 4
    resources:
      Disk: { type: dummy, possibleOwners: [node1] }
      "My Cache": { type: "ocf:heartbeat:Dummy", RetryPeriodOnFailure: 0xFFFFFFFF }
      App:
        type: dummy
        description: the app
        dependsOn: "[Disk] and ([My Cache] or [disk2])"
        PendingTimeout: 60000
        SeparateMonitor: true
        properties: { OfflineDelayMs: 50, tags: [a, b], nested: { "__proto__": 1, x: null } }
      Disk2: { type: dummy }
      Web: { type: dummy, dependsOn: [App, Disk] }
  Empty: {}
  Other:
    Priority: 3000
    resources:
      Solo: { type: process, properties: { command: "/bin/sleep 100" } }
`;

describe('configToYaml', () => {
  it('round-trips: parse(export(x)) deep-equals x', () => {
    const config = parseClusterConfig(FULL);
    const text = configToYaml(config);
    expect(parseClusterConfig(text)).toEqual(config);
    expect(configToYaml(parseClusterConfig(text))).toBe(text);
  });

  it('leaves out defaults and writes readable YAML', () => {
    const text = configToYaml(parseClusterConfig(FULL));
    const doc = parse(text) as { groups: Record<string, { resources?: Record<string, Record<string, unknown>> }> };
    expect(doc.groups['DemoGroup']?.resources?.['Disk2']).toEqual({ type: 'dummy' });
    expect(doc.groups['DemoGroup']?.resources?.['App']).toMatchObject({ dependsOn: '[Disk] and ([My Cache] or [Disk2])', PendingTimeout: 60000, SeparateMonitor: 1 });
    expect(text).toContain('nodes: [node1, node2]');
    expect(text).toContain('dependsOn: [App, Disk]');
    expect(text).toContain('RetryPeriodOnFailure: 0xffffffff');
    expect(text).toContain('Empty: {}');
    expect(text).not.toContain('RestartThreshold');
  });
});
