/**
 * The desktop app's entry: bundled to dist/electron-main.js, next to preload.cjs,
 * webview-preload.cjs and renderer/ (see paths.ts). Everything it does is in lifecycle.ts.
 */
import { app } from 'electron';
import { start } from './lifecycle';

// Importing this module (tests, tools) does nothing; only Electron's main process starts the app.
if (process.versions.electron && process.type === 'browser') {
  start().catch((error: unknown) => {
    console.error(`Embed Console could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    app.exit(1);
  });
}
