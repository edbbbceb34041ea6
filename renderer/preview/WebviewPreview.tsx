/**
 * The preview in Electron: a <webview> in its own partition (main/electron forces its
 * preferences and its relay preload). The relay carries the embed's messages and our commands.
 */
import { useEffect, useRef } from 'react';
import { PREVIEW_COMMAND_CHANNEL, PREVIEW_EVENT_CHANNEL, PREVIEW_PARTITION, acceptsEmbedOrigin, isEmbedMessage } from '../../shared/preview';
import type { PreviewAdapterProps } from './types';
import { outcomeOfLoadFailure, type LoadFailure } from './webview-failure';

/** The part of Electron's WebviewTag the preview uses (the renderer never imports electron). */
interface WebviewElement extends HTMLElement {
  send(channel: string, ...args: unknown[]): Promise<void>;
}
interface IpcMessageEvent extends Event {
  channel: string;
  args: unknown[];
}

export function WebviewPreview({ src, loadId, onMessage, onFailure, sendRef }: PreviewAdapterProps) {
  const view = useRef<HTMLWebViewElement>(null);
  const origin = new URL(src).origin;

  useEffect(() => {
    const element = view.current as unknown as WebviewElement | null;
    if (!element) return;
    const listen = (event: Event) => {
      const { channel, args } = event as IpcMessageEvent;
      // As Sigma's SDK does: only messages from Sigma or the local embed host (the relay says whose).
      if (channel === PREVIEW_EVENT_CHANNEL && typeof args[1] === 'string' && acceptsEmbedOrigin(args[1], origin) && isEmbedMessage(args[0]))
        onMessage(args[0]);
    };
    // A certificate error is a did-fail-load too, with one of Chromium's ERR_CERT_ codes.
    const failed = (event: Event) => {
      const outcome = outcomeOfLoadFailure(event as Event & LoadFailure);
      if (outcome) onFailure(outcome);
    };
    element.addEventListener('ipc-message', listen);
    element.addEventListener('did-fail-load', failed);
    // Before the webview is ready, send() throws: the command is then dropped, as a frame
    // still loading would drop it.
    sendRef.current = (message) => {
      try {
        void element.send(PREVIEW_COMMAND_CHANNEL, message).catch(() => {});
      } catch {
        // not attached yet
      }
    };
    return () => {
      element.removeEventListener('ipc-message', listen);
      element.removeEventListener('did-fail-load', failed);
      sendRef.current = null;
    };
  }, [loadId, origin, onMessage, onFailure, sendRef]);

  return <webview key={loadId} ref={view} className="preview-frame" title="Embed preview" src={src} partition={PREVIEW_PARTITION} />;
}
