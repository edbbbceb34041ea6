/**
 * The app window's preload: exposes the contract as window.embedConsole, one function per
 * method and nothing else (no generic invoke, no ipcRenderer). It runs in the page, not in Node
 * (hence this folder). Bundled to dist/preload.cjs: a sandboxed preload can require only
 * 'electron'. The one renderer-side IPC adapter allowed a cast.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { EmbedConsoleApi } from '../../../shared/api';
import { METHODS } from '../../../shared/methods';

export const api = Object.fromEntries(METHODS.map((method) => [method, (request: unknown) => ipcRenderer.invoke(method, request)])) as EmbedConsoleApi;

contextBridge.exposeInMainWorld('embedConsole', api);
