#!/usr/bin/env node
// Runs a TypeScript script through Vite's module runner, so scripts see exactly what builds and
// tests see (import.meta.glob for migrations, the same resolution), with no extra TS loader.
import { resolve } from 'node:path';
import { runnerImport } from 'vite';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/run-ts.js <script.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(script), ...args];
const { module } = await runnerImport(resolve(script), { configFile: false, logLevel: 'error' });
if (typeof module.main === 'function') {
  const code = await module.main(args);
  if (typeof code === 'number') process.exitCode = code;
}
