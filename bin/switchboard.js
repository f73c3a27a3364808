#!/usr/bin/env -S node --max-semi-space-size=4 --initial-old-space-size=64
// The `switchboard` command. Runs the compiled CLI (npm run build:node writes dist/).
// --max-semi-space-size=4 caps V8's young generation at 4 MiB per semi-space: a server holding thousands of idle
// sockets otherwise keeps the young generation it grew during a connect burst (measured in docs/benchmarks.md:
// ~5.7 KB instead of ~7.2 KB RSS per idle connection, relay CPU unchanged, handshakes 2–4 % more CPU).
// --initial-old-space-size=64 lets V8 skip full GCs while the old generation (objects plus the ArrayBuffers
// allocated since the last full GC) is below 64 MiB. Without it the limit follows the small live heap (~13 MiB
// live → ~25 MiB limit), and a cluster instance, whose Redis traffic promotes several MiB/s of short-lived
// Buffers (redis-parser's pool, ioredis command buffers, batches in flight), ran a mark-compact every 0.3–1 s.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('switchboard: not built yet. Run `npm run build` first (or `npm start`).');
  process.exit(1);
}
await import(entry.href);
