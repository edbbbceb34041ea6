/**
 * The Electron layer's wiring, against a fake 'electron' module: the real binary cannot be
 * downloaded here, so these tests pin what main/electron asks of Electron (handlers, sender
 * checks, window and webview preferences, the app:// scheme, navigation and popups, the preview
 * relay).
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IpcMainInvokeEvent, MenuItemConstructorOptions, WebContents, WebPreferences } from 'electron';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METHODS, type EmbedConsoleApi, type Method } from '../shared/api';
import { PREVIEW_COMMAND_CHANNEL, PREVIEW_EVENT_CHANNEL, PREVIEW_PARTITION } from '../shared/preview';
import type { SecretsStatus } from '../shared/secrets';
import type { HostSession, Session } from '../main/startup';

type Listener = (...args: any[]) => unknown;

const fake = vi.hoisted(() => {
  const { EventEmitter } = require('node:events') as typeof import('node:events');

  class FakeSession {
    beforeRequest: ((details: { url: string }, callback: (r: { cancel?: boolean }) => void) => void) | undefined;
    permissionRequest: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    permissionCheck: ((...args: unknown[]) => boolean) | undefined;
    webRequest = {
      onBeforeRequest: (listener: FakeSession['beforeRequest']) => {
        this.beforeRequest = listener;
      },
    };
    setPermissionRequestHandler(handler: FakeSession['permissionRequest']) {
      this.permissionRequest = handler;
    }
    setPermissionCheckHandler(handler: FakeSession['permissionCheck']) {
      this.permissionCheck = handler;
    }
  }

  class FakeWebContents extends EventEmitter {
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    mainFrame = { url: '' };
    constructor(readonly type: string = 'window') {
      super();
    }
    getType() {
      return this.type;
    }
    setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']) {
      this.windowOpenHandler = handler;
    }
  }

  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    webContents = new FakeWebContents('window');
    loaded: string[] = [];
    constructor(readonly options: Record<string, any>) {
      super();
      windows.push(this);
    }
    loadFile(file: string) {
      this.loaded.push(`loadFile ${file}`);
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    static getAllWindows() {
      return windows;
    }
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    exit: vi.fn(),
  });

  const sessions = { default: new FakeSession(), partitions: new Map<string, FakeSession>() };
  const fromPartition = (name: string) => {
    if (!sessions.partitions.has(name)) sessions.partitions.set(name, new FakeSession());
    return sessions.partitions.get(name)!;
  };

  return {
    FakeWebContents,
    windows,
    app,
    sessions,
    handlers: new Map<string, Listener>(),
    ipcMain: { handle: vi.fn(), on: vi.fn(), handleOnce: vi.fn() },
    ipcRenderer: { invoke: vi.fn(), sendToHost: vi.fn(), on: vi.fn(), send: vi.fn() },
    contextBridge: { exposeInMainWorld: vi.fn() },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((template: unknown) => template), setApplicationMenu: vi.fn() },
    module: {
      app,
      BrowserWindow: FakeBrowserWindow,
      session: { defaultSession: sessions.default, fromPartition },
    },
  };
});

vi.mock('electron', () => ({
  ...fake.module,
  ipcMain: fake.ipcMain,
  ipcRenderer: fake.ipcRenderer,
  contextBridge: fake.contextBridge,
  shell: fake.shell,
  protocol: fake.protocol,
  Menu: fake.Menu,
}));

// A renderer folder of our own, with a file beside it that no app:// URL may reach.
const fixture = vi.hoisted(() => {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const os = require('node:os') as typeof import('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embed-console-renderer-'));
  const renderer = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  const files = {
    'index.html': '<!doctype html><title>Embed Console</title><script type="module" src="./assets/index-Ab_1.js"></script>',
    'assets/index-Ab_1.js': 'console.log("the app");',
    'assets/index-Cd-2.css': 'body { margin: 0 }',
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(renderer, name), text);
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'NOT-FOR-THE-PAGE');
  return { dir, renderer, files };
});
// start() serves RENDERER_DIR: here, the fixture (the real paths are tested through vi.importActual).
vi.mock('../main/electron/paths', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../main/electron/paths')>()),
  RENDERER_DIR: fixture.renderer,
}));
afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));

// start() runs against a fake of the one startup path (first run, the secret store, the local
// host): its own tests cover it, through the CLI and browser mode that share it.
/** The part of a session start() uses, typed from startup.ts so the fake follows its shape. */
type FakeSession = Pick<Session, 'status'> & { home: Pick<Session['home'], 'core'> };
const startup = vi.hoisted(() => {
  const state = {
    core: undefined as unknown as EmbedConsoleApi,
    host: { url: 'http://127.0.0.1:4321', close: vi.fn(() => Promise.resolve()), reused: false },
    status: {
      store: 'keychain',
      keychain: { state: 'unlocked' },
      vault: { file: '/tmp/x/secrets.vault', exists: false, unlocked: false },
      line: 'Secrets: in the OS keychain.',
      orphans: [],
    } as SecretsStatus,
    session: (): FakeSession => ({ home: { core: state.core }, status: async () => state.status }),
    startHostSession: vi.fn(async (_env: unknown, _options: unknown): Promise<FakeSession & Pick<HostSession, 'host'>> => ({
      ...state.session(),
      host: state.host,
    })),
    startSession: vi.fn(async (_env: unknown, _options: unknown): Promise<FakeSession> => state.session()),
  };
  return state;
});
vi.mock('../main/startup', () => ({ startHostSession: startup.startHostSession, startSession: startup.startSession }));

