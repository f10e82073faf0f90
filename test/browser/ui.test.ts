/**
 * The web UI in a real browser (Debian's chromium via playwright-core) against a real daemon (a
 * `wolfpack serve` child process): the page loads with the demo cluster (locked and failed
 * resources marked with the reason); a group goes offline through the dialog with an instruction
 * and its timeline completes; a locked resource's refusal says what to do; a change made from the
 * CLI appears without a reload; a Read token cannot act; the log filters and opens a detail page. The tests run in order on one daemon (each leaves the
 * cluster as the next expects) and save the screenshots docs/ui.md shows.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { ensureUiBuilt, REPO, runCli, startUiCluster, type UiCluster } from './support/ui-cluster.js';

const SHOTS = join(REPO, 'docs', 'ui');
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 400, height: 860 };

let cluster: UiCluster | null = null;
let browser: Browser | null = null;
const contexts: BrowserContext[] = [];
/** Uncaught errors in the page: every test ends with none. */
const pageErrors: string[] = [];

function daemon(): UiCluster {
  if (!cluster) throw new Error('the daemon did not start (see beforeAll)');
  return cluster;
}

async function openPage(viewport = WIDE): Promise<Page> {
  if (!browser) throw new Error('chromium did not start (see beforeAll)');
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(daemon().url);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-group="DemoGroup"]').waitFor();
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(SHOTS, name), fullPage });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Chromium first: a missing browser should fail fast with its message, before the daemon starts.
  browser = await launchChromium();
  await ensureUiBuilt();
  cluster = await startUiCluster();
}, 60_000);

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await cluster?.stop();
}, 30_000);

