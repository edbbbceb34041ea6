/**
 * The IPC adapter: one ipcMain.handle per contract method, each refusing any sender but the
 * app's own page before handing the request to the core, which checks its schema. The one file
 * on the main side of IPC allowed an untyped cast: requests arrive as `unknown`.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { METHODS, type EmbedConsoleApi, type Method } from '../../shared/api';
import type { Failure } from '../../shared/errors';
import { isAppUrl } from './app-scheme';

/** The app's own page: a URL on app://embed-console, exactly (never file:, a remote page or another app host). */
export function isAppFrame(url: string | undefined): boolean {
  return isAppUrl(url);
}

/** The sender frame's URL, or undefined when the frame has navigated away or been destroyed. */
function senderUrl(event: IpcMainInvokeEvent): string | undefined {
  try {
    return event.senderFrame?.url;
  } catch {
    return undefined;
  }
}

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export const fromAppFrame: SenderCheck = (event) => isAppFrame(senderUrl(event));

/** Longest sender URL a refusal line shows: a data: URL can be a whole page. */
const SENDER_SHOWN = 200;

/**
 * Who called, for the log: the sender's URL without its query and fragment (a signed embed URL
 * carries its token there), shortened. Never anything of the request.
 */
function describeSender(event: IpcMainInvokeEvent): string {
  const url = senderUrl(event);
  if (!url) return 'a frame that is gone';
  let shown: string;
  try {
    const parsed = new URL(url);
    parsed.search = '';
    parsed.hash = '';
    shown = parsed.href;
  } catch {
    shown = 'an unreadable URL';
  }
  return shown.length > SENDER_SHOWN ? `${shown.slice(0, SENDER_SHOWN)}…` : shown;
}

function refused(method: Method, event: IpcMainInvokeEvent): Failure {
  // Once per refusal, in the main process: a refused caller is a bug or an attack, never silent.
  console.error(`Embed Console: refused ${method} from ${describeSender(event)}: only the app's own page may call the core.`);
  return {
    ok: false,
    code: 'FORBIDDEN',
    message: `Refused ${method}: only the Embed Console window may call the core.`,
  };
}

export function registerIpc(core: EmbedConsoleApi, isTrusted: SenderCheck = fromAppFrame): void {
  for (const method of METHODS) {
    const forward = core[method] as (request: unknown) => ReturnType<EmbedConsoleApi[Method]>;
    ipcMain.handle(method, async (event, request: unknown) => (isTrusted(event) ? forward(request) : refused(method, event)));
  }
}
