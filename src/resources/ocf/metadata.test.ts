/**
 * The meta-data reader: the XML subset agents print, durations, and the real agents installed
 * here (heartbeat/Dummy and heartbeat/anything from Debian's resource-agents).
 */
import { describe, expect, it } from 'vitest';
import { ocfAgentRef } from './agent.js';
import { advertisedTimeoutMs, parseOcfDuration, parseOcfMetadata, readOcfMetadata } from './metadata.js';
import { parseXml } from './xml.js';

describe('parseXml', () => {
  it('reads elements, both quote styles, entities, CDATA, and skips comments and declarations', () => {
    const root = parseXml(`<?xml version="1.0"?>
<!DOCTYPE a SYSTEM "x.dtd" [ <!ENTITY y "z"> ]>
<!-- a comment with <tags> -->
<a one="1" two='2 &amp; &lt;3&gt;' three="&#65;&#x42;">
  text &quot;here&quot; <![CDATA[<raw> & stuff]]>
  <b attr="x>y"/><c>inner</c>
</a>`);
    expect(root?.name).toBe('a');
    expect(root?.attributes).toEqual({ one: '1', two: "2 & <3>", three: 'AB' });
    expect(root?.text).toContain('text "here" <raw> & stuff');
    expect(root?.children.map((c) => [c.name, c.attributes, c.text])).toEqual([
      ['b', { attr: 'x>y' }, ''],
      ['c', {}, 'inner'],
    ]);
  });

  it('is lenient with unclosed and stray tags', () => {
    const root = parseXml('<a><b><c/></a></zz><d/>');
    expect(root?.name).toBe('a');
    expect(root?.children[0]?.name).toBe('b');
    expect(parseXml('no xml at all')).toBeNull();
  });
});

describe('parseOcfDuration', () => {
  it('reads OCF and Pacemaker units; a bare number is seconds', () => {
    expect(parseOcfDuration('20s')).toBe(20_000);
    expect(parseOcfDuration('20')).toBe(20_000);
    expect(parseOcfDuration('500ms')).toBe(500);
    expect(parseOcfDuration('2m')).toBe(120_000);
    expect(parseOcfDuration('1min')).toBe(60_000);
    expect(parseOcfDuration('1h')).toBe(3_600_000);
    expect(parseOcfDuration('1.5s')).toBe(1_500);
    expect(parseOcfDuration('soon')).toBeNull();
    expect(parseOcfDuration(undefined)).toBeNull();
  });
});

describe('parseOcfMetadata', () => {
  const xml = `<resource-agent name="X"><version>1.2</version><shortdesc lang="en">An
  agent</shortdesc>
  <parameters>
    <parameter name="a" required="1" unique="1"><shortdesc>The A</shortdesc><content type="integer" default="3"/></parameter>
    <parameter name="b"><content type="string"/></parameter>
    <parameter><content/></parameter>
  </parameters>
  <actions>
    <action name="start" timeout="30s"/>
    <action name="monitor" timeout="10s" interval="5s" depth="0"/>
    <action name="monitor" timeout="40s" interval="60s" depth="10"/>
    <action name="migrate_to" timeout="20"/>
  </actions></resource-agent>`;

  it('reads parameters and actions', () => {
    const m = parseOcfMetadata(xml);
    expect(m).toMatchObject({ agent: 'X', version: '1.2', shortdesc: 'An agent', liveMigratable: false });
    expect(m?.parameters).toEqual([
      { name: 'a', required: true, unique: true, type: 'integer', default: '3', shortdesc: 'The A' },
      { name: 'b', required: false, unique: false, type: 'string', default: null, shortdesc: '' },
    ]);
    expect(advertisedTimeoutMs(m ?? null, 'start')).toBe(30_000);
    expect(advertisedTimeoutMs(m ?? null, 'monitor', 0)).toBe(10_000);
    expect(advertisedTimeoutMs(m ?? null, 'monitor', 10)).toBe(40_000);
    expect(advertisedTimeoutMs(m ?? null, 'stop')).toBeNull();
    expect(parseOcfMetadata('<other/>')).toBeNull();
  });

  it('needs both migrate_to and migrate_from to call an agent live-migratable', () => {
    expect(parseOcfMetadata(xml.replace('</actions>', '<action name="migrate_from"/></actions>'))?.liveMigratable).toBe(true);
  });
});

describe('readOcfMetadata on the installed agents', () => {
  it('reads heartbeat/Dummy: state and fake, 20 s timeouts, live-migratable', async () => {
    const result = await readOcfMetadata(ocfAgentRef('heartbeat', 'Dummy', '/usr/lib/ocf'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.metadata.parameters.map((p) => p.name)).toEqual(['state', 'fake']);
    expect(advertisedTimeoutMs(result.metadata, 'start')).toBe(20_000);
    expect(result.metadata.liveMigratable).toBe(true);
  });

  it('reads heartbeat/anything: binfile is required, not live-migratable', async () => {
    const result = await readOcfMetadata(ocfAgentRef('heartbeat', 'anything', '/usr/lib/ocf'));
    if (!result.ok) throw new Error(result.detail);
    expect(result.metadata.parameters.find((p) => p.name === 'binfile')?.required).toBe(true);
    expect(result.metadata.liveMigratable).toBe(false);
  });

  it('answers 5078 for an agent that does not exist', async () => {
    const result = await readOcfMetadata(ocfAgentRef('heartbeat', 'NoSuchAgent', '/usr/lib/ocf'));
    expect(result).toMatchObject({ ok: false, code: 5078 });
    if (!result.ok) expect(result.detail).toContain('/usr/lib/ocf/resource.d/heartbeat/NoSuchAgent does not exist');
  });
});
