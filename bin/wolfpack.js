#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=131072 MALLOC_ARENA_MAX=2 node --max-semi-space-size=1 --optimize-for-size --v8-pool-size=2
// Thin launcher: the CLI is compiled to dist/ by the install step (npm's prepare script).
// Memory settings for a long-running daemon (measured with 10,000 resources, bench/daemon.bench.ts):
// a 1 MiB young generation and --optimize-for-size keep V8's heap near what the daemon holds
// (with Node's defaults it sits 150-240 MiB higher); two V8 worker threads; glibc keeps large
// buffers (multi-MB API answers) out of its main heap and uses at most two arenas.
import '../dist/cli/entry.js';
