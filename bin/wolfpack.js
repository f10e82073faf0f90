#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by the install step (npm's prepare script).
import '../dist/cli/entry.js';
