/**
 * Golden scenarios: each folder under test/scenarios/ holds `input.yaml` (the plan input format of
 * src/core/planner/plan-input.ts: a cluster configuration plus `state:` and `command:`) and
 * `expected.txt` (the formatted plan). The vitest runner and `npm run test:scenarios` both read
 * them through this module, so the two can never disagree about what a scenario means.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../../src/core/commands.js';
import type { Snapshot } from '../../src/core/model.js';
import { buildSnapshot, parseCommand, parsePlanInput } from '../../src/core/planner/plan-input.js';
import { formatPlanResult, plan } from '../../src/core/planner/index.js';

export const SCENARIO_ROOT = new URL('.', import.meta.url).pathname;

export interface Scenario {
  readonly name: string;
  readonly snapshot: Snapshot;
  readonly command: Command;
}

export function parseScenario(name: string, text: string): Scenario {
  const input = parsePlanInput(`scenario ${name}`, text);
  return { name, snapshot: buildSnapshot(`scenario ${name}`, input.model, input.state), command: parseCommand(`scenario ${name}`, input.command) };
}

export function scenarioNames(root: string = SCENARIO_ROOT): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'input.yaml')))
    .map((entry) => entry.name)
    .sort();
}

export function loadScenario(name: string, root: string = SCENARIO_ROOT): Scenario {
  return parseScenario(name, readFileSync(join(root, name, 'input.yaml'), 'utf8'));
}

/** What expected.txt must hold for the scenario. */
export function renderScenario(scenario: Scenario): string {
  return formatPlanResult(scenario.command, plan(scenario.snapshot, scenario.command));
}

export function expectedPath(name: string, root: string = SCENARIO_ROOT): string {
  return join(root, name, 'expected.txt');
}

export function readExpected(name: string, root: string = SCENARIO_ROOT): string | null {
  const path = expectedPath(name, root);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

export function writeExpected(name: string, text: string, root: string = SCENARIO_ROOT): void {
  writeFileSync(expectedPath(name, root), text);
}
