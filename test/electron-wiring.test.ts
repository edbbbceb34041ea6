/**
 * The Electron layer's wiring, against a fake 'electron' module: the real binary cannot be
 * downloaded here, so these tests pin what main/electron asks of Electron (handlers, sender
 * checks, window and webview preferences, navigation and popups, the preview relay).
 */
import { EventEmitter } from 'node:events';
import type { IpcMainInvokeEvent, MenuItemConstructorOptions, WebContents, WebPreferences } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
      this.loaded.push(file);
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
  Menu: fake.Menu,
}));

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
    startHostSession: vi.fn(async (_env: unknown, _options: unknown): Promise<FakeSession & Pick<HostSession, 'host'>> => ({ ...state.session(), host: state.host })),
    startSession: vi.fn(async (_env: unknown, _options: unknown): Promise<FakeSession> => state.session()),
  };
  return state;
});
vi.mock('../main/startup', () => ({ startHostSession: startup.startHostSession, startSession: startup.startSession }));

const { isAppFrame, registerIpc } = await import('../main/electron/ipc');
const main = await import('../main/electron/main');

const APP_PAGE = 'file:///opt/Embed%20Console/resources/app.asar/dist/renderer/index.html';

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
  return { url, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
}

beforeEach(() => {
  vi.clearAllMocks();
  fake.windows.length = 0;
  fake.app.removeAllListeners();
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

  it("forwards a request from the app's own page to the core, unchanged", async () => {
    const { core, calls } = fakeCore();
    registerIpc(core);
    const handlers = registered();
    for (const method of METHODS) {
      const request = { probe: method };
      await expect(handlers.get(method)!(invokeEvent(APP_PAGE), request)).resolves.toEqual({ ok: true, data: `from ${method}` });
    }
    expect(calls.map((c) => c.method)).toEqual(METHODS);
    expect(calls[0].request).toEqual({ probe: METHODS[0] });
  });

  it.each([
    ['a remote page', 'https://evil.example/'],
    ['another local file', 'file:///tmp/other.html'],
    ['a frame that is gone', undefined],
    ['a file path that only contains the app page', 'file:///tmp/renderer/index.html.evil/page.html'],
    ['the app page named in a query', 'file:///tmp/other.html?/renderer/index.html'],
    ['a remote page with the same path', 'https://evil.example/dist/renderer/index.html'],
    ['a network share', 'file://evil.example/share/renderer/index.html'],
  ])('refuses %s with a coded failure and never reaches the core', async (_name, url) => {
    const { core, calls } = fakeCore();
    registerIpc(core);
    for (const [method, handler] of registered()) {
      const result = await handler(invokeEvent(url), {});
      expect(result).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
      expect((result as { message: string }).message).toContain(method);
    }
    expect(calls).toEqual([]);
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
    await expect(registered().get('profiles:list')!(event, {})).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(calls).toEqual([]);
  });

  it('isAppFrame passes the installed and the development page, and nothing else', () => {
    expect(isAppFrame(APP_PAGE)).toBe(true);
    expect(isAppFrame('file:///work/main/dist/renderer/index.html')).toBe(true);
    expect(isAppFrame('file:///C:/Program%20Files/Embed%20Console/dist/renderer/index.html')).toBe(true);
    expect(isAppFrame('file:///work/main/dist/renderer/index.html#/profiles')).toBe(true);

    expect(isAppFrame(undefined)).toBe(false);
    expect(isAppFrame('')).toBe(false);
    expect(isAppFrame('not a url')).toBe(false);
    expect(isAppFrame('https://evil.example/')).toBe(false);
    expect(isAppFrame('http://127.0.0.1:4321/renderer/index.html')).toBe(false);
    expect(isAppFrame('file:///tmp/other.html')).toBe(false);
    expect(isAppFrame('file:///tmp/renderer/index.html.evil')).toBe(false);
    expect(isAppFrame('file:///tmp/x.html?file=/renderer/index.html')).toBe(false);
    expect(isAppFrame('file://evil.example/renderer/index.html')).toBe(false);
  });

  it('applies an extra sender check (the window check main.ts passes) before the core', async () => {
    const { core, calls } = fakeCore();
    const ours = {};
    registerIpc(core, (event) => event.sender === ours && isAppFrame(event.senderFrame?.url));
    const handler = registered().get('profiles:list')!;
    await expect(handler(invokeEvent(APP_PAGE, {}), {})).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(calls).toEqual([]);
    await expect(handler(invokeEvent(APP_PAGE, ours), {})).resolves.toMatchObject({ ok: true });
    expect(calls).toHaveLength(1);
  });
});

