/**
 * Where the desktop app's files are: next to the main-process bundle (dist/electron-main.js),
 * as scripts/build.mjs lays them out. Relative to the bundle, so the same paths hold in a
 * development tree and inside the packaged app.
 */
import { fileURLToPath } from 'node:url';

/** The app window's preload (main/electron/preload/app.ts). */
export const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));
/** The preview webview's relay preload (main/electron/preload/webview.ts). */
export const WEBVIEW_PRELOAD = fileURLToPath(new URL('./webview-preload.cjs', import.meta.url));
/** The built renderer: the only folder the app:// scheme serves. */
export const RENDERER_DIR = fileURLToPath(new URL('./renderer', import.meta.url));
