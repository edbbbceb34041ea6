#!/usr/bin/env node
// Runs the bundled CLI; `npm ci` builds it (the "prepare" script), so no global install is needed.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('embed-console: the CLI is not built yet; run "npm run build" (or "npm ci") in the project folder.');
  process.exit(1);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv.slice(2));
