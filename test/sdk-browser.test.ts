/**
 * Sigma's own SDK as the judge: `@sigmacomputing/embed-sdk` 0.7.1, unmodified, in real Chromium,
 * talking to the local embed host served as https://app.sigmacomputing.com by `host --https`
 * (with the Chromium switches it prints). Two paths: a customer's page with an <iframe>, and the
 * desktop app's, where the embed is top-level in a <webview> and the built relay preload carries
 * its messages (here fed to the SDK as an app would).
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_URL_PATH, hostSnippet } from '../shared/host-snippets';
import { PREVIEW_COMMAND_CHANNEL } from '../shared/preview';
import { parseEmbedUrl } from '../shared/target';
import { hasChromium, launchChromium } from './support/browser';
import { runCli, tempHome } from './support/cli';
import { startHost, type HostProcess } from './support/host';
import { STAND_IN, asPreload, bundle } from './support/preload-stand-in';
import type { Heard } from './support/sdk-harness/page';

/** Inside the repo, so a scratch folder's imports resolve to its node_modules. */
const REPO = fileURLToPath(new URL('..', import.meta.url));
const WORKBOOK = 'https://app.sigmacomputing.com/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';

/** A page script of test/support/sdk-harness, bundled with the real SDK. */
async function harness(file: string): Promise<string> {
  const built = await build({
    entryPoints: [new URL(`./support/sdk-harness/${file}`, import.meta.url).pathname],
    bundle: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'silent',
  });
  return built.outputFiles[0].text;
}

type Answer = () => Promise<{ type: string; body: string }>;

/**
 * A customer's app, on loopback as a developer's app is while its tests run (Chromium's local
 * network access checks block a public page from framing a loopback one). `/` is a page with an
 * empty <iframe>; `serve` adds routes.
 */
