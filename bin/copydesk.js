#!/usr/bin/env node
// The `copydesk` command: loads the bundled CLI and hands it the arguments. Kept tiny so the
// CLI's logic stays importable (and testable) without spawning a process.
// First, before anything can crash on an old Node: one sentence and exit 1 there.
import '../scripts/check-node.cjs';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('copydesk: the CLI is not built yet (out/cli/index.js is missing). Run `npm run build:cli` first.');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
