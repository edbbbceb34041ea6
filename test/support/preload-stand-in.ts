/**
 * What Electron hands a sandboxed preload (`require('electron')`: contextBridge, ipcRenderer), as
 * a stand-in in a real Chromium page, so the built preloads run there as they would in the app.
 */
import { readFileSync } from 'node:fs';

/** What the stand-in and the test leave on the page's window. */
export interface PageWindow {
  __ipc: { invoked: unknown[][]; sent: unknown[][]; listeners: Record<string, (event: unknown, message: unknown) => void>; exposed: string[] };
  __heard: unknown[];
  embedConsole: Record<string, (request: unknown) => Promise<unknown>>;
}

export const bundle = (name: string) => readFileSync(new URL(`../../dist/${name}`, import.meta.url), 'utf8');

/** In the page: a stand-in for the electron module a sandboxed preload may require, recording what it is asked. */
export const STAND_IN = `
  window.__ipc = { invoked: [], sent: [], listeners: {}, exposed: [] };
  window.__electron = {
    contextBridge: {
      exposeInMainWorld(name, api) {
        window.__ipc.exposed.push(name);
        window[name] = api;
      },
    },
    ipcRenderer: {
      invoke(channel, request) {
        window.__ipc.invoked.push([channel, request]);
        return Promise.resolve({ ok: true, data: channel });
      },
      sendToHost(...args) {
        window.__ipc.sent.push(args);
      },
      on(channel, listener) {
        window.__ipc.listeners[channel] = listener;
      },
    },
  };
`;

/** Runs a CommonJS preload bundle as Electron would: with `require`, `module` and `exports`, and only 'electron' to require. */
export function asPreload(code: string): string {
  return `(function (require, module, exports) {\n${code}\n})((name) => {
    if (name !== 'electron') throw new Error('a sandboxed preload can require only electron, not ' + name);
    return window.__electron;
  }, { exports: {} }, {});`;
}
