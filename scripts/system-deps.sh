#!/usr/bin/env bash
# Installs the Debian packages the tests drive for real (build tools for native modules, and from
# later issues etcd, Pacemaker's OCF agents and Chromium). Only what is missing is installed, so a
# developer machine that has them pays nothing.
set -euo pipefail

# Build tools for native modules (better-sqlite3), Pacemaker's OCF agents for the ocf type and its
# tests, Debian's Chromium for the web UI's browser tests (test/browser drives /usr/bin/chromium;
# no test tool downloads a browser of its own), and etcd (server and etcdctl) for the etcd store
# adapter's tests, which run a real three-member cluster on 127.0.0.1. WOLFPACK_SYSTEM_PACKAGES
# replaces the list (npm start asks only for what it needs).
read -r -a PACKAGES <<< "${WOLFPACK_SYSTEM_PACKAGES:-python3 make g++ resource-agents chromium etcd-server etcd-client}"

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${PACKAGES[*]})"
  exit 0
fi
echo "system packages: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
