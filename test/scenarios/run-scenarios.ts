/**
 * `npm run test:scenarios` checks every golden scenario and exits 1 on any mismatch;
 * `npm run test:scenarios -- --update` rewrites every expected.txt from the current planner.
 * After an update, review the diff of expected.txt by eye: the files are golden, not snapshots.
 */
import { loadScenario, readExpected, renderScenario, scenarioNames, writeExpected } from './scenario-loader.js';

const update = process.argv.includes('--update');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
let mismatches = 0;
let written = 0;
const names = scenarioNames().filter((name) => only.length === 0 || only.some((o) => name.includes(o)));
for (const name of names) {
  let actual: string;
  try {
    actual = renderScenario(loadScenario(name));
  } catch (err) {
    mismatches++;
    console.log(`ERROR    ${name}: ${err instanceof Error ? err.message : String(err)}`);
    continue;
  }
  const expected = readExpected(name);
  if (expected === actual) {
    console.log(`ok       ${name}`);
    continue;
  }
  if (update) {
    writeExpected(name, actual);
    written++;
    console.log(`updated  ${name}`);
    continue;
  }
  mismatches++;
  console.log(`MISMATCH ${name}`);
  console.log(expected === null ? '  (no expected.txt; run with --update)' : diff(expected, actual));
}
console.log(`\n${names.length} scenarios, ${mismatches} failing${update ? `, ${written} updated` : ''}`);
process.exitCode = mismatches > 0 ? 1 : 0;

function diff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (a[i] !== undefined) out.push(`  - ${a[i]}`);
    if (b[i] !== undefined) out.push(`  + ${b[i]}`);
  }
  return out.join('\n');
}
