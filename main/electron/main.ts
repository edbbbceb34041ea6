/**
 * The desktop app's main process: lifecycle, one window, a small menu, and the security hooks
 * every web contents gets. The core, the local embed host and the IPC adapter do the work; this
 * file only wires them. Bundled to dist/electron-main.js, next to preload.cjs,
 * webview-preload.cjs and renderer/ (the paths below are relative to the bundle).
 */
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  Menu,
  session,
  shell,
  type BrowserWindowConstructorOptions,
  type MenuItemConstructorOptions,
  type WebContents,
  type WebPreferences,
} from 'electron';
import { PREVIEW_PARTITION } from '../../shared/preview';
import type { EmbedHost } from '../host/server';
import { startHostSession, startSession } from '../startup';
import { fromAppFrame, registerIpc } from './ipc';

export const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));
export const WEBVIEW_PRELOAD = fileURLToPath(new URL('./webview-preload.cjs', import.meta.url));
export const INDEX_HTML = fileURLToPath(new URL('./renderer/index.html', import.meta.url));
/** Sigma's own guide to JWT-signed embeds: what this app helps get right. */
export const HELP_URL = 'https://help.sigmacomputing.com/docs/create-an-embed-api-with-json-web-tokens';

const protocolOf = (url: string): string | undefined => {
  try {
    return new URL(url).protocol;
  } catch {
    return undefined;
  }
};

/** Only web pages go to the system browser or into the preview; never file:, javascript: or app schemes. */
export const isWebUrl = (url: string): boolean => ['http:', 'https:'].includes(protocolOf(url) ?? '');

/** What the app's own frame may load: its files and DevTools, nothing remote. */
const isAppResource = (url: string): boolean => ['file:', 'devtools:', 'data:', 'blob:'].includes(protocolOf(url) ?? '');

/** What the preview may load: the embed is a web page (and may use websockets). */
const isPreviewResource = (url: string): boolean =>
  ['http:', 'https:', 'ws:', 'wss:', 'data:', 'blob:'].includes(protocolOf(url) ?? '');

export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Embed Console',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      // The preview is a <webview>; will-attach-webview below decides what each one gets.
      webviewTag: true,
      spellcheck: false,
    },
  };
}

/** Sends a link to the system browser, only if it is a web page. */
export function openExternally(url: string): void {
  if (!isWebUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => console.error(`Embed Console: could not open ${url}: ${String(error)}`));
}

/**
 * Locks down a web contents (the app window, a preview webview, DevTools): no popups (links go
 * to the system browser), no navigating the app away from its page, and every <webview> it
 * attaches gets safe preferences, our relay preload and the preview partition.
 */
export function secureWebContents(contents: WebContents, webviewPreload: string = WEBVIEW_PRELOAD): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });

  contents.on('will-navigate', (event) => {
    // The preview is a web page and may move between web pages (a Sigma sign-in redirect, a
    // link inside a workbook); the app's own frame never leaves its page.
    if (contents.getType() === 'webview' && isWebUrl(event.url)) return;
    event.preventDefault();
  });

  contents.on('will-attach-webview', (event, webPreferences, params) => {
    const prefs = webPreferences as WebPreferences & Record<string, unknown>;
    // Whatever preload the page asked for, the preview runs ours and only ours.
    delete prefs.preloadURL;
    prefs.preload = webviewPreload;
    prefs.nodeIntegration = false;
    prefs.nodeIntegrationInWorker = false;
    prefs.nodeIntegrationInSubFrames = false;
    prefs.contextIsolation = true;
    prefs.sandbox = true;
    prefs.webSecurity = true;
    prefs.allowRunningInsecureContent = false;
    prefs.webviewTag = false;
    prefs.disablePopups = true;
    prefs.partition = PREVIEW_PARTITION;
    params.partition = PREVIEW_PARTITION;
    // An empty src loads nothing; later loads are held to web URLs by the partition's filter.
    if (params.src && !isWebUrl(params.src)) event.preventDefault();
  });
}

/** No remote content in the app's own frame; the preview gets no permissions and no local files. */
export function restrictSessions(): void {
  const own = session.defaultSession;
  own.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAppResource(details.url) }));
  // The renderer's copy buttons use the async clipboard; nothing else is granted.
  own.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  own.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');

  const preview = session.fromPartition(PREVIEW_PARTITION);
  preview.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  preview.setPermissionCheckHandler(() => false);
  preview.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isPreviewResource(details.url) }));
}

export function menuTemplate(options: {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  openHelp: () => void;
}): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(options.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
  ];
  return [
    ...(options.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: [{ role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'help', submenu: [{ label: 'Sigma embedding with JWT (help.sigmacomputing.com)', click: options.openHelp }] },
  ];
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(windowOptions(PRELOAD));
  window.once('ready-to-show', () => window.show());
  window.loadFile(INDEX_HTML).catch((error: unknown) => {
    console.error(`Embed Console: could not load ${INDEX_HTML} (${String(error)}); run "npm run build" first.`);
  });
  return window;
}

/** How long quitting waits for the local embed host to close its connections. */
const HOST_CLOSE_MS = 2_000;

export async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let window: BrowserWindow | undefined;
  let host: EmbedHost | undefined;
  let started = false;

  app.on('web-contents-created', (_event, contents) => secureWebContents(contents));
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  const openWindow = () => {
    const opened = createWindow();
    opened.on('closed', () => {
      if (window === opened) window = undefined;
    });
    window = opened;
  };
  app.on('activate', () => {
    if (started && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('will-quit', (event) => {
    const closing = host;
    if (!closing) return;
    host = undefined;
    event.preventDefault();
    const timeout = new Promise<void>((done) => setTimeout(done, HOST_CLOSE_MS).unref());
    Promise.race([closing.close(), timeout])
      .catch((error: unknown) => console.error(`Embed Console: the local embed host did not close cleanly: ${String(error)}`))
      .finally(() => app.quit());
  });

  await app.whenReady();
  restrictSessions();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ isPackaged: app.isPackaged, platform: process.platform, openHelp: () => openExternally(HELP_URL) }),
    ),
  );

  // The same start as browser mode: first run, the secret store said, a running local embed host
  // reused or one started. The vault's passphrase, where there is one, is asked by the window.
  const options = { notify: (message: string) => console.error(`Embed Console: ${message}`) };
  const session = await startHostSession(process.env, { ...options, host: 'reuse' }).catch(async (error: unknown) => {
    options.notify(`the local embed host did not start (${error instanceof Error ? error.message : String(error)}); the local-demo profile cannot be previewed.`);
    return startSession(process.env, options);
  });
  options.notify((await session.status()).line);
  if ('host' in session) host = session.host;
  // Only our one window, showing our own page, may call the core (not a webview, not DevTools).
  // The app's own window, its main frame (not a subframe), showing the app's own page.
  registerIpc(
    session.home.core,
    (event) => window !== undefined && event.sender === window.webContents && event.senderFrame === window.webContents.mainFrame && fromAppFrame(event),
  );
  openWindow();
  started = true;
}

// Importing this module (tests, tools) does nothing; only Electron's main process starts the app.
if (process.versions.electron && process.type === 'browser') {
  start().catch((error: unknown) => {
    console.error(`Embed Console could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    app.exit(1);
  });
}
