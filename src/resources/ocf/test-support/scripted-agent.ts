/**
 * A scripted OCF agent for unit tests, installed in a temporary OCF_ROOT as `test/Scripted`: each
 * action's exit code, delay and exit reason come from its parameters, and `env_file` receives the
 * environment it ran with. Real agents are tested too (heartbeat/Dummy), but only a scripted one
 * can answer 1 through 9 on demand.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ocfAgentRef, type OcfAgentRef } from '../agent.js';

const META_DATA = `<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<resource-agent name="Scripted" version="1.0">
<version>1.0</version>
<shortdesc lang="en">Scripted test agent</shortdesc>
<parameters>
<parameter name="state" required="1"><shortdesc lang="en">State file</shortdesc><content type="string"/></parameter>
<parameter name="rc_start"><content type="integer" default="0"/></parameter>
<parameter name="rc_stop"><content type="integer" default="0"/></parameter>
<parameter name="rc_monitor"><content type="integer"/></parameter>
<parameter name="sleep_start"><content type="string" default="0"/></parameter>
<parameter name="sleep_stop"><content type="string" default="0"/></parameter>
<parameter name="reason"><content type="string"/></parameter>
<parameter name="env_file"><content type="string"/></parameter>
<parameter name="verbose"><content type="boolean" default="false"/></parameter>
</parameters>
<actions>
<action name="start" timeout="7s"/>
<action name="stop" timeout="9s"/>
<action name="monitor" timeout="3s" interval="10s" depth="0"/>
<action name="monitor" timeout="4s" interval="60s" depth="10"/>
<action name="meta-data" timeout="5s"/>
</actions>
</resource-agent>`;

const SCRIPT = `#!/bin/sh
action="$1"
[ -n "$OCF_RESKEY_env_file" ] && env | sort > "$OCF_RESKEY_env_file.$action"
[ "$OCF_RESKEY_verbose" = "true" ] && { echo "out line for $action"; echo "INFO: err line for $action" >&2; echo "ERROR: bad thing" >&2; }
reason() { [ -n "$OCF_RESKEY_reason" ] && echo "ocf-exit-reason:$OCF_RESKEY_reason" >&2; }
case "$action" in
meta-data) cat <<'END'
${META_DATA}
END
  exit 0;;
start) sleep "\${OCF_RESKEY_sleep_start:-0}"; rc=\${OCF_RESKEY_rc_start:-0}; [ "$rc" = 0 ] && touch "$OCF_RESKEY_state"; [ "$rc" != 0 ] && reason; exit $rc;;
stop) sleep "\${OCF_RESKEY_sleep_stop:-0}"; rc=\${OCF_RESKEY_rc_stop:-0}; [ "$rc" = 0 ] && rm -f "$OCF_RESKEY_state"; [ "$rc" != 0 ] && reason; exit $rc;;
monitor) if [ -n "$OCF_RESKEY_rc_monitor" ]; then reason; exit $OCF_RESKEY_rc_monitor; fi
  [ -f "$OCF_RESKEY_state" ] && exit 0; exit 7;;
*) exit 3;;
esac
`;

export interface ScriptedRoot {
  readonly root: string;
  readonly agent: OcfAgentRef;
  file(name: string): string;
  remove(): void;
}

export function scriptedRoot(): ScriptedRoot {
  const root = mkdtempSync(join(tmpdir(), 'wolfpack-ocf-'));
  mkdirSync(join(root, 'resource.d', 'test'), { recursive: true });
  const path = join(root, 'resource.d', 'test', 'Scripted');
  writeFileSync(path, SCRIPT);
  chmodSync(path, 0o755);
  return {
    root,
    agent: ocfAgentRef('test', 'Scripted', root),
    file: (name) => join(root, name),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** `KEY=value` lines of an env dump, as a map. */
export function readEnvDump(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return env;
}
