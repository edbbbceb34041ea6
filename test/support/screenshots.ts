/**
 * Where the end-to-end tests save their screenshots: docs/, for the README, when
 * EMBED_CONSOLE_SCREENSHOTS=1 (`npm run screenshots`); else one folder under the system's temp
 * folder, overwritten each run, so a test run takes the same screenshots without changing the tree.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder =
  process.env.EMBED_CONSOLE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/', import.meta.url)) : join(tmpdir(), 'embed-console-screenshots');
mkdirSync(folder, { recursive: true });

export const screenshotPath = (name: string): string => join(folder, name);
