/**
 * The preview in Electron: a <webview> in its own partition (main/electron forces its
 * preferences and its relay preload). The relay carries the embed's messages and our commands.
 */
import { useEffect, useRef } from 'react';
import { PREVIEW_COMMAND_CHANNEL, PREVIEW_EVENT_CHANNEL, PREVIEW_PARTITION, acceptsEmbedOrigin, isEmbedMessage } from '../../shared/preview';
import type { PreviewAdapterProps } from './types';

/** The part of Electron's WebviewTag the preview uses (the renderer never imports electron). */
interface WebviewElement extends HTMLElement {
  send(channel: string, ...args: unknown[]): Promise<void>;
}
interface IpcMessageEvent extends Event {
  channel: string;
  args: unknown[];
}

export function WebviewPreview({ src, loadId, onMessage, sendRef }: PreviewAdapterProps) {
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
    element.addEventListener('ipc-message', listen);
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
      sendRef.current = null;
    };
  }, [loadId, origin, onMessage, sendRef]);

  return <webview key={loadId} ref={view} className="preview-frame" title="Embed preview" src={src} partition={PREVIEW_PARTITION} />;
}