describe('web UI against a real daemon', () => {
  it('loads with the demo cluster: nodes, groups with owner and state, graphs, a locked resource marked', async () => {
    const page = await openPage();
    const staticRequests: string[] = [];
    page.on('request', (request) => {
      if (!new URL(request.url()).pathname.startsWith('/v1/')) staticRequests.push(request.url());
    });
    await signIn(page, daemon().full);
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-connection')).toBe('live');
    await expect(page.locator('[data-node="node1"]').textContent()).resolves.toContain('Up');
    for (const group of ['DemoGroup', 'WebGroup', 'Vault']) await expect(page.locator(`[data-group="${group}"]`).getAttribute('data-state')).resolves.toBe('Online');
    for (const group of ['DemoGroup', 'WebGroup', 'Vault', 'Batch']) {
      const card = page.locator(`[data-group="${group}"]`);
      await expect(card.textContent()).resolves.toContain('owner node1');
    }
    await expect(page.locator('[data-group="DemoGroup"] svg.graph g.node').count()).resolves.toBe(4);
    await expect(page.locator('[data-group="DemoGroup"] svg.graph path.edge').count()).resolves.toBe(5);
    await expect(page.locator('[data-resource="Keys"] [data-mark="locked"]').textContent()).resolves.toContain('Locked (reason 7)');
    await expect(page.locator('[data-group="Batch"]').getAttribute('data-state')).resolves.toBe('Failed');
    await expect(page.locator('[data-resource="Job"] [data-mark="failed"]').textContent()).resolves.toMatch(/^Failed: .+/);
    // Offline means offline: everything the page loaded came from the daemon itself.
    const origin = new URL(daemon().url).origin;
    expect(staticRequests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
    await shot(page, 'cluster-1280.png');
  });

  it('takes a group offline through the dialog with an instruction, showing the plan first; the timeline completes', async () => {
    const page = await openPage();
    await signIn(page, daemon().full);
    await page.getByRole('button', { name: 'Offline group DemoGroup…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Take offline: group DemoGroup' });
    await dialog.waitFor();
    // The dry run's plan: dependents first, Disk last, App and Marker in parallel.
    await expect.poll(() => dialog.locator('.plan-step').allTextContents()).toEqual([
      expect.stringContaining('DemoResource'),
      expect.stringContaining('App'),
      expect.stringContaining('Marker'),
      expect.stringContaining('Disk'),
    ]);
    await expect(dialog.locator('.plan-waves > li').count()).resolves.toBe(3);
    await dialog.getByRole('button', { name: 'Add instruction' }).click();
    await dialog.getByLabel('Property name').fill('Virtual Machine');
    await dialog.getByLabel('Type').selectOption('dword');
    await dialog.getByLabel('Value').fill('1');
    await dialog.getByLabel('Reason').selectOption('preempted');
    await expect.poll(() => dialog.locator('.plan[aria-busy="false"] .plan-step').count()).toBe(4);
    await shot(page, 'action-dialog-1280.png', false);

    await dialog.getByRole('button', { name: 'Take offline' }).click();
    await page.waitForURL(/\/operations\/op-\d+$/);
    const id = page.url().split('/').pop() ?? '';
    const gantt = page.locator(`.gantt[data-operation="${id}"]`);
    await gantt.waitFor();
    // While App's offline runs, the chart says what it waits on, with the PendingTimeout left as
    // App's last resource-progress report (every 400 ms) restarted it, counting down.
    const appStep = page.locator('.waiting-on .running-step', { hasText: 'offline App' });
    await appStep.filter({ hasText: 'restarted by the last progress report' }).waitFor({ timeout: 10_000 });
    const left = Number(await appStep.locator('.countdown').getAttribute('data-ms'));
    expect(left).toBeGreaterThan(50_000);
    expect(left).toBeLessThanOrEqual(60_000);
    await expect(page.locator('.waiting-on .waiting-step', { hasText: 'offline Disk' }).textContent()).resolves.toContain('#2 App (running)');
    await shot(page, 'timeline-running-1280.png');
    await expect.poll(() => gantt.getAttribute('data-outcome'), { timeout: 15_000 }).toBe('succeeded');
    await expect(gantt.locator('.gantt-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).resolves.toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    await expect(page.locator('.gantt-bar').count()).resolves.toBe(4);
    await shot(page, 'timeline-1280.png');

    // What the daemon recorded is what the dialog said.
    const record = await daemon().client.getOperation(id);
    expect(record).toMatchObject({ kind: 'offline-group', target: 'DemoGroup', actor: 'admin', client: 'ui', reason: 0x20, outcome: 'succeeded' });
    expect(record.input?.json).toEqual({ 'Virtual Machine': { type: 'dword', value: 1 } });
    expect((await daemon().client.getGroup('DemoGroup')).stateName).toBe('ClusterGroupOffline');
  });

  it('explains a refusal (5960 locked) and is keyboard operable: focus stays in the dialog, Escape closes it', async () => {
    const page = await openPage();
    await signIn(page, daemon().full);
    const opener = page.getByRole('button', { name: 'Offline group Vault…' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Take offline: group Vault' });
    await dialog.waitFor();
    const refusal = dialog.locator('.rejection[data-code="5960"]');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toMatch(/5960.*ERROR_CLUSTER_RESOURCE_LOCKED_STATUS.*tick Ignore locked to override/s);
    await expect(dialog.getByRole('button', { name: 'Take offline' }).isDisabled()).resolves.toBe(true);
    await shot(page, 'refusal-1280.png', false);

    await dialog.getByLabel(/Ignore locked/).check();
    await expect.poll(() => dialog.locator('.plan[aria-busy="false"] .plan-step').allTextContents()).toEqual([expect.stringContaining('Keys')]);
    await expect(dialog.getByRole('button', { name: 'Take offline' }).isEnabled()).resolves.toBe(true);
    // Tab order wraps inside the dialog (the page behind it is inert).
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      // Expressions as strings: the tests' tsconfig has no DOM library (the page's code has its own).
      await expect(page.evaluate('document.activeElement?.closest("dialog") !== null')).resolves.toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    await expect.poll(() => opener.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect((await daemon().client.getGroup('Vault')).stateName).toBe('ClusterGroupOnline');
  });

  it('shows a state change made from the CLI without a reload and without polling', async () => {
    const page = await openPage(NARROW);
    await signIn(page, daemon().full);
    const card = page.locator('[data-group="DemoGroup"]');
    await expect(card.getAttribute('data-state')).resolves.toBe('Offline');
    const clusterReads: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/v1/cluster') clusterReads.push(request.url());
    });
    await page.evaluate('window.stayedHere = true');

    await runCli(['group', 'online', 'DemoGroup', '--data-dir', daemon().dataDir]);
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 10_000 }).toBe('Online');
    await expect.poll(() => card.locator('svg.graph g.node[data-state="Online"]').count()).toBe(4);
    await expect(page.evaluate('window.stayedHere')).resolves.toBe(true);
    expect(clusterReads).toEqual([]);
    await shot(page, 'cluster-narrow.png');
  });

  it('lets a Read principal see everything and act on nothing, saying why', async () => {
    const page = await openPage(NARROW);
    await signIn(page, daemon().read);
    await expect(page.locator('.who').textContent()).resolves.toContain('viewer');
    const explanation = page.locator('#read-only-explanation');
    await expect(explanation.textContent()).resolves.toContain('Read access');
    const actions = page.getByRole('button', { name: /^(Offline|Online) (group|resource) / });
    const count = await actions.count();
    expect(count).toBe(2 * (4 + 8));
    for (let i = 0; i < count; i++) {
      await expect(actions.nth(i).isDisabled()).resolves.toBe(true);
      await expect(actions.nth(i).getAttribute('aria-describedby')).resolves.toBe('read-only-explanation');
    }
    await expect(page.locator('[data-group="WebGroup"] svg.graph g.node').count()).resolves.toBe(2);
    await shot(page, 'read-only-narrow.png', false);
  });

  it('filters the operation log by principal, object, kind and outcome, and opens a detail page', async () => {
    const page = await openPage();
    await signIn(page, daemon().full);
    await page.getByRole('link', { name: 'Operation log', exact: true }).click();
    await page.locator('table.log').waitFor();
    await page.getByLabel('Principal').fill('admin');
    await page.getByLabel('Object').fill('demogroup');
    await page.getByLabel('Kind').selectOption('offline-group');
    await page.getByLabel('Outcome').selectOption('succeeded');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/principal=admin/);
    await expect.poll(() => page.locator('table.log tbody tr').count()).toBe(1);
    await shot(page, 'history-1280.png', false);
    await page.locator('table.log tbody tr a').click();
    await page.waitForURL(/\/operations\/op-\d+$/);
    await expect(page.locator('[data-outcome]').first().getAttribute('data-outcome')).resolves.toBe('succeeded');
    await expect(page.locator('.facts').textContent()).resolves.toContain('CLUSAPI_RESOURCE_OFFLINE_REASON_PREEMPTED');
    // A deep link survives a reload: the daemon answers the page's own paths with index.html.
    await page.reload();
    await page.locator('.gantt').waitFor();
    await page.setViewportSize(NARROW);
    await shot(page, 'timeline-narrow.png');
  });
});
