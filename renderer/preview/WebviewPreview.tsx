/**
 * The preview in Electron: a <webview> in its own partition (main/electron forces its
 * preferences and its relay preload). The relay carries the embed's messages and our commands.
 */
import { useEffect, useRef } from 'react';
import { PREVIEW_COMMAND_CHANNEL, PREVIEW_EVENT_CHANNEL, PREVIEW_PARTITION, isEmbedMessage } from '../../shared/preview';
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

  useEffect(() => {
    const element = view.current as unknown as WebviewElement | null;
    if (!element) return;
    const listen = (event: Event) => {
      const { channel, args } = event as IpcMessageEvent;
      if (channel === PREVIEW_EVENT_CHANNEL && isEmbedMessage(args[0])) onMessage(args[0]);
    };
    element.addEventListener('ipc-message', listen);
    sendRef.current = (message) => void element.send(PREVIEW_COMMAND_CHANNEL, message);
    return () => {
      element.removeEventListener('ipc-message', listen);
      sendRef.current = null;
    };
  }, [loadId, onMessage, sendRef]);

  return <webview key={loadId} ref={view} className="preview-frame" title="Embed preview" src={src} partition={PREVIEW_PARTITION} />;
}