const { isAppFrame, registerIpc } = await import('../main/electron/ipc');
const { APP_INDEX_URL, APP_PRIVILEGES, rendererFile, serveRenderer } = await import('../main/electron/app-scheme');
const { start } = await import('../main/electron/lifecycle');
const { HELP_URL, menuTemplate } = await import('../main/electron/menu');
const { isAppResource, openExternally, restrictSessions, SAFE_PREFERENCES, secureWebContents } = await import('../main/electron/security');
const { windowOptions } = await import('../main/electron/window');
const paths = await vi.importActual<typeof import('../main/electron/paths')>('../main/electron/paths');

const APP_PAGE = 'app://embed-console/index.html';
/** Where the app was served from before app://: now a page like any other file. */
const OLD_FILE_PAGE = 'file:///opt/Embed%20Console/resources/app.asar/dist/renderer/index.html';

function fakeCore() {
  const calls: { method: Method; request: unknown }[] = [];
  const core = Object.fromEntries(
    METHODS.map((method) => [
      method,
      async (request: unknown) => {
        calls.push({ method, request });
        return { ok: true, data: `from ${method}` };
      },
    ]),
  ) as unknown as EmbedConsoleApi;
  return { core, calls };
}

function invokeEvent(url: string | undefined, sender: unknown = {}): IpcMainInvokeEvent {
  return { sender, senderFrame: url === undefined ? null : { url } } as unknown as IpcMainInvokeEvent;
}

function registered(): Map<string, Listener> {
  return new Map(fake.ipcMain.handle.mock.calls.map(([channel, handler]) => [channel as string, handler as Listener]));
}

