/** Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, or a skip with the reason. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { requireOrSkip } from './system';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium quiet and working on a machine with no network and no sandbox. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function hasChromium(): boolean {
  return requireOrSkip('Chromium', existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found; install Debian's chromium package`);
}

/** `args`: switches beyond the quiet ones, e.g. the local host's Sigma test double settings. */
export function launchChromium(args: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...args] });
}
