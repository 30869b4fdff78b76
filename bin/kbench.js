#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run setup` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const mainUrl = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(mainUrl))) {
  process.stderr.write('error: kbench is not built yet\nhint: run `npm run setup` (or `npm run build`) first\n');
  process.exit(2);
}
await import(mainUrl.href);
