/**
 * The preview <webview>'s preload. In a webview the embed's window.parent is its own window, so
 * the app cannot hear its postMessage directly: this relays the embed's messages to the app
 * (sendToHost reaches the <webview> element) and the app's commands to the embed. It exposes
 * nothing to the page. It runs in the page, not in Node (hence this folder). Bundled to
 * dist/webview-preload.cjs; security.ts forces it on every webview.
 */
import { ipcRenderer, type IpcRenderer } from 'electron';
import { isEmbedMessage, PREVIEW_COMMAND_CHANNEL, PREVIEW_EVENT_CHANNEL } from '../../../shared/preview';

type RelayWindow = Pick<Window, 'addEventListener' | 'postMessage'>;

function key(message: unknown): string | undefined {
  try {
    return JSON.stringify(message);
  } catch {
    return undefined;
  }
}

export function installPreviewRelay(win: RelayWindow, ipc: Pick<IpcRenderer, 'sendToHost' | 'on'>): void {
  // Commands we post arrive back on this window's 'message' like the embed's own posts; these
  // (in posting order) are skipped so the event log shows only what the embed said.
  const posted: string[] = [];

  win.addEventListener('message', (event) => {
    if (event.source !== win || !isEmbedMessage(event.data)) return;
    const mine = posted.indexOf(key(event.data) ?? '');
    if (mine !== -1) {
      posted.splice(mine, 1);
      return;
    }
    // With the page's origin: the app takes messages only from the embed it loaded, as
    // Sigma's SDK checks the origin (the preview may have navigated elsewhere since).
    ipc.sendToHost(PREVIEW_EVENT_CHANNEL, event.data, event.origin);
  });

  ipc.on(PREVIEW_COMMAND_CHANNEL, (_event, message: unknown) => {
    if (!isEmbedMessage(message)) return;
    const k = key(message);
    if (k !== undefined) posted.push(k);
    win.postMessage(message, '*');
  });
}

if (typeof window !== 'undefined') installPreviewRelay(window, ipcRenderer);
