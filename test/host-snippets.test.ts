/**
 * The page that embeds, as code: what the React and plain-JS snippets say for a few drafts, that
 * they type-check (strict) against Sigma's real SDK packages and bundle with them, that they hold
 * no secret, and that the bundles run in real Chromium: they fetch the signed URL from the
 * constant route and embed it.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_URL_PATH, hostSnippet, type HostSnippetInput } from '../shared/host-snippets';
import { SECRET_VARIABLE, snippet, type SnippetInput } from '../shared/snippets';
import { parseEmbedUrl } from '../shared/target';
import { hasChromium, launchChromium } from './support/browser';

const REPO = fileURLToPath(new URL('..', import.meta.url));
/** A file of an installed SDK package, where it really is (node_modules may be a link). */
const sdkFile = (name: string, file: string) => realpathSync(join(REPO, 'node_modules/@sigmacomputing', name, 'dist', file));
const PAGE = 'https://app.sigmacomputing.com/acme/workbook/Sales-Performance-1a2b3c/page/p1';

const embed = (url: string, options: Record<string, string> = {}, controls: Record<string, string[]> = {}): HostSnippetInput => ({
  target: parseEmbedUrl(url).target,
  options,
  controls,
});
const DRAFTS = {
  responsive: embed(PAGE, { ':responsive_height': 'true', ':theme': 'Dark' }, { Region: ['East', 'West'], 'Store Name': ['Main'] }),
  plain: embed('https://app.sigmacomputing.com/acme/workbook/Ops-9z8y7x'),
  localHost: embed('http://127.0.0.1:4567/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c', {}, { Region: ['West'] }),
};

