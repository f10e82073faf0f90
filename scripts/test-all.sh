#!/usr/bin/env bash
# The README's test command: installs everything the tests need (Debian packages, then npm install, which
# also builds), then lint, type check and every test suite. Ends with a "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
# `npm install`, not `npm ci`: npm 11.16+ rejects its own lockfile when it omits optional
# platform packages (npm/cli#9846); install still follows package-lock.json.
npm install --no-audit --no-fund
npm run lint
npm run typecheck

mkdir -p test-output
status=0
npx vitest run --reporter=default --reporter=json --outputFile=test-output/vitest.json || status=$?
node scripts/test-summary.mjs test-output/vitest.json || status=$((status == 0 ? 1 : status))
exit "$status"
