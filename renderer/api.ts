/**
 * The renderer's only way to the core: the contract, carried by Electron's preload
 * (window.embedConsole) or, in browser mode, by HTTP to the server that served this page.
 */
import { METHODS, WEB_TOKEN_HEADER, type EmbedConsoleApi } from '../shared/api';

declare global {
  interface Window {
    embedConsole?: EmbedConsoleApi;
  }
}

/** Browser mode's adapter: one POST per call, the per-run token from this page's URL. */
function webClient(token: string): EmbedConsoleApi {
  const call = (method: string) => async (request: unknown) => {
    try {
      const response = await fetch(`api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [WEB_TOKEN_HEADER]: token },
        body: JSON.stringify(request),
      });
      return await response.json();
    } catch {
      return { ok: false, code: 'INTERNAL', message: 'Embed Console did not answer; is "embed-console ui" still running? Start it again and reload.' };
    }
  };
  return Object.fromEntries(METHODS.map((method) => [method, call(method)])) as EmbedConsoleApi;
}

export function connect(): EmbedConsoleApi {
  return window.embedConsole ?? webClient(new URLSearchParams(location.search).get('token') ?? '');
}

/** Whether this renderer runs in the desktop app (a webview preview) or a browser (an iframe). */
export const inElectron = () => window.embedConsole !== undefined;
