/** Finding the browser a suite runs in, on each OS's usual paths, and the one error when there is none. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../main/suite/browser';

describe('the browser for embed tests', () => {
  const root = mkdtempSync(join(tmpdir(), 'browsers-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds Edge where Windows installs it, under the Program Files the environment names', () => {
    const edge = join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe');
    mkdirSync(join(root, 'Microsoft', 'Edge', 'Application'), { recursive: true });
    writeFileSync(edge, '');
    expect(findBrowser(undefined, { PROGRAMFILES: root }, 'win32')).toBe(edge);
  });

  it('takes --browser, then CHROMIUM_PATH, and says which one points nowhere', () => {
    const chrome = join(root, 'chrome');
    writeFileSync(chrome, '');
    expect(findBrowser(chrome, { CHROMIUM_PATH: '/nowhere' }, 'linux')).toBe(chrome);
    expect(findBrowser(undefined, { CHROMIUM_PATH: chrome }, 'linux')).toBe(chrome);
    expect(() => findBrowser(join(root, 'gone'), {}, 'linux')).toThrow(
      `No browser at ${join(root, 'gone')} (from --browser); give the path of Chrome, Chromium or Edge.`,
    );
    expect(() => findBrowser(undefined, { CHROMIUM_PATH: '/nowhere' }, 'linux')).toThrow(
      'No browser at /nowhere (from CHROMIUM_PATH); fix the variable, or unset it.',
    );
  });

  it('says how to install one when none is anywhere it looks', () => {
    // No Program Files named, so Windows has nowhere to look.
    expect(() => findBrowser(undefined, {}, 'win32')).toThrow(
      'No Chrome, Chromium or Edge is installed where embed tests look for one. Install one (on Debian or Ubuntu: sudo apt-get install chromium), or name it: --browser PATH for embed-console test, the CHROMIUM_PATH variable for the app.',
    );
  });
});
