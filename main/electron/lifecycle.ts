/**
 * The desktop app's lifecycle: one instance, one window, the app:// scheme, the security hooks,
 * the contract over IPC, and quitting that closes the local embed host it started. The core, the
 * local embed host and the IPC adapter do the work; this file only wires them.
 */
import { reasonOf } from '../../shared/errors';
import { app, BrowserWindow } from 'electron';
import type { EmbedHost } from '../host/server';
import { startHostSession, startSession } from '../startup';
import { handleAppScheme, registerAppScheme } from './app-scheme';
import { fromAppFrame, registerIpc } from './ipc';
import { setApplicationMenu } from './menu';
import { RENDERER_DIR } from './paths';
import { restrictSessions, secureWebContents } from './security';
import { createWindow } from './window';

/** How long quitting waits for the local embed host to close its connections. */
const HOST_CLOSE_MS = 2_000;

export async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
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
  handleAppScheme(RENDERER_DIR);
  restrictSessions();
  setApplicationMenu(app.isPackaged);

  // The same start as browser mode: first run, the secret store said, a running local embed host
  // reused or one started. The vault's passphrase, where there is one, is asked by the window.
  const options = { notify: (message: string) => console.error(`Embed Console: ${message}`) };
  const session = await startHostSession(process.env, { ...options, host: 'reuse' }).catch(async (error: unknown) => {
    options.notify(`the local embed host did not start (${reasonOf(error)}); the local-demo profile cannot be previewed.`);
    return startSession(process.env, options);
  });
  options.notify((await session.status()).line);
  if ('host' in session) host = session.host;
  // Only our one window, showing our own page, may call the core (not a webview, not DevTools):
  // the app's own window, its main frame (not a subframe), on the app's own origin.
  registerIpc(
    session.home.core,
    (event) => window !== undefined && event.sender === window.webContents && event.senderFrame === window.webContents.mainFrame && fromAppFrame(event),
  );
  openWindow();
  started = true;
}
