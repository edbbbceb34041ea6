/**
 * Where the end-to-end tests save their screenshots: docs/, for the README, when
 * EMBED_CONSOLE_SCREENSHOTS=1 (`npm run screenshots`); else a throwaway folder, so a test run
 * takes the same screenshots without leaving the working tree changed.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder =
  process.env.EMBED_CONSOLE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/', import.meta.url)) : mkdtempSync(join(tmpdir(), 'embed-console-screenshots-'));
mkdirSync(folder, { recursive: true });

export const screenshotPath = (name: string): string => join(folder, name);