async function customerApp(): Promise<{ url: string; serve(path: string, answer: Answer): void; close(): void }> {
  const routes = new Map<string, Answer>([
    [
      '/',
      async () => ({ type: 'text/html', body: '<!doctype html><title>Acme Analytics</title><iframe id="embed" title="Sigma"></iframe><div id="sigma"></div>' }),
    ],
  ]);
  const server = createServer((req, res) => {
    const answer = routes.get((req.url ?? '/').split('?')[0]);
    if (!answer) return void res.writeHead(404).end();
    void answer().then(({ type, body }) => res.writeHead(200, { 'content-type': type }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    serve: (path, answer) => routes.set(path, answer),
    close: () => server.close(),
  };
}

describe.runIf(hasChromium())("Sigma's embed SDK against the local host's Sigma test double", () => {
  const { home, cleanup } = tempHome();
  let host: HostProcess;
  let chromium: Browser;
  let sdk: string;
  let reactApp: string;
  let parent: Awaited<ReturnType<typeof customerApp>>;

  beforeAll(async () => {
    host = await startHost(home, ['--https-port', '0']);
    chromium = await launchChromium(host.chromiumArgs);
    [sdk, reactApp] = await Promise.all([harness('page.ts'), harness('react-page.tsx')]);
    parent = await customerApp();
  });
  afterAll(async () => {
    parent?.close();
    await chromium?.close();
    await host?.stop();
    cleanup();
  });

  async function signed(url = WORKBOOK): Promise<string> {
    const run = await runCli(['sign', '--profile', 'local-demo', '--url', url, '--sub', 'ada@example.com'], { home });
    expect(run.code, run.stderr).toBe(0);
    return run.stdout.trim();
  }

  const heard = (page: Page) => page.evaluate(() => window.__sdk.heard);
  /** Waits until the SDK listener `listener` has fired `count` times, and returns what it got. */
  async function heardFrom(page: Page, listener: string, count = 1): Promise<Heard['data'][]> {
    await page.waitForFunction(([name, n]) => window.__sdk.heard.filter((h) => h.listener === name).length >= n, [listener, count] as const);
    return (await heard(page)).filter((h) => h.listener === listener).map((h) => h.data);
  }

  /**
   * Every SDK listener made to fire by what a user does in the demo, and every SDK mutation sent:
   * `scope` is where the embed is drawn (the iframe, or the page itself in a webview), `load`
   * opens another embed URL there (after which what was heard starts again).
   */
  async function everyListenerAndMutation(page: Page, scope: Page | FrameLocator, load: (url: string) => Promise<void>): Promise<void> {
    const fired = new Set<string>();
    const mutated = new Set<string>();
    const act = async (listener: string, action: () => Promise<unknown>) => {
      const before = (await heard(page)).filter((h) => h.listener === listener).length;
      await action();
      await heardFrom(page, listener, before + 1);
      fired.add(listener);
    };
    const mutate = async (name: string, ...args: unknown[]) => {
      await page.evaluate(([n, a]) => window.__sdk.mutate(n, ...a), [name, args] as const);
      mutated.add(name);
    };
    const send = (listener: string, name: string, ...args: unknown[]) => act(listener, () => mutate(name, ...args));
    /** A listener that fired already, with an event that came with another. */
    const seen = async (listener: string) => {
      await heardFrom(page, listener);
      fired.add(listener);
    };

    await load(await signed(`${WORKBOOK}?:responsive_height=true`));
    for (const listener of ['workbookLoadedListener', 'workbookDataLoadedListener', 'urlOnChangeListener', 'workbookPageHeightListener']) await seen(listener);
    await send('workbookVariableChangeListener', 'workbookVariablesUpdate', { Region: 'East' });
    const [changed] = await heardFrom(page, 'workbookVariableChangeListener');
    expect(changed.workbook).toEqual({ variables: expect.objectContaining({ Region: 'East' }) });
    await send('workbookVariableCurrentListener', 'workbookVariablesList');
    // The SDK has two listeners for workbook:variables:current.
    await seen('workbookCurrentVariablesListener');
    await act('workbookTableCellSelectListener', () => scope.locator('[data-node-id="revenue-table"] tbody tr').first().locator('td').nth(2).click());
    await seen('workbookSelectedNodeListener');
    await act('workbookChartValueSelectListener', () => scope.locator('[data-node-id="revenue-chart"] [data-region="East"]').click());
    await act('workbookPivotTableCellSelectListener', () => scope.locator('[data-node-id="revenue-pivot"] tbody tr').first().locator('td').nth(2).click());
    await send('workbookFullScreenListener', 'workbookFullscreenUpdate', 'revenue-chart');
    await send('workbookFullScreenListener', 'workbookFullscreenUpdate', null);

    await send('workbookBookmarkCreateListener', 'workbookBookmarkCreate', { name: 'East only', isDefault: false, isShared: true });
    await seen('workbookBookmarkOnChangeListener');
    await act('workbookExploreKeyOnChangeListener', () => scope.getByRole('button', { name: 'Explore', exact: true }).click());
    await act('workbookExploreKeyOnChangeListener', () =>
      scope.locator('[data-node-id="revenue-table"]').getByRole('columnheader', { name: 'Revenue' }).click(),
    );
    await send('workbookBookmarkOnUpdateListener', 'workbookBookmarkUpdate');
    await send('workbookBookmarkOnChangeListener', 'workbookBookmarkSelect');
    await send('workbookBookmarkOnDeleteListener', 'workbookBookmarkDelete', 'bookmark-1');
    await mutate('workbookSharingLinkUpdate', 'https://app.example.com/reports/sales');
    await expect.poll(() => scope.getByTestId('sharing-link').textContent()).toBe('https://app.example.com/reports/sales');

    await scope.getByRole('button', { name: 'Edit', exact: true }).click();
    await act('workbookPublishedListener', () => scope.getByRole('button', { name: 'Publish' }).click());
    await act('workbookIdOnChangeListener', () => scope.getByRole('button', { name: 'Save as' }).click());
    await scope.getByRole('button', { name: 'View', exact: true }).click();
    await send('workbookSelectedNodeListener', 'workbookSelectedNodeIdUpdate', 'orders', 'page');
    const urls = await heardFrom(page, 'urlOnChangeListener', 2);
    expect(urls.at(-1)?.url).toBe('/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/orders');
    await act('actionOutboundListener', () =>
      scope.locator('[data-node-id="orders-table"] tbody tr').first().getByRole('button', { name: 'Generate iframe event' }).click(),
    );
    const [action] = await heardFrom(page, 'actionOutboundListener');
    expect(action).toMatchObject({ name: expect.any(String), values: expect.any(Object) });

    await load(await signed('https://app.sigmacomputing.com/demo/workbook/Customer-Health-7Hc2Lp9Vx4Nq1Bz6Kd3Mw8/page/checks'));
    await seen('workbookChartErrorListener');
    const [chartError] = await heardFrom(page, 'workbookChartErrorListener');
    expect(chartError).toMatchObject({ code: expect.any(String), nodeId: 'forecast-chart' });
    // workbook:error has a test of its own; workbook:sharinglink:update is a command in Sigma's reference, which no embed posts.
    fired.add('workbookErrorListener').add('workbookLinkSharingUpdateListener');

    const exported = await page.evaluate(() => ({ listeners: window.__sdk.listeners, mutations: window.__sdk.mutations }));
    expect([...fired].sort()).toEqual([...exported.listeners].sort());
    expect([...mutated].sort()).toEqual([...exported.mutations].sort());
  }

  it('prints the settings that make it Sigma for Chromium, and keeps its certificate for the next run', async () => {
    expect(host.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const port = new URL(host.httpsUrl!).port;
    expect(host.chromiumArgs).toEqual([
      `--host-resolver-rules=MAP *.sigmacomputing.com 127.0.0.1:${port}, MAP *.sigmacomputing.io 127.0.0.1:${port}`,
      expect.stringMatching(/^--ignore-certificate-errors-spki-list=[A-Za-z0-9+/]{43}=$/),
    ]);
    // A second host on the same home trusts the same key: the switches a user saved stay right.
    const again = await startHost(home, ['--https']);
    try {
      expect(again.chromiumArgs?.[1]).toBe(host.chromiumArgs?.[1]);
    } finally {
      await again.stop();
    }
  });

  it('answers for any host name over TLS, and its certificate file can be trusted instead of the SPKI switch', async () => {
    const page = await chromium.newPage();
    try {
      await page.goto('https://eu.sigmacomputing.io/');
      await expect.poll(() => page.title()).toMatch(/local embed host/i);
    } finally {
      await page.close();
    }
    const ca = readFileSync(join(home, 'host-tls-cert.pem'), 'utf8');
    const health = await new Promise<string>((resolve, reject) => {
      const port = Number(new URL(host.httpsUrl!).port);
      const request = httpsGet({ host: '127.0.0.1', port, path: '/__host/health', servername: 'app.sigmacomputing.com', ca }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(body));
      });
      request.on('error', reject);
    });
    expect(JSON.parse(health)).toMatchObject({ ok: true });
  });

  it('in an <iframe> of a customer page: every SDK listener fires for what a user does in the demo, every SDK mutation acts', async () => {
    const page = await chromium.newPage();
    try {
      await page.goto(parent.url);
      await page.addScriptTag({ content: sdk });
      await page.evaluate(() => {
        window.__sdk.connect(document.getElementById('embed') as HTMLIFrameElement);
        window.addEventListener('message', (event) => window.__sdk.hear(event));
      });
      await everyListenerAndMutation(page, page.frameLocator('#embed'), async (url) => {
        await page.evaluate((src) => {
          window.__sdk.heard = [];
          (document.getElementById('embed') as HTMLIFrameElement).src = src;
        }, url);
      });
      // Nothing refused on the way.
      expect((await heard(page)).filter((h) => h.listener === 'workbookErrorListener')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("in a React app with Sigma's React SDK: useSigmaIframe's state, the event hooks and the mutations", async () => {
    const page = await chromium.newPage();
    try {
      await page.goto(parent.url);
      await page.addScriptTag({ content: reactApp });
      await page.evaluate((src) => (window as unknown as { renderEmbed(src: string): void }).renderEmbed(src), await signed());
      await page.waitForFunction(() => !window.__react.state.loading);
      expect(await page.evaluate(() => window.__react.state)).toMatchObject({ error: null, variables: expect.any(Object) });
      const heardBy = async (hook: string) => {
        await page.waitForFunction((name) => window.__react.heard.some((h) => h.hook === name), hook);
        return (await page.evaluate(() => window.__react.heard)).filter((h) => h.hook === hook).map((h) => h.data);
      };
      await heardBy('useWorkbookDataLoaded');

      await page.evaluate(() => window.__react.mutate('updateWorkbookVariables', { Region: 'North' }));
      expect((await heardBy('useVariableChange'))[0].workbook).toEqual({ variables: expect.objectContaining({ Region: 'North' }) });
      await page.evaluate(() => window.__react.mutate('updateWorkbookSelectedNodeId', 'revenue-table', 'element'));
      expect(await heardBy('useWorkbookSelectedNode')).toEqual([expect.objectContaining({ selectedNodeId: 'revenue-table', nodeType: 'element' })]);
      await expect
        .poll(() => page.frameLocator('iframe[title="Sales (React)"]').locator('[data-node-id="revenue-table"]').getAttribute('class'))
        .toContain('selected');
    } finally {
      await page.close();
    }
  });

  it('the page code Export writes (plain JS, React) embeds the crafted workbook through the SDK, its control values applied', async () => {
    const crafted = parseEmbedUrl(`${WORKBOOK}?Region=East`);
    const draft = { target: crafted.target, options: crafted.options, controls: crafted.controls };
    parent.serve(SIGNED_URL_PATH, async () => ({ type: 'application/json', body: JSON.stringify({ url: await signed(`${WORKBOOK}?Region=South`) }) }));
    const apps = {
      'plain JS': [hostSnippet('js', draft), "import { embedSigma } from './snippet.js'; embedSigma(document.getElementById('sigma'));", 'snippet.js'],
      React: [
        hostSnippet('react', draft),
        "import { createRoot } from 'react-dom/client'; import { SigmaEmbed } from './snippet.tsx'; createRoot(document.getElementById('sigma')!).render(<SigmaEmbed />);",
        'snippet.tsx',
      ],
    };
    mkdirSync(join(REPO, '.scratch'), { recursive: true });
    const dir = mkdtempSync(join(REPO, '.scratch', 'sdk-'));
    try {
      for (const [name, [code, entry, file]] of Object.entries(apps)) {
        writeFileSync(join(dir, file), code);
        const built = await build({
          stdin: { contents: entry, resolveDir: dir, loader: 'tsx' },
          bundle: true,
          write: false,
          format: 'esm',
          jsx: 'automatic',
          logLevel: 'silent',
        });
        parent.serve('/app.js', async () => ({ type: 'text/javascript', body: built.outputFiles[0].text }));
        const page = await chromium.newPage();
        try {
          await page.goto(parent.url);
          await page.addScriptTag({ url: '/app.js', type: 'module' });
          const embed = page.frameLocator('#sigma iframe');
          // Loaded with the URL's South, then the SDK's variables update sets the crafted East.
          await expect.poll(() => embed.getByRole('button', { name: 'East', exact: true }).getAttribute('aria-pressed'), { message: name }).toBe('true');
          expect(await embed.getByRole('button', { name: 'South', exact: true }).getAttribute('aria-pressed')).toBe('false');
        } finally {
          await page.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a refused token reaches the SDK as workbook:error', async () => {
    const page = await chromium.newPage();
    try {
      await page.goto(parent.url);
      await page.addScriptTag({ content: sdk });
      const url = await signed();
      // Loaded once elsewhere: the second load is a replay.
      await fetch(url.replace('https://app.sigmacomputing.com', host.url));
      await page.evaluate((src) => {
        const frame = document.getElementById('embed') as HTMLIFrameElement;
        window.__sdk.connect(frame);
        window.addEventListener('message', (event) => window.__sdk.hear(event));
        frame.src = src;
      }, url);
      const [error] = await heardFrom(page, 'workbookErrorListener');
      expect(error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      expect((await heard(page)).some((h) => h.listener === 'workbookLoadedListener')).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('top-level in a <webview>, through the built relay preload: every SDK listener hears what the relay carries, every SDK mutation acts', async () => {
    const page = await chromium.newPage();
    try {
      // The relay's sendToHost reaches the app; an app using the SDK there hands each message to its listeners, with the
      // webview standing in for the iframe, and the SDK's postMessage on it going back through the relay (webview.send).
      const feed = `
        const relay = window.__electron.ipcRenderer;
        const sendToHost = relay.sendToHost;
        const webview = { contentWindow: { postMessage: (message) => window.__ipc.listeners[${JSON.stringify(PREVIEW_COMMAND_CHANNEL)}]({}, message) } };
        window.__sdk.connect(webview);
        relay.sendToHost = (channel, message, origin) => {
          sendToHost(channel, message, origin);
          window.__sdk.hear({ data: message, origin, source: webview.contentWindow });
        };
      `;
      // Before the page's own script, as Electron runs a preload; again on each load.
      await page.addInitScript({ content: `${STAND_IN}\n${sdk}\n${feed}\n${asPreload(bundle('webview-preload.cjs'))}` });
      await everyListenerAndMutation(page, page, async (url) => void (await page.goto(url)));
      expect((await heard(page)).filter((h) => h.listener === 'workbookErrorListener')).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