function navigationEvent(url: string) {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

/** What main logged with console.error in this test, one entry per call. */
let errors: unknown[][];

beforeEach(() => {
  vi.clearAllMocks();
  fake.windows.length = 0;
  fake.app.removeAllListeners();
  errors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('IPC: the contract over ipcMain.handle', () => {
  it('registers exactly one handler per contract method and nothing else', () => {
    registerIpc(fakeCore().core);
    const channels = fake.ipcMain.handle.mock.calls.map(([channel]) => channel);
    expect(channels).toHaveLength(METHODS.length);
    expect([...channels].sort()).toEqual([...METHODS].sort());
    expect(fake.ipcMain.on).not.toHaveBeenCalled();
    expect(fake.ipcMain.handleOnce).not.toHaveBeenCalled();
  });

  it("forwards a request from the app's own page to the core, unchanged, and logs nothing", async () => {
    const { core, calls } = fakeCore();
    registerIpc(core);
    const handlers = registered();
    for (const method of METHODS) {
      const request = { probe: method };
      await expect(handlers.get(method)!(invokeEvent(APP_PAGE), request)).resolves.toEqual({ ok: true, data: `from ${method}` });
    }
    expect(calls.map((c) => c.method)).toEqual(METHODS);
    expect(calls[0].request).toEqual({ probe: METHODS[0] });
    expect(errors).toEqual([]);
  });

  it.each([
    ['a remote page', 'https://evil.example/'],
    ['the app page as a file (where it was served from before app://)', OLD_FILE_PAGE],
    ['another local file', 'file:///tmp/other.html'],
    ['a frame that is gone', undefined],
    ['another app:// host', 'app://evil/index.html'],
    ['a host that starts like ours', 'app://embed-console.evil.example/index.html'],
    ['our host on another scheme', 'https://embed-console/index.html'],
    ['a remote page with the same path', 'https://evil.example/index.html'],
    ['a network share', 'file://evil.example/share/renderer/index.html'],
  ])('refuses %s with FORBIDDEN and never reaches the core', async (_name, url) => {
    const { core, calls } = fakeCore();
    registerIpc(core);
    for (const [method, handler] of registered()) {
      const result = await handler(invokeEvent(url), {});
      expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect((result as { message: string }).message).toContain(method);
    }
    expect(calls).toEqual([]);
  });

  it('logs each refusal once in main, with the method and the sender, never the request', async () => {
    const { core } = fakeCore();
    registerIpc(core);
    const handlers = registered();
    const payload = { secret: 'PAYLOAD-SENTINEL-7f3a', claims: { sub: 'ada@example.com' } };
    await handlers.get('profiles:list')!(invokeEvent('https://evil.example/page?jwt=QUERY-SENTINEL#frag'), payload);
    expect(errors).toHaveLength(1);
    const [line] = errors[0] as [string];
    expect(errors[0]).toHaveLength(1);
    expect(line).toContain('profiles:list');
    expect(line).toContain('https://evil.example/page');
    // A signed embed URL carries its token in the query: the sender's URL is logged without it.
    expect(line).not.toContain('QUERY-SENTINEL');
    expect(line).not.toContain('PAYLOAD-SENTINEL');
    expect(line).not.toContain('ada@example.com');

    await handlers.get('token:sign')!(invokeEvent(undefined), payload);
    expect(errors).toHaveLength(2);
    expect(errors[1][0]).toContain('token:sign');
    expect(errors[1][0]).toContain('a frame that is gone');
    expect(JSON.stringify(errors)).not.toContain('PAYLOAD-SENTINEL');

    const long = `data:text/html,${'x'.repeat(10_000)}`;
    await handlers.get('profiles:list')!(invokeEvent(long), payload);
    expect(errors).toHaveLength(3);
    expect((errors[2][0] as string).length).toBeLessThan(400);
  });

  it('refuses when reading the sender frame throws (a disposed frame)', async () => {
    const { core, calls } = fakeCore();
    registerIpc(core);
    const event = {
      sender: {},
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    } as unknown as IpcMainInvokeEvent;
    await expect(registered().get('profiles:list')!(event, {})).resolves.toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(calls).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it('isAppFrame passes exactly the app:// origin, and nothing else', () => {
    expect(isAppFrame(APP_PAGE)).toBe(true);
    expect(isAppFrame('app://embed-console/')).toBe(true);
    expect(isAppFrame('app://embed-console/index.html#/profiles')).toBe(true);
    expect(isAppFrame('app://embed-console/index.html?view=history')).toBe(true);

    expect(isAppFrame(undefined)).toBe(false);
    expect(isAppFrame('')).toBe(false);
    expect(isAppFrame('not a url')).toBe(false);
    // file: in every form it used to pass, and any other.
    expect(isAppFrame(OLD_FILE_PAGE)).toBe(false);
    expect(isAppFrame('file:///work/main/dist/renderer/index.html')).toBe(false);
    expect(isAppFrame('file:///tmp/other.html')).toBe(false);
    expect(isAppFrame('file://embed-console/index.html')).toBe(false);
    // Web pages, whatever their host or path.
    expect(isAppFrame('https://evil.example/')).toBe(false);
    expect(isAppFrame('http://127.0.0.1:4321/index.html')).toBe(false);
    expect(isAppFrame('https://embed-console/index.html')).toBe(false);
    expect(isAppFrame('http://embed-console/index.html')).toBe(false);
    // Other app:// hosts: Node's URL gives them all the origin "null", as it gives ours.
    expect(new URL('app://evil/').origin).toBe(new URL(APP_PAGE).origin);
    expect(isAppFrame('app://evil/index.html')).toBe(false);
    expect(isAppFrame('app://embed-console.evil.example/index.html')).toBe(false);
    expect(isAppFrame('app://evil.embed-console/index.html')).toBe(false);
    expect(isAppFrame('app:///index.html')).toBe(false);
    expect(isAppFrame('app://embed-console:8080/index.html')).toBe(false);
    expect(isAppFrame('app://user@embed-console/index.html')).toBe(false);
    expect(isAppFrame('apps://embed-console/index.html')).toBe(false);
    expect(isAppFrame('blob:app://embed-console/7b4d')).toBe(false);
  });

  it('applies an extra sender check (the window check lifecycle.ts passes) before the core', async () => {
    const { core, calls } = fakeCore();
    const ours = {};
    registerIpc(core, (event) => event.sender === ours && isAppFrame(event.senderFrame?.url));
    const handler = registered().get('profiles:list')!;
    await expect(handler(invokeEvent(APP_PAGE, {}), {})).resolves.toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(calls).toEqual([]);
    expect(errors).toHaveLength(1);
    await expect(handler(invokeEvent(APP_PAGE, ours), {})).resolves.toMatchObject({ ok: true });
    expect(calls).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });
});

describe('preload: window.embedConsole', () => {
  it('exposes exactly the contract methods, each invoking its own channel', async () => {
    await import('../main/electron/preload/app');
    expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = fake.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(name).toBe('embedConsole');
    expect(Object.keys(api).sort()).toEqual([...METHODS].sort());

    for (const method of METHODS) {
      const call = api[method];
      expect(typeof call).toBe('function');
      fake.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, data: method });
      const request = { probe: method };
      await expect((call as (r: unknown) => Promise<unknown>)(request)).resolves.toEqual({ ok: true, data: method });
      expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(method, request);
    }
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledTimes(METHODS.length);
    expect(fake.ipcRenderer.send).not.toHaveBeenCalled();
  });
});

/** The preferences will-attach-webview leaves on a webview that asked for everything unsafe. */
function attachedWebview(webviewPreload = '/app/dist/webview-preload.cjs') {
  const contents = new fake.FakeWebContents('window');
  secureWebContents(contents as unknown as WebContents, webviewPreload);
  const prefs: WebPreferences & Record<string, unknown> = {
    preload: '/tmp/evil-preload.js',
    preloadURL: 'file:///tmp/evil-preload.js',
    nodeIntegration: true,
    nodeIntegrationInWorker: true,
    nodeIntegrationInSubFrames: true,
    contextIsolation: false,
    sandbox: false,
    webSecurity: false,
    allowRunningInsecureContent: true,
    webviewTag: true,
    disablePopups: false,
    partition: 'persist:app',
  };
  const params: Record<string, string> = { src: 'https://app.sigmacomputing.com/acme/workbook/x', partition: 'persist:app' };
  const event = navigationEvent('');
  contents.emit('will-attach-webview', event, prefs, params);
  return { event, prefs, params };
}

describe('the app window', () => {
  it('runs the renderer sandboxed, isolated and without Node, with our preload', () => {
    const { webPreferences } = windowOptions('/app/dist/preload.cjs');
    expect(webPreferences).toMatchObject({
      preload: '/app/dist/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: true,
    });
  });

  it('shares one set of safe preferences with every webview', () => {
    expect(SAFE_PREFERENCES).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(Object.isFrozen(SAFE_PREFERENCES)).toBe(true);
    const window = windowOptions('/app/dist/preload.cjs').webPreferences as Record<string, unknown>;
    const { prefs: webview } = attachedWebview();
    for (const [key, value] of Object.entries(SAFE_PREFERENCES)) {
      expect(window[key], `window ${key}`).toBe(value);
      expect(webview[key], `webview ${key}`).toBe(value);
    }
  });

  it('finds its preloads and renderer next to the main bundle, and loads its page from app://', () => {
    expect(paths.PRELOAD).toMatch(/[/\\]preload\.cjs$/);
    expect(paths.WEBVIEW_PRELOAD).toMatch(/[/\\]webview-preload\.cjs$/);
    expect(paths.RENDERER_DIR).toMatch(/[/\\]renderer$/);
    expect(dirname(paths.RENDERER_DIR)).toBe(dirname(paths.PRELOAD));
    expect(dirname(paths.WEBVIEW_PRELOAD)).toBe(dirname(paths.PRELOAD));
    expect(APP_INDEX_URL).toBe('app://embed-console/index.html');
    expect(isAppFrame(APP_INDEX_URL)).toBe(true);
  });
});

describe('the app:// scheme', () => {
  const root = join('/opt', 'Embed Console', 'dist', 'renderer');

  it('maps its URLs to files of the renderer folder', () => {
    expect(rendererFile('app://embed-console/index.html', root)).toBe(join(root, 'index.html'));
    expect(rendererFile('app://embed-console/', root)).toBe(join(root, 'index.html'));
    expect(rendererFile('app://embed-console', root)).toBe(join(root, 'index.html'));
    expect(rendererFile('app://embed-console/index.html?view=history#/profiles', root)).toBe(join(root, 'index.html'));
    expect(rendererFile('app://embed-console/assets/index-DairgpPF.js', root)).toBe(join(root, 'assets', 'index-DairgpPF.js'));
    expect(rendererFile('app://embed-console/assets/index_a-b.c.css', root)).toBe(join(root, 'assets', 'index_a-b.c.css'));
  });

  it.each([
    ['dot segments', 'app://embed-console/../../etc/passwd'],
    ['one dot segment', 'app://embed-console/./index.html'],
    ['dot segments inside the path', 'app://embed-console/assets/../../secret.txt'],
    ['encoded dots and slash', 'app://embed-console/%2e%2e%2fsecret.txt'],
    ['encoded dot segments', 'app://embed-console/%2e%2e/%2e%2e/etc/passwd'],
    ['an encoded slash', 'app://embed-console/assets%2findex.js'],
    ['an encoded absolute path', 'app://embed-console/%2Fetc%2Fpasswd'],
    ['an absolute path', 'app://embed-console//etc/passwd'],
    ['an absolute path with no host', 'app:///etc/passwd'],
    ['a drive letter', 'app://embed-console/C:/Windows/win.ini'],
    ['a backslash', 'app://embed-console/..\\secret.txt'],
    ['a dot file', 'app://embed-console/.env'],
    ['a folder', 'app://embed-console/assets/'],
    ['another host', 'app://evil/index.html'],
    ['a host that starts like ours', 'app://embed-console.evil/index.html'],
    ['a port', 'app://embed-console:8080/index.html'],
    ['credentials', 'app://user@embed-console/index.html'],
    ['a file URL', 'file:///opt/Embed%20Console/dist/renderer/index.html'],
    ['a web URL', 'https://embed-console/index.html'],
    ['not a URL', 'index.html'],
    ['a spelling Chromium never hands a handler (upper case)', 'APP://embed-console/index.html'],
    ['a spelling Chromium never hands a handler (leading space)', ' app://embed-console/index.html'],
  ])('maps no file for %s', (_name, url) => {
    expect(rendererFile(url, root)).toBeUndefined();
  });

  const serve = serveRenderer(fixture.renderer);
  const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

  it('serves index.html and the assets of the renderer folder, each with its type', async () => {
    const index = await get('app://embed-console/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toBe(fixture.files['index.html']);

    const root = await get('app://embed-console/');
    expect(await root.text()).toBe(fixture.files['index.html']);

    const script = await get('app://embed-console/assets/index-Ab_1.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe(fixture.files['assets/index-Ab_1.js']);

    const style = await get('app://embed-console/assets/index-Cd-2.css');
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await style.text()).toBe(fixture.files['assets/index-Cd-2.css']);

    const head = await get('app://embed-console/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it.each([
    'app://embed-console/../secret.txt',
    'app://embed-console/../../etc/passwd',
    'app://embed-console/%2e%2e%2fsecret.txt',
    'app://embed-console/%2e%2e/secret.txt',
    `app://embed-console/${fixture.dir}/secret.txt`,
    `app://embed-console/${encodeURIComponent(join(fixture.dir, 'secret.txt'))}`,
    'app://evil/index.html',
    'app://embed-console/missing.js',
    'app://embed-console/assets',
  ])('answers 404 to %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('NOT-FOR-THE-PAGE');
  });

  it('answers only GET and HEAD', async () => {
    expect((await get('app://embed-console/index.html', 'POST')).status).toBe(405);
    expect((await get('app://embed-console/index.html', 'PUT')).status).toBe(405);
  });

  it('serves the built renderer: its page and every script and style it names', async () => {
    const built = fileURLToPath(new URL('../dist/renderer', import.meta.url));
    expect(existsSync(join(built, 'index.html')), 'dist/renderer/index.html: run "npm run build" first').toBe(true);
    const serveBuilt = serveRenderer(built);
    const page = await serveBuilt(new Request(APP_INDEX_URL));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toBe(readFileSync(join(built, 'index.html'), 'utf8'));
    const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    for (const asset of assets) {
      const response = await serveBuilt(new Request(new URL(asset, APP_INDEX_URL).href));
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type'), asset).toBe(asset.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
    }
  });

  it('is registered privileged (standard, secure, fetch) before the app is ready, and handled after', async () => {
    startup.core = fakeCore().core;
    await start();
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(APP_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
    const registeredAt = fake.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0];
    const readyAt = fake.app.whenReady.mock.invocationCallOrder[0];
    expect(registeredAt).toBeLessThan(readyAt);
    expect(fake.protocol.handle).toHaveBeenCalledTimes(1);
    expect(fake.protocol.handle.mock.calls[0][0]).toBe('app');
    expect(fake.protocol.handle.mock.invocationCallOrder[0]).toBeGreaterThan(readyAt);
  });

  it('start() serves the renderer folder through rendererFile, and nothing beside it', async () => {
    startup.core = fakeCore().core;
    await start();
    const handler = fake.protocol.handle.mock.calls[0][1] as unknown as (request: Request) => Promise<Response>;
    const index = await handler(new Request(APP_INDEX_URL));
    expect(index.status).toBe(200);
    expect(await index.text()).toBe(fixture.files['index.html']);
    const beside = await handler(new Request('app://embed-console/../secret.txt'));
    expect(beside.status).toBe(404);
    expect(await beside.text()).not.toContain('NOT-FOR-THE-PAGE');
    expect((await handler(new Request('app://evil/index.html'))).status).toBe(404);
  });
});

describe('web contents hooks', () => {
  function secured(type = 'window') {
    const contents = new fake.FakeWebContents(type);
    secureWebContents(contents as unknown as WebContents, '/app/dist/webview-preload.cjs');
    return contents;
  }

  it('never lets the app window navigate away from its page', () => {
    const contents = secured();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:4321/', 'app://evil/index.html']) {
      const event = navigationEvent(url);
      contents.emit('will-navigate', event, url);
      expect(event.defaultPrevented).toBe(true);
    }
  });

  it('lets the preview move between web pages only', () => {
    const contents = secured('webview');
    const web = navigationEvent('https://app.sigmacomputing.com/acme/workbook/x');
    contents.emit('will-navigate', web, web.url);
    expect(web.defaultPrevented).toBe(false);
    for (const url of ['file:///etc/passwd', APP_PAGE]) {
      const event = navigationEvent(url);
      contents.emit('will-navigate', event, event.url);
      expect(event.defaultPrevented, url).toBe(true);
    }
  });

  it('denies every new window and sends only http(s) links to the system browser', () => {
    const contents = secured();
    const open = contents.windowOpenHandler!;
    expect(open({ url: 'https://help.sigmacomputing.com/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'http://127.0.0.1:4321/x' })).toEqual({ action: 'deny' });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://evil.example/share', APP_PAGE, 'not a url']) {
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.shell.openExternal.mock.calls).toEqual([['https://help.sigmacomputing.com/'], ['http://127.0.0.1:4321/x']]);
  });

  it('forces safe preferences, our preload and the preview partition on every webview', () => {
    const { event, prefs, params } = attachedWebview();
    expect(event.defaultPrevented).toBe(false);
    expect(prefs.preload).toBe('/app/dist/webview-preload.cjs');
    expect(prefs).not.toHaveProperty('preloadURL');
    expect(prefs).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disablePopups: true,
      partition: PREVIEW_PARTITION,
    });
    expect(params.partition).toBe(PREVIEW_PARTITION);
  });

  it('gives a webview the real relay preload when none is named (the one next to the bundle)', () => {
    const contents = new fake.FakeWebContents('window');
    secureWebContents(contents as unknown as WebContents);
    const prefs: Record<string, unknown> = {};
    contents.emit('will-attach-webview', navigationEvent(''), prefs, { src: '' });
    expect(prefs.preload).toBe(paths.WEBVIEW_PRELOAD);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'chrome://gpu', APP_PAGE])(
    'refuses a webview whose src is %s',
    (src) => {
      const contents = secured();
      const event = navigationEvent('');
      contents.emit('will-attach-webview', event, {}, { src });
      expect(event.defaultPrevented).toBe(true);
    },
  );

  it('attaches a webview with no src yet (it loads nothing until given a web URL)', () => {
    const contents = secured();
    const event = navigationEvent('');
    contents.emit('will-attach-webview', event, {}, { src: '' });
    expect(event.defaultPrevented).toBe(false);
  });
});

describe('sessions', () => {
  function decide(session: { beforeRequest?: (d: { url: string }, cb: (r: { cancel?: boolean }) => void) => void }, url: string) {
    let cancel: boolean | undefined;
    session.beforeRequest!({ url }, (r) => (cancel = r.cancel));
    return cancel ? 'blocked' : 'allowed';
  }

  it("loads only its own app:// origin and DevTools in the app's own frame: no file, nothing remote", () => {
    restrictSessions();
    const own = fake.sessions.default;
    expect(decide(own, APP_PAGE)).toBe('allowed');
    expect(decide(own, 'app://embed-console/assets/index-DairgpPF.js')).toBe('allowed');
    expect(decide(own, 'devtools://devtools/bundled/devtools_app.html')).toBe('allowed');
    expect(decide(own, 'data:image/png;base64,iVBORw0KGgo=')).toBe('allowed');
    expect(decide(own, 'blob:app://embed-console/7b4d')).toBe('allowed');

    expect(decide(own, 'file:///app/dist/renderer/index.js')).toBe('blocked');
    expect(decide(own, 'file:///etc/passwd')).toBe('blocked');
    expect(decide(own, 'file://server/share/x.js')).toBe('blocked');
    expect(decide(own, 'app://evil/x.js')).toBe('blocked');
    expect(decide(own, 'https://evil.example/x.js')).toBe('blocked');
    expect(decide(own, 'http://127.0.0.1:4321/')).toBe('blocked');
    expect(decide(own, 'not a url')).toBe('blocked');
    expect(isAppResource(APP_PAGE)).toBe(true);
    expect(isAppResource(OLD_FILE_PAGE)).toBe(false);
  });

  it('denies the preview every permission and every local file', () => {
    restrictSessions();
    const preview = fake.sessions.partitions.get(PREVIEW_PARTITION)!;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const granted = vi.fn();
      preview.permissionRequest!({}, permission, granted);
      expect(granted).toHaveBeenCalledWith(false);
    }
    expect(preview.permissionCheck!({}, 'media', 'https://evil.example', {})).toBe(false);
    expect(decide(preview, 'http://127.0.0.1:4321/embed')).toBe('allowed');
    expect(decide(preview, 'wss://app.sigmacomputing.com/socket')).toBe('allowed');
    expect(decide(preview, 'file:///etc/passwd')).toBe('blocked');
    expect(decide(preview, APP_PAGE)).toBe('blocked');
  });

  it('grants the app window only clipboard writes (its copy buttons)', () => {
    restrictSessions();
    const ask = (permission: string) => {
      const granted = vi.fn();
      fake.sessions.default.permissionRequest!({}, permission, granted);
      return granted.mock.calls[0][0];
    };
    expect(ask('clipboard-sanitized-write')).toBe(true);
    expect(ask('media')).toBe(false);
    expect(ask('clipboard-read')).toBe(false);
  });
});

describe('menu', () => {
  const roles = (template: MenuItemConstructorOptions[]) =>
    template.flatMap((item) => [item.role, ...((item.submenu as MenuItemConstructorOptions[] | undefined) ?? []).map((i) => i.role)]);

  it('offers copy and paste, and DevTools only in development', () => {
    const dev = menuTemplate({ isPackaged: false, platform: 'linux', openHelp: () => {} });
    expect(roles(dev)).toEqual(expect.arrayContaining(['quit', 'copy', 'paste', 'cut', 'selectAll', 'undo', 'reload', 'toggleDevTools', 'zoomIn']));
    const packaged = menuTemplate({ isPackaged: true, platform: 'linux', openHelp: () => {} });
    expect(roles(packaged)).not.toContain('toggleDevTools');
    expect(roles(menuTemplate({ isPackaged: true, platform: 'darwin', openHelp: () => {} }))[0]).toBe('appMenu');
  });

  it("opens Sigma's JWT embedding guide in the system browser from Help", () => {
    const openHelp = vi.fn();
    const help = menuTemplate({ isPackaged: true, platform: 'linux', openHelp }).find((i) => i.role === 'help')!;
    const item = (help.submenu as MenuItemConstructorOptions[])[0];
    (item.click as () => void)();
    expect(openHelp).toHaveBeenCalled();
    openExternally(HELP_URL);
    expect(fake.shell.openExternal).toHaveBeenCalledWith(HELP_URL);
  });

  it('start() installs it, with Help opening the guide in the system browser', async () => {
    startup.core = fakeCore().core;
    await start();
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const template = fake.Menu.setApplicationMenu.mock.calls[0][0] as unknown as MenuItemConstructorOptions[];
    expect(roles(template)).toContain('toggleDevTools');
    const help = template.find((i) => i.role === 'help')!;
    ((help.submenu as MenuItemConstructorOptions[])[0].click as () => void)();
    expect(fake.shell.openExternal).toHaveBeenCalledWith(HELP_URL);
  });
});

describe('start()', () => {
  it('starts the host, registers the contract for its one window, and closes the host on quit', async () => {
    const { core, calls } = fakeCore();
    startup.core = core;
    await start();

    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalled();
    // The start browser mode makes: a running local embed host reused, else one started; and where secrets live, said.
    expect(startup.startHostSession).toHaveBeenCalledWith(process.env, expect.objectContaining({ host: 'reuse', notify: expect.any(Function) }));
    expect(startup.startSession).not.toHaveBeenCalled();
    expect(errors).toContainEqual(['Embed Console: Secrets: in the OS keychain.']);
    expect(fake.windows).toHaveLength(1);
    const [window] = fake.windows;
    expect(window.options.webPreferences).toMatchObject({ ...SAFE_PREFERENCES, preload: paths.PRELOAD });
    expect(window.loaded).toEqual([APP_INDEX_URL]);
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalled();
    for (const event of ['web-contents-created', 'window-all-closed', 'activate', 'second-instance', 'will-quit']) {
      expect(fake.app.listenerCount(event), event).toBe(1);
    }

    const handler = registered().get('profiles:list')!;
    window.webContents.mainFrame.url = APP_PAGE;
    const fromMainFrame = { sender: window.webContents, senderFrame: window.webContents.mainFrame } as unknown as IpcMainInvokeEvent;
    await expect(handler(fromMainFrame, {})).resolves.toMatchObject({ ok: true });
    // A subframe of the app's window is not the app, even showing the app's page.
    const logged = errors.length;
    await expect(handler(invokeEvent(APP_PAGE, window.webContents), {})).resolves.toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await expect(handler(invokeEvent(APP_PAGE, new fake.FakeWebContents('webview')), {})).resolves.toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    // The window's main frame, navigated (somehow) to a file: the old trust is gone.
    window.webContents.mainFrame.url = OLD_FILE_PAGE;
    await expect(handler(fromMainFrame, {})).resolves.toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(calls).toHaveLength(1);
    // One line per refusal.
    expect(errors.length - logged).toBe(3);

    const quit = navigationEvent('');
    fake.app.emit('will-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    expect(startup.host.close).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
    const again = navigationEvent('');
    fake.app.emit('will-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });

  it('secures every web contents the app creates', async () => {
    startup.core = fakeCore().core;
    await start();
    const contents = new fake.FakeWebContents('window');
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler).toBeDefined();
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.listenerCount('will-attach-webview')).toBe(1);
  });

  it('restricts the sessions once ready', async () => {
    startup.core = fakeCore().core;
    fake.sessions.default.beforeRequest = undefined;
    await start();
    expect(fake.sessions.default.beforeRequest).toBeDefined();
    let cancel: boolean | undefined;
    fake.sessions.default.beforeRequest!({ url: 'file:///etc/passwd' }, (r) => (cancel = r.cancel));
    expect(cancel).toBe(true);
  });

  it('still opens its window and serves the contract when the local embed host does not start, and says why', async () => {
    const { core, calls } = fakeCore();
    startup.core = core;
    startup.startHostSession.mockRejectedValueOnce(new Error('EACCES: permission denied'));
    await start();

    expect(startup.startSession).toHaveBeenCalledWith(process.env, expect.objectContaining({ notify: expect.any(Function) }));
    expect(errors).toContainEqual([
      'Embed Console: the local embed host did not start (EACCES: permission denied); the local-demo profile cannot be previewed.',
    ]);
    expect(errors).toContainEqual(['Embed Console: Secrets: in the OS keychain.']);
    expect(fake.windows).toHaveLength(1);
    const [window] = fake.windows;
    window.webContents.mainFrame.url = APP_PAGE;
    const fromMainFrame = { sender: window.webContents, senderFrame: window.webContents.mainFrame } as unknown as IpcMainInvokeEvent;
    await expect(registered().get('profiles:list')!(fromMainFrame, {})).resolves.toMatchObject({ ok: true });
    expect(calls).toHaveLength(1);
    // No host of its own to wait for on quit.
    const quit = navigationEvent('');
    fake.app.emit('will-quit', quit);
    expect(quit.defaultPrevented).toBe(false);
    expect(startup.host.close).not.toHaveBeenCalled();
  });

  it('leaves at once when another instance holds the lock', async () => {
    fake.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    await start();
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcMain.handle).not.toHaveBeenCalled();
    expect(fake.protocol.handle).not.toHaveBeenCalled();
  });
});

describe('main.ts, the entry', () => {
  it('starts nothing when imported outside Electron (tests, tools)', async () => {
    vi.resetModules();
    await import('../main/electron/main');
    expect(fake.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(fake.app.listenerCount('will-quit')).toBe(0);
  });

  it("starts the app in Electron's main process", async () => {
    startup.core = fakeCore().core;
    vi.resetModules();
    Object.defineProperty(process.versions, 'electron', { value: '40.8.5', configurable: true });
    Object.defineProperty(process, 'type', { value: 'browser', configurable: true });
    try {
      await import('../main/electron/main');
    } finally {
      delete (process.versions as Record<string, string>).electron;
      delete (process as { type?: string }).type;
    }
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(fake.windows[0].loaded).toEqual([APP_INDEX_URL]);
  });
});

describe('the preview relay (webview preload)', () => {
  class FakeWindow extends EventEmitter {
    addEventListener(type: string, listener: Listener) {
      this.on(type, listener);
    }
    posted: unknown[] = [];
    /** Like window.postMessage to oneself: the message comes back with this window as its source. */
    postMessage(data: unknown) {
      this.posted.push(data);
      this.emit('message', { source: this, data: structuredClone(data) });
    }
  }

  async function relay() {
    const win = new FakeWindow();
    const { installPreviewRelay } = await import('../main/electron/preload/webview');
    installPreviewRelay(win as unknown as Window, fake.ipcRenderer as never);
    const [channel, onCommand] = fake.ipcRenderer.on.mock.calls.at(-1) as [string, Listener];
    expect(channel).toBe(PREVIEW_COMMAND_CHANNEL);
    return { win, command: (message: unknown) => onCommand({}, message) };
  }

  it("relays the embed's messages to the app, and only those from its own window", async () => {
    const { win } = await relay();
    win.emit('message', { source: win, origin: 'https://app.sigmacomputing.com', data: { type: 'workbook:loaded', workbook: { id: 'w' } } });
    win.emit('message', { source: {}, data: { type: 'workbook:loaded', from: 'another frame' } });
    win.emit('message', { source: null, data: { type: 'workbook:loaded', from: 'a worker' } });
    win.emit('message', { source: win, data: 'not an embed message' });
    win.emit('message', { source: win, data: { kind: 'no type' } });
    expect(fake.ipcRenderer.sendToHost.mock.calls).toEqual([
      [PREVIEW_EVENT_CHANNEL, { type: 'workbook:loaded', workbook: { id: 'w' } }, 'https://app.sigmacomputing.com'],
    ]);
  });

  it("posts the app's commands to the embed without echoing them back as events", async () => {
    const { win, command } = await relay();
    const update = { type: 'workbook:variables:update', variables: { Region: 'West' } };
    command(update);
    command('not an embed message');
    expect(win.posted).toEqual([update]);
    expect(fake.ipcRenderer.sendToHost).not.toHaveBeenCalled();
    win.emit('message', { source: win, origin: 'https://app.sigmacomputing.com', data: { ...update } });
    expect(fake.ipcRenderer.sendToHost).toHaveBeenCalledWith(PREVIEW_EVENT_CHANNEL, update, 'https://app.sigmacomputing.com');
  });

  it('wires itself to the page window when loaded as a preload, exposing nothing', async () => {
    const win = new FakeWindow();
    vi.stubGlobal('window', win);
    vi.resetModules();
    try {
      await import('../main/electron/preload/webview');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fake.ipcRenderer.on).toHaveBeenCalledWith(PREVIEW_COMMAND_CHANNEL, expect.any(Function));
    expect(fake.contextBridge.exposeInMainWorld).not.toHaveBeenCalled();
    win.emit('message', { source: win, origin: 'http://127.0.0.1:4000', data: { type: 'workbook:error', message: 'expired' } });
    expect(fake.ipcRenderer.sendToHost).toHaveBeenCalledWith(PREVIEW_EVENT_CHANNEL, { type: 'workbook:error', message: 'expired' }, 'http://127.0.0.1:4000');
  });
});
