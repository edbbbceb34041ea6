/** The preview in a browser: an iframe, with Sigma's rules for who may talk to whom. */
import { useEffect, useRef } from 'react';
import { acceptsEmbedOrigin, isEmbedMessage } from '../../shared/preview';
import type { PreviewAdapterProps } from './types';

export function IframePreview({ src, loadId, onMessage, sendRef }: PreviewAdapterProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const origin = new URL(src).origin;

  useEffect(() => {
    const listen = (event: MessageEvent) => {
      // As Sigma's SDK does: only messages from the preview frame, from Sigma (or the local embed host).
      if (event.source !== frame.current?.contentWindow || !acceptsEmbedOrigin(event.origin, origin) || !isEmbedMessage(event.data)) return;
      onMessage(event.data);
    };
    window.addEventListener('message', listen);
    sendRef.current = (message) => frame.current?.contentWindow?.postMessage(message, origin);
    return () => {
      window.removeEventListener('message', listen);
      sendRef.current = null;
    };
  }, [origin, onMessage, sendRef]);

  return (
    <iframe
      key={loadId}
      ref={frame}
      className="preview-frame"
      title="Embed preview"
      src={src}
      referrerPolicy="no-referrer"
      sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-downloads"
      allow="fullscreen; clipboard-write"
    />
  );
}
