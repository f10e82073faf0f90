#!/usr/bin/env bash
# The README's test command: installs everything the tests need (Debian packages, then npm ci, which
# also builds), then lint, type check and every test suite. Ends with a "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
npm ci --no-audit --no-fund
npm run lint
npm run typecheck

mkdir -p test-output
status=0
npx vitest run --reporter=default --reporter=json --outputFile=test-output/vitest.json || status=$?
node scripts/test-summary.mjs test-output/vitest.json || status=$((status == 0 ? 1 : status))
exit "$status"
