/**
 * The embed itself, loaded with a freshly signed URL each time (Sigma accepts each token once),
 * with the one outcome of its load beside it, a mark when the draft has changed since, and a
 * stage the user can resize or make full screen.
 */
import { useEffect, useRef, useState, type MutableRefObject, type ReactNode } from 'react';
import type { LoadOutcome, SignedEmbed } from '../../shared/api';
import type { EmbedMessage } from '../../shared/preview';
import { inElectron } from '../api';
import type { KeepAlive } from '../hooks/useKeepAlive';
import { StatusText, type Status } from './ErrorText';
import { IframePreview } from '../preview/IframePreview';
import { WebviewPreview } from '../preview/WebviewPreview';

/** The preview stage in full screen, and the way in and out. */
function useFullScreen() {
  const stage = useRef<HTMLDivElement>(null);
  const [full, setFull] = useState(false);
  useEffect(() => {
    const changed = () => setFull(document.fullscreenElement !== null && document.fullscreenElement === stage.current);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, []);
  // A refusal (no user gesture, a policy) leaves the stage as it is.
  const toggle = () => void (full ? document.exitFullscreen() : stage.current?.requestFullscreen())?.catch(() => {});
  return { stage, full, toggle };
}

const clockTime = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
/** When the keep-alive signs afresh, said by the preview. */
function keepAliveNote(dueAt: number | undefined): string {
  if (dueAt === undefined) return 'Re-signs before exp once the embed has loaded.';
  return `Re-signs at ${clockTime(dueAt)}, before exp, back on the page and control values you were at.`;
}

export function PreviewPane(props: {
  signed?: SignedEmbed;
  loadId: number;
  busy: boolean;
  canLoad: boolean;
  /** Whether the draft has changed since the embed shown was signed. */
  stale: boolean;
  outcome?: LoadOutcome;
  /** What is said while the load has no outcome yet. */
  pending?: string;
  /** What the last Load or copy said (a refusal, "Copied …"), by the buttons. */
  status?: Status;
  /** The question before a token goes to another org's host (ConfirmSend), when one is asked. */
  confirm?: ReactNode;
  keepAlive: KeepAlive;
  onLoad: () => void;
  onOpenExternal: () => void;
  onCopyUrl: () => void;
  onCopyToken: () => void;
  onMessage: (message: EmbedMessage) => void;
  onFailure: (outcome: LoadOutcome) => void;
  sendRef: MutableRefObject<((message: EmbedMessage) => void) | null>;
}) {
  const Adapter = inElectron() ? WebviewPreview : IframePreview;
  const { stage, full, toggle } = useFullScreen();
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
        <button type="button" onClick={props.onCopyToken} disabled={!props.canLoad}>
          Copy a fresh token
        </button>
        <button type="button" onClick={toggle} disabled={!props.signed} aria-pressed={full}>
          Full screen
        </button>
        <label className="keep-alive">
          <input type="checkbox" checked={props.keepAlive.on} onChange={(event) => props.keepAlive.setOn(event.target.checked)} />
          Re-sign before exp
        </label>
        {props.keepAlive.skipToExpiry && (
          <button type="button" onClick={props.keepAlive.skipToExpiry} title="Moves the local embed host's clock for this preview to 5 s before exp">
            Skip to expiry
          </button>
        )}
      </div>
      {props.keepAlive.on && props.signed && <p className="keep-alive-note">{keepAliveNote(props.keepAlive.dueAt)}</p>}
      {props.confirm}
      {props.status && <StatusText status={props.status} />}
      {props.signed ? (
        <>
          <p className={`outcome ${props.outcome?.kind ?? 'pending'}`} role="status" aria-label="Load outcome">
            {props.outcome?.text ?? props.pending}
          </p>
          {props.stale && (
            <p className="stale" aria-label="Stale preview">
              Stale: the draft has changed since this embed was loaded. Reload to see it as it is now.
            </p>
          )}
          {/* Resized by its corner (CSS resize); the height stays across loads. */}
          <div ref={stage} className={`preview-stage${props.stale ? ' is-stale' : ''}`} aria-label="Preview stage" role="group">
            {/* In full screen the toolbar is out of sight: the way back is on the stage (and Esc). */}
            {full && (
              <button type="button" className="exit-full-screen" onClick={toggle}>
                Exit full screen
              </button>
            )}
            <Adapter src={props.signed.url} loadId={props.loadId} onMessage={props.onMessage} onFailure={props.onFailure} sendRef={props.sendRef} />
          </div>
        </>
      ) : (
        <div className="preview-empty">Fill in the claims and the target, then Load: a fresh token is signed for every load.</div>
      )}
    </section>
  );
}
