#!/usr/bin/env node
// The `switchboard` command. Runs the compiled CLI (npm run build:node writes dist/).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('switchboard: not built yet. Run `npm run build` first (or `npm start`).');
  process.exit(1);
}
await import(entry.href);
