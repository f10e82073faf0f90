/**
 * One vitest test per golden scenario folder. A missing expected.txt fails: goldens are written by
 * `npm run test:scenarios -- --update` and reviewed, never created silently by a test run.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, readExpected, renderScenario, scenarioNames } from './scenario-loader.js';

describe('golden plan scenarios', () => {
  const names = scenarioNames();
  it('has scenarios', () => {
    expect(names.length).toBeGreaterThanOrEqual(30);
  });
  for (const name of names) {
    it(name, () => {
      const expected = readExpected(name);
      expect(expected, `${name}/expected.txt is missing`).not.toBeNull();
      expect(renderScenario(loadScenario(name))).toBe(expected);
    });
  }
});
