/**
 * The browser a suite runs in: an installed Chrome, Chromium or Edge, driven by playwright-core
 * (which downloads nothing). `--browser PATH`, then CHROMIUM_PATH, then each OS's usual places.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EmbedConsoleError } from '../../shared/errors';

function usualPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return ['Google Chrome', 'Chromium', 'Microsoft Edge'].map((app) => `/Applications/${app}.app/Contents/MacOS/${app}`);
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((root): root is string => Boolean(root));
    const apps = [
      join('Google', 'Chrome', 'Application', 'chrome.exe'),
      join('Microsoft', 'Edge', 'Application', 'msedge.exe'),
      join('Chromium', 'Application', 'chrome.exe'),
    ];
    return roots.flatMap((root) => apps.map((app) => join(root, app)));
  }
  return [
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
  ];
}

/** The browser to run, or an error naming the fix. */
export function findBrowser(given: string | undefined, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (given) {
    if (existsSync(given)) return given;
    throw new EmbedConsoleError('INVALID_REQUEST', `No browser at ${given} (from --browser); give the path of Chrome, Chromium or Edge.`, 'browser');
  }
  if (env.CHROMIUM_PATH) {
    if (existsSync(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new EmbedConsoleError('INVALID_REQUEST', `No browser at ${env.CHROMIUM_PATH} (from CHROMIUM_PATH); fix the variable, or unset it.`, 'browser');
  }
  const found = usualPaths(platform, env).find((path) => existsSync(path));
  if (found) return found;
  throw new EmbedConsoleError(
    'INVALID_REQUEST',
    'No Chrome, Chromium or Edge is installed where embed tests look for one. Install one (on Debian or Ubuntu: sudo apt-get install chromium), or name it: --browser PATH for embed-console test, the CHROMIUM_PATH variable for the app.',
    'browser',
  );
}

/** Switches that keep the browser quiet on a machine with no network, no GPU and no sandbox (CI containers). */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
