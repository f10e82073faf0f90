#!/usr/bin/env -S node --max-semi-space-size=1
// Thin launcher: the CLI is compiled to dist/ by the install step (npm's prepare script).
// A 1 MiB young generation keeps the daemon's resident memory near what it actually holds
// (with Node's default of 16 MiB, a daemon with 10,000 resources sits ~100 MiB higher).
import '../dist/cli/entry.js';
