/**
 * Debian's Chromium driven by playwright-core. Never a downloaded browser: CI installs the Debian
 * package (scripts/system-deps.sh), and a machine without it fails here with a message saying so --
 * the browser suite is not skipped. The flags keep Chromium off the network (this machine's closed
 * network refuses its background connections) and out of any shared profile: playwright gives
 * each launch a fresh temporary user-data-dir.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium package (bash scripts/system-deps.sh installs it; or apt-get install chromium). No browser is downloaded.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}