describe('preload: window.embedConsole', () => {
  it('exposes exactly the contract methods, each invoking its own channel', async () => {
    await import('../main/electron/preload');
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

describe('the app window', () => {
  it('runs the renderer sandboxed, isolated and without Node, with our preload', () => {
    const { webPreferences } = main.windowOptions('/app/dist/preload.cjs');
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

  it('finds its preloads and page next to the main bundle', () => {
    expect(main.PRELOAD).toMatch(/[/\\]preload\.cjs$/);
    expect(main.WEBVIEW_PRELOAD).toMatch(/[/\\]webview-preload\.cjs$/);
    expect(main.INDEX_HTML).toMatch(/[/\\]renderer[/\\]index\.html$/);
    expect(isAppFrame(new URL(`file://${main.INDEX_HTML}`).href)).toBe(true);
  });
});

describe('web contents hooks', () => {
  function secured(type = 'window') {
    const contents = new fake.FakeWebContents(type);
    main.secureWebContents(contents as unknown as WebContents, '/app/dist/webview-preload.cjs');
    return contents;
  }

  it('never lets the app window navigate away from its page', () => {
    const contents = secured();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:4321/']) {
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
    const file = navigationEvent('file:///etc/passwd');
    contents.emit('will-navigate', file, file.url);
    expect(file.defaultPrevented).toBe(true);
  });

  it('denies every new window and sends only http(s) links to the system browser', () => {
    const contents = secured();
    const open = contents.windowOpenHandler!;
    expect(open({ url: 'https://help.sigmacomputing.com/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'http://127.0.0.1:4321/x' })).toEqual({ action: 'deny' });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://evil.example/share', 'not a url']) {
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.shell.openExternal.mock.calls).toEqual([['https://help.sigmacomputing.com/'], ['http://127.0.0.1:4321/x']]);
  });

  it('forces safe preferences, our preload and the preview partition on every webview', () => {
    const contents = secured();
    const prefs: WebPreferences & Record<string, unknown> = {
      preload: '/tmp/evil-preload.js',
      preloadURL: 'file:///tmp/evil-preload.js',
      nodeIntegration: true,
      nodeIntegrationInSubFrames: true,
      contextIsolation: false,
      sandbox: false,
      webSecurity: false,
      webviewTag: true,
      partition: 'persist:app',
    };
    const params: Record<string, string> = { src: 'https://app.sigmacomputing.com/acme/workbook/x', partition: 'persist:app' };
    const event = navigationEvent('');
    contents.emit('will-attach-webview', event, prefs, params);

    expect(event.defaultPrevented).toBe(false);
    expect(prefs.preload).toBe('/app/dist/webview-preload.cjs');
    expect(prefs).not.toHaveProperty('preloadURL');
    expect(prefs).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
      partition: PREVIEW_PARTITION,
    });
    expect(params.partition).toBe(PREVIEW_PARTITION);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'chrome://gpu'])(
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

  it("loads no remote content in the app's own frame", () => {
    main.restrictSessions();
    const own = fake.sessions.default;
    expect(decide(own, 'file:///app/dist/renderer/index.js')).toBe('allowed');
    expect(decide(own, 'devtools://devtools/bundled/devtools_app.html')).toBe('allowed');
    expect(decide(own, 'https://evil.example/x.js')).toBe('blocked');
    expect(decide(own, 'http://127.0.0.1:4321/')).toBe('blocked');
  });

  it('denies the preview every permission and every local file', () => {
    main.restrictSessions();
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
  });

  it('grants the app window only clipboard writes (its copy buttons)', () => {
    main.restrictSessions();
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
    const dev = main.menuTemplate({ isPackaged: false, platform: 'linux', openHelp: () => {} });
    expect(roles(dev)).toEqual(expect.arrayContaining(['quit', 'copy', 'paste', 'cut', 'selectAll', 'undo', 'reload', 'toggleDevTools', 'zoomIn']));
    const packaged = main.menuTemplate({ isPackaged: true, platform: 'linux', openHelp: () => {} });
    expect(roles(packaged)).not.toContain('toggleDevTools');
    expect(roles(main.menuTemplate({ isPackaged: true, platform: 'darwin', openHelp: () => {} }))[0]).toBe('appMenu');
  });

  it("opens Sigma's JWT embedding guide in the system browser from Help", () => {
    const openHelp = vi.fn();
    const help = main.menuTemplate({ isPackaged: true, platform: 'linux', openHelp }).find((i) => i.role === 'help')!;
    const item = (help.submenu as MenuItemConstructorOptions[])[0];
    (item.click as () => void)();
    expect(openHelp).toHaveBeenCalled();
    main.openExternally(main.HELP_URL);
    expect(fake.shell.openExternal).toHaveBeenCalledWith(main.HELP_URL);
  });
});

describe('start()', () => {
  let errors: unknown[][];
  beforeEach(() => {
    errors = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('starts the host, registers the contract for its one window, and closes the host on quit', async () => {
    const { core, calls } = fakeCore();
    startup.core = core;
    await main.start();

    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalled();
    // The start browser mode makes: a running local embed host reused, else one started; and where secrets live, said.
    expect(startup.startHostSession).toHaveBeenCalledWith(process.env, expect.objectContaining({ host: 'reuse', notify: expect.any(Function) }));
    expect(startup.startSession).not.toHaveBeenCalled();
    expect(errors).toContainEqual(['Embed Console: Secrets: in the OS keychain.']);
    expect(fake.windows).toHaveLength(1);
    const [window] = fake.windows;
    expect(window.options.webPreferences).toMatchObject({ preload: main.PRELOAD, sandbox: true, contextIsolation: true });
    expect(window.loaded).toEqual([main.INDEX_HTML]);
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalled();
    for (const event of ['web-contents-created', 'window-all-closed', 'activate', 'second-instance', 'will-quit']) {
      expect(fake.app.listenerCount(event), event).toBe(1);
    }

    const handler = registered().get('profiles:list')!;
    window.webContents.mainFrame.url = APP_PAGE;
    const fromMainFrame = { sender: window.webContents, senderFrame: window.webContents.mainFrame } as unknown as IpcMainInvokeEvent;
    await expect(handler(fromMainFrame, {})).resolves.toMatchObject({ ok: true });
    // A subframe of the app's window is not the app, even showing the app's page.
    await expect(handler(invokeEvent(APP_PAGE, window.webContents), {})).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    await expect(handler(invokeEvent(APP_PAGE, new fake.FakeWebContents('webview')), {})).resolves.toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
    });
    expect(calls).toHaveLength(1);

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
    await main.start();
    const contents = new fake.FakeWebContents('window');
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler).toBeDefined();
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.listenerCount('will-attach-webview')).toBe(1);
  });

  it('still opens its window and serves the contract when the local embed host does not start, and says why', async () => {
    const { core, calls } = fakeCore();
    startup.core = core;
    startup.startHostSession.mockRejectedValueOnce(new Error('EACCES: permission denied'));
    await main.start();

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
    await main.start();
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcMain.handle).not.toHaveBeenCalled();
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
    const { installPreviewRelay } = await import('../main/electron/webview-preload');
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

  it('posts the app\'s commands to the embed without echoing them back as events', async () => {
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
      await import('../main/electron/webview-preload');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fake.ipcRenderer.on).toHaveBeenCalledWith(PREVIEW_COMMAND_CHANNEL, expect.any(Function));
    expect(fake.contextBridge.exposeInMainWorld).not.toHaveBeenCalled();
    win.emit('message', { source: win, origin: 'http://127.0.0.1:4000', data: { type: 'workbook:error', message: 'expired' } });
    expect(fake.ipcRenderer.sendToHost).toHaveBeenCalledWith(PREVIEW_EVENT_CHANNEL, { type: 'workbook:error', message: 'expired' }, 'http://127.0.0.1:4000');
  });
});
