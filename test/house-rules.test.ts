/**
 * The house rules that tools keep (docs/architecture.md): the dependency directions are lint
 * errors, so a forbidden import fails `npm test`; the tree has no import circle; and a command
 * line start loads only what every command needs.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** The rules an import breaks, linted as if it stood in `file`. */
async function brokenBy(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath: `${ROOT}/${file}` });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the dependency directions, as lint errors', () => {
  it.each([
    ['shared/x.ts', "import { openHome as x } from '../main/core/home';", /imports neither/],
    ['shared/x.ts', "import { x } from '../renderer/api';", /imports neither/],
    ['shared/x.ts', "import { createHash as x } from 'node:crypto';", /pure TypeScript/],
    ['main/core/x.ts', "import { app as x } from 'electron';", /Only main\/electron may import electron/],
    ['main/host/x.ts', "import { ipcMain as x } from 'electron';", /Only main\/electron may import electron/],
    ['main/core/x.ts', "import { App as x } from '../../renderer/App';", /never imports the renderer/],
    ['renderer/x.tsx', "import { openHome as x } from '../main/core/home';", /only through the contract/],
    ['renderer/components/x.tsx', "import { shell as x } from 'electron';", /Only main\/electron/],
  ])('%s: %s is refused', async (file, source, message) => {
    expect(await brokenBy(file, source)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['main/electron/x.ts', "import { app as x } from 'electron';"],
    ['main/core/x.ts', "import { LOCAL_DEMO as x } from '../../shared/api';"],
    ['renderer/x.tsx', "import { LOCAL_DEMO as x } from '../shared/api';"],
  ])('%s: %s is allowed', async (file, source) => {
    expect(await brokenBy(file, source)).toEqual([]);
  });
});

describe('imports', () => {
  it('form no circle anywhere in main/, shared/ or renderer/ (type-only imports included)', async () => {
    const madge = fileURLToPath(new URL('../node_modules/madge/bin/cli.js', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [madge, '--circular', '--json', '--no-spinner', '--extensions', 'ts,tsx', 'main', 'shared', 'renderer'],
      { cwd: ROOT },
    );
    expect(JSON.parse(stdout.slice(stdout.indexOf('[')))).toEqual([]);
  }, 60_000);
});

describe('what every command line start loads', () => {
  /** The built files a module loads before it runs: its static imports, followed (dynamic import() is left out). */
  function loadedAtStart(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    const text = readFileSync(join(ROOT, 'dist', file), 'utf8');
    for (const [, spec] of text.matchAll(/^import\s+(?:[^'"]*?\sfrom\s+)?"([^"]+)";?$/gm)) {
      if (spec.startsWith('./')) loadedAtStart(spec.slice(2), seen);
      else seen.add(spec);
    }
    return seen;
  }

  it('is not the browser driver nor the YAML reader: only `embed-console test` and the suites load them', () => {
    const loaded = loadedAtStart('cli.js');
    // The built CLI, as npm test builds it before the tests run.
    expect(loaded.has('cli.js')).toBe(true);
    expect([...loaded].filter((spec) => spec.startsWith('node:') === false && !spec.endsWith('.js'))).not.toContain('playwright-core');
    const text = [...loaded]
      .filter((spec) => spec.endsWith('.js'))
      .map((file) => readFileSync(join(ROOT, 'dist', file), 'utf8'))
      .join('\n');
    expect(text).not.toContain('LineCounter');
  });
});
