/**
 * The IPC adapter: one ipcMain.handle per contract method, each refusing any sender but the
 * app's own page before handing the request to the core, which checks its schema. The one file
 * on the main side of IPC allowed an untyped cast: requests arrive as `unknown`.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { METHODS, type EmbedConsoleApi, type Method } from '../../shared/api';
import type { Failure } from '../../shared/errors';

/** The app's own page: dist/renderer/index.html loaded from disk, never a remote or other file. */
export function isAppFrame(url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // A host on a file URL is a network share (file://server/...), not the installed app.
  return parsed.protocol === 'file:' && parsed.host === '' && parsed.pathname.endsWith('/renderer/index.html');
}

/** The sender frame's URL, or undefined when the frame has navigated away or been destroyed. */
export function senderUrl(event: IpcMainInvokeEvent): string | undefined {
  try {
    return event.senderFrame?.url;
  } catch {
    return undefined;
  }
}

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export const fromAppFrame: SenderCheck = (event) => isAppFrame(senderUrl(event));

function refused(method: Method): Failure {
  return {
    ok: false,
    code: 'INVALID_REQUEST',
    message: `Refused ${method}: only the Embed Console window may call the core.`,
  };
}

export function registerIpc(core: EmbedConsoleApi, isTrusted: SenderCheck = fromAppFrame): void {
  for (const method of METHODS) {
    const forward = core[method] as (request: unknown) => ReturnType<EmbedConsoleApi[Method]>;
    ipcMain.handle(method, async (event, request: unknown) => (isTrusted(event) ? forward(request) : refused(method)));
  }
}
