#!/usr/bin/env bash
# `npm start`: installs and builds when needed, then runs a single-node cluster in the foreground
# with its data in ./.wolfpack, the demo configuration and the API on 127.0.0.1:7420. Ctrl-C stops
# it gracefully; the next start brings back what was online.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pacemaker's OCF agents (the demo has an ocf:heartbeat:Dummy resource); installed only if missing.
WOLFPACK_SYSTEM_PACKAGES="resource-agents" bash scripts/system-deps.sh

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
if [ ! -f dist/cli/entry.js ] || [ ! -f web/dist/index.html ] || [ -n "$(find src web/src web/index.html -newer dist/cli/entry.js -print -quit)" ]; then
  npm run build
fi

cat <<'TXT'
Starting Wolfpack on the demo configuration (examples/demo-cluster.yaml); data in ./.wolfpack.
Open the web UI at http://127.0.0.1:7420/ (sign in with a token: npx wolfpack token create me --access full).
In another terminal, try:
  npx wolfpack status
  npx wolfpack group offline DemoGroup --prop "Virtual Machine=1" --wait
  npx wolfpack op show <operation id from the line above>
  npx wolfpack group online DemoGroup --wait
  npx wolfpack resource offline App --force --wait
  npx wolfpack token create me --access full     # then: curl -H "Authorization: Bearer <token>" http://127.0.0.1:7420/v1/groups
  npx wolfpack events
Stop with Ctrl-C (groups go offline with reason SHUTTING_DOWN; the next npm start brings them back).
TXT
exec bin/wolfpack.js serve --data-dir .wolfpack --listen 127.0.0.1:7420 --config examples/demo-cluster.yaml --online-at-first-start
