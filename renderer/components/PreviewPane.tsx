/** The embed itself, loaded with a freshly signed URL each time (Sigma accepts each token once). */
import type { MutableRefObject } from 'react';
import type { SignedEmbed } from '../../shared/api';
import type { EmbedMessage } from '../../shared/preview';
import { inElectron } from '../api';
import { StatusText, type Status } from './ErrorText';
import { IframePreview } from '../preview/IframePreview';
import { WebviewPreview } from '../preview/WebviewPreview';

export function PreviewPane(props: {
  signed?: SignedEmbed;
  loadId: number;
  busy: boolean;
  canLoad: boolean;
  status?: Status;
  onLoad: () => void;
  onOpenExternal: () => void;
  onCopyUrl: () => void;
  onCopyToken: () => void;
  onMessage: (message: EmbedMessage) => void;
  sendRef: MutableRefObject<((message: EmbedMessage) => void) | null>;
}) {
  const Adapter = inElectron() ? WebviewPreview : IframePreview;
  return (
    <section className="panel preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      {/* Not disabled while signing: a disabled button drops the keyboard focus. */}
      <div className="toolbar" aria-busy={props.busy}>
        <button type="button" className="primary" onClick={props.onLoad} disabled={!props.canLoad}>
          {props.signed ? 'Reload' : 'Load'}
        </button>
        <button type="button" onClick={props.onOpenExternal} disabled={!props.canLoad}>
          Open in browser
        </button>
        <button type="button" onClick={props.onCopyUrl} disabled={!props.canLoad}>
          Copy a fresh URL
        </button>
        <button type="button" onClick={props.onCopyToken} disabled={!props.signed}>
          Copy token
        </button>
      </div>
      {props.status && <StatusText status={props.status} />}
      {props.signed ? (
        <Adapter src={props.signed.url} loadId={props.loadId} onMessage={props.onMessage} sendRef={props.sendRef} />
      ) : (
        <div className="preview-empty">Fill in the claims and the target, then Load: a fresh token is signed for every load.</div>
      )}
    </section>
  );
}
