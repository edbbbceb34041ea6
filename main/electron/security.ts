/**
 * The security hooks: the preferences every page runs with, what each session may load, where
 * links go, and what every web contents (the app window, a preview webview, DevTools) may do.
 */
import { session, shell, type WebContents, type WebPreferences } from 'electron';
import { PREVIEW_PARTITION } from '../../shared/preview';
import { isAppUrl } from './app-scheme';
import { WEBVIEW_PRELOAD } from './paths';

/**
 * The one set of safe preferences, for the app window and forced on every webview: isolated,
 * sandboxed, no Node anywhere, web security on.
 */
export const SAFE_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
} as const satisfies WebPreferences);

const protocolOf = (url: string): string | undefined => {
  try {
    return new URL(url).protocol;
  } catch {
    return undefined;
  }
};

/** Only web pages go to the system browser or into the preview; never file:, javascript: or app schemes. */
export const isWebUrl = (url: string): boolean => ['http:', 'https:'].includes(protocolOf(url) ?? '');

/** What the app's own frame may load: its own origin and DevTools, no file and nothing remote. */
export const isAppResource = (url: string): boolean => isAppUrl(url) || ['devtools:', 'data:', 'blob:'].includes(protocolOf(url) ?? '');

/** What the preview may load: the embed is a web page (and may use websockets). */
export const isPreviewResource = (url: string): boolean => ['http:', 'https:', 'ws:', 'wss:', 'data:', 'blob:'].includes(protocolOf(url) ?? '');

/** Sends a link to the system browser, only if it is a web page. */
export function openExternally(url: string): void {
  if (!isWebUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => console.error(`Embed Console: could not open ${url}: ${String(error)}`));
}

/**
 * Locks down a web contents (the app window, a preview webview, DevTools): no popups (links go
 * to the system browser), no navigating the app away from its page, and every <webview> it
 * attaches gets the safe preferences, our relay preload and the preview partition.
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
    Object.assign(prefs, SAFE_PREFERENCES, {
      preload: webviewPreload,
      webviewTag: false,
      disablePopups: true,
      partition: PREVIEW_PARTITION,
    });
    params.partition = PREVIEW_PARTITION;
    // An empty src loads nothing; later loads are held to web URLs by the partition's filter.
    if (params.src && !isWebUrl(params.src)) event.preventDefault();
  });
}

/** No remote content and no file in the app's own frame; the preview gets no permissions and no local files. */
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