/** A folder inside the repo, so the snippets' imports resolve to its node_modules. */
function scratch(): { dir: string; cleanup: () => void } {
  mkdirSync(join(REPO, '.scratch'), { recursive: true });
  const dir = mkdtempSync(join(REPO, '.scratch', 'host-snippets-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * tsc --noEmit, strict, jsx react-jsx, JS checked too: the diagnostics, and the files it read. The
 * SDKs' own declarations are read, not judged (skipLibCheck, as the house's tsconfig): their types
 * still bind every call in the snippets.
 */
function typeCheck(files: string[]): { errors: string[]; read: string[] } {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    noUnusedLocals: true,
    allowJs: true,
    checkJs: true,
    jsx: ts.JsxEmit.ReactJSX,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
  });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${relative(REPO, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
  return { errors, read: program.getSourceFiles().map((file) => file.fileName) };
}

describe('the page snippets, as text', () => {
  it('React: useSigmaIframe, the draft controls set through useWorkbookVariables, the usual listeners, the page height with :responsive_height', () => {
    const code = hostSnippet('react', DRAFTS.responsive);
    expect(code).toContain(`// The page that embeds ${PAGE}\n`);
    expect(code).toContain('const { iframeRef, loading, error, variables } = useSigmaIframe();');
    expect(code).toContain('const { setVariables } = useWorkbookVariables(iframeRef);');
    expect(code).toContain('const CONTROLS: Record<string, string> = {\n  "Region": "East,West",\n  "Store Name": "Main"\n};');
    expect(code).toContain('if (variables && Object.keys(controls).length > 0) setVariables(controls);');
    for (const hook of ['useVariableChange', 'useWorkbookSelectedNode', 'useActionOutbound']) expect(code).toContain(`${hook}(iframeRef, `);
    expect(code).toContain('const height = usePageHeight(iframeRef);');
    expect(code).toContain('height: height ?? 600, border: 0');
    expect(code).toContain(`fetch(SIGNED_URL_PATH, { cache: 'no-store' })`);
    expect(code).toContain(`const SIGNED_URL_PATH = '${SIGNED_URL_PATH}';`);
    expect(code).toContain('title="Sigma: Sales Performance"');
    expect(code).not.toContain('// Note:');
  });

  it('React without :responsive_height has a fixed height and no page height hook', () => {
    const code = hostSnippet('react', DRAFTS.plain);
    expect(code).not.toContain('usePageHeight');
    expect(code).toContain('height: 600, border: 0');
    expect(code).toContain('const CONTROLS: Record<string, string> = {};');
  });

  it('plain JS: the SDK listeners on window messages with the iframe, workbookVariablesUpdate once loaded', () => {
    const code = hostSnippet('js', DRAFTS.responsive);
    expect(code).toContain("window.addEventListener('message', (event) => {");
    for (const listener of [
      'workbookLoadedListener',
      'workbookErrorListener',
      'workbookVariableChangeListener',
      'workbookSelectedNodeListener',
      'actionOutboundListener',
    ]) {
      expect(code).toContain(`${listener}(event, iframe, `);
    }
    expect(code).toContain('workbookVariablesUpdate(iframe, controls)');
    expect(code).toContain('workbookPageHeightListener(event, iframe, (page) => (iframe.style.height = `${page.pageHeight}px`));');
    expect(code).toContain(`export const SIGNED_URL_PATH = '${SIGNED_URL_PATH}';`);
    expect(hostSnippet('js', DRAFTS.plain)).not.toContain('workbookPageHeightListener');
  });

  it('say when the embed is not on Sigma, whose SDK then neither hears nor reaches it', () => {
    for (const language of ['react', 'js'] as const) {
      expect(hostSnippet(language, DRAFTS.localHost)).toContain(
        '// Note: the SDK hears only sigmacomputing.com and sigmacomputing.io, and talks to https://app.sigmacomputing.com:\n// with this embed on http://127.0.0.1:4567, its listeners and commands stay silent.\n',
      );
      expect(hostSnippet(language, embed('https://acme.sigmacomputing.io/acme/workbook/Ops-9z8y7x'))).toContain('// but its control updates are dropped.\n');
    }
  });

  it('hold no secret, no token, no client id and no claim: the page gets the signed URL from the server', () => {
    const input: SnippetInput = {
      clientId: 'client-7f3a',
      claims: { sub: 'ada@example.com', teams: ['Sales'], userAttributes: { region: 'West' } },
      embed: DRAFTS.responsive,
    };
    for (const language of ['react', 'js'] as const) {
      const code = snippet(language, input);
      for (const leak of [SECRET_VARIABLE, 'process.env', 'client-7f3a', 'ada@example.com', ':jwt', 'region']) expect(code).not.toContain(leak);
    }
  });

  it('the Node snippet serves the route the pages fetch', () => {
    expect(snippet('node', { clientId: 'c', claims: { sub: 'ada@example.com' }, embed: DRAFTS.plain })).toContain(
      `request.url.split('?')[0] !== '${SIGNED_URL_PATH}'`,
    );
  });
});

describe("the page snippets against Sigma's real SDK packages", () => {
  const { dir, cleanup } = scratch();
  afterAll(cleanup);
  const write = (name: string, code: string) => {
    const file = join(dir, name);
    writeFileSync(file, code);
    return file;
  };

  it('type-check, strict, for every draft, against the real react-embed-sdk and embed-sdk types', () => {
    const files = Object.entries(DRAFTS).flatMap(([name, draft]) => [
      write(`${name}-SigmaEmbed.tsx`, hostSnippet('react', draft)),
      write(`${name}-sigma-embed.js`, hostSnippet('js', draft)),
    ]);
    const { errors, read } = typeCheck(files);
    expect(errors).toEqual([]);
    expect(read).toContain(sdkFile('react-embed-sdk', 'index.d.mts'));
    expect(read).toContain(sdkFile('embed-sdk', 'index.d.mts'));
  });

  it('a wrong SDK call in them does not type-check (the check is real)', () => {
    const react = hostSnippet('react', DRAFTS.responsive).replace('useVariableChange(iframeRef, onVariableChange)', 'useVariableChange(onVariableChange)');
    const js = hostSnippet('js', DRAFTS.responsive).replace('workbookVariablesUpdate(iframe, controls)', 'workbookVariablesUpdate(controls)');
    const { errors } = typeCheck([write('wrong-SigmaEmbed.tsx', react), write('wrong-sigma-embed.js', js)]);
    expect(errors).toEqual([
      expect.stringMatching(/wrong-SigmaEmbed\.tsx:\d+: Expected 2 arguments, but got 1\./),
      expect.stringMatching(/wrong-sigma-embed\.js:\d+: Expected 2 arguments, but got 1\./),
    ]);
  });

  it('bundle with esbuild, the imports resolved to the real SDK packages', async () => {
    for (const [name, code] of [
      ['bundle-SigmaEmbed.tsx', hostSnippet('react', DRAFTS.responsive)],
      ['bundle-sigma-embed.js', hostSnippet('js', DRAFTS.responsive)],
    ]) {
      const options = {
        absWorkingDir: REPO,
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        jsx: 'automatic',
        metafile: true,
        logLevel: 'silent',
      } as const;
      const result = await build({ ...options, entryPoints: [write(name, code)] });
      const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(REPO, input));
      expect(inputs).toContain(sdkFile('embed-sdk', 'index.mjs'));
      if (name.endsWith('.tsx')) expect(inputs).toContain(sdkFile('react-embed-sdk', 'index.mjs'));
    }
  });
});

const chromium = hasChromium();

describe.runIf(chromium)('the page snippets, bundled and run in real Chromium', () => {
  const { dir, cleanup } = scratch();
  let server: Server;
  let origin = '';
  let browser: Browser;
  /** What the route answers next: a URL on this server, or a failure status. */
  let route: { status: number } = { status: 200 };
  const scripts = new Map<string, string>();

  /** A page that runs `entry` (its code imports the snippet from `name`). */
  const bundle = async (name: string, code: string, entry: string) => {
    writeFileSync(join(dir, name), code);
    const result = await build({
      stdin: { contents: entry, resolveDir: dir, loader: 'tsx' },
      bundle: true,
      write: false,
      format: 'esm',
      jsx: 'automatic',
      logLevel: 'silent',
    });
    scripts.set(`/${name}.js`, result.outputFiles[0].text);
    return `/${name}.js`;
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = request.url!.split('?')[0];
      if (path === SIGNED_URL_PATH) {
        if (route.status !== 200) return void response.writeHead(route.status).end();
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ url: `${origin}/embed?:jwt=t&:embed=true` }));
      } else if (path === '/embed') {
        response.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>the embed</p>');
      } else if (scripts.has(path)) {
        response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(scripts.get(path));
      } else {
        const script = new URL(request.url!, origin).searchParams.get('script');
        response.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><div id="sigma"></div><script type="module" src="${script}"></script>`);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    cleanup();
  });

  const open = async (script: string) => {
    const page = await browser.newPage();
    page.setDefaultTimeout(5_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${origin}/?script=${script}`);
    return { page, errors };
  };

  it('plain JS: fetches the signed URL from the route and embeds it, titled', async () => {
    route = { status: 200 };
    const script = await bundle(
      'plain-sigma-embed.js',
      hostSnippet('js', DRAFTS.responsive),
      "import { embedSigma } from './plain-sigma-embed.js'; embedSigma(document.getElementById('sigma'));",
    );
    const { page, errors } = await open(script);
    const frame = page.locator('#sigma iframe[title="Sigma: Sales Performance"]');
    await expect.poll(() => frame.getAttribute('src')).toBe(`${origin}/embed?:jwt=t&:embed=true`);
    expect(await page.frameLocator('#sigma iframe').locator('p').textContent()).toBe('the embed');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('React: renders the iframe with the signed URL, and says when the route fails', async () => {
    const script = await bundle(
      'SigmaEmbed.tsx',
      hostSnippet('react', DRAFTS.responsive),
      "import { createRoot } from 'react-dom/client'; import { SigmaEmbed } from './SigmaEmbed.tsx'; createRoot(document.getElementById('sigma')!).render(<SigmaEmbed />);",
    );
    route = { status: 200 };
    const ok = await open(script);
    await expect.poll(() => ok.page.locator('iframe[title="Sigma: Sales Performance"]').getAttribute('src')).toBe(`${origin}/embed?:jwt=t&:embed=true`);
    expect(await ok.page.locator('p').first().textContent()).toBe('Loading…');
    expect(ok.errors).toEqual([]);
    await ok.page.close();

    route = { status: 500 };
    const failing = await open(script);
    await expect.poll(() => failing.page.getByRole('alert').textContent()).toBe(`Error: ${SIGNED_URL_PATH} answered 500`);
    await failing.page.close();
  });
});
