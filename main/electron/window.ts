/** The app's one window: its size, its preferences, and the page it shows. */
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { APP_INDEX_URL } from './app-scheme';
import { PRELOAD } from './paths';
import { SAFE_PREFERENCES } from './security';

export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Embed Console',
    show: false,
    webPreferences: {
      ...SAFE_PREFERENCES,
      preload,
      // The preview is a <webview>; will-attach-webview (security.ts) decides what each one gets.
      webviewTag: true,
      spellcheck: false,
    },
  };
}

export function createWindow(): BrowserWindow {
  const window = new BrowserWindow(windowOptions(PRELOAD));
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_INDEX_URL).catch((error: unknown) => {
    console.error(`Embed Console: could not load ${APP_INDEX_URL} (${String(error)}); run "npm run build" first.`);
  });
  return window;
}
