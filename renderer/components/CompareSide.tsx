/**
 * One side of Compare: its embed, loaded with a token signed for it, with that load's own
 * outcome (useLoadOutcome), its decoded token and its own event log.
 */
import { useCallback, useRef } from 'react';
import type { EmbedConsoleApi, SignedEmbed } from '../../shared/api';
import type { EmbedMessage } from '../../shared/preview';
import { inElectron } from '../api';
import { useEventLog, useLoadSections } from '../hooks/useEventLog';
import { useLoadOutcome } from '../hooks/useLoadOutcome';
import { IframePreview } from '../preview/IframePreview';
import { WebviewPreview } from '../preview/WebviewPreview';
import { StatusText } from './ErrorText';
import { EventLog } from './EventLog';
import { JsonPair } from './JsonPair';

export function CompareSide(props: {
  api: EmbedConsoleApi;
  /** "A: West viewer". */
  title: string;
  signed?: SignedEmbed;
  /** A new number for each Load both. */
  loadId: number;
  /** Why this side could not be signed. */
  failure?: string;
}) {
  const { api, signed, loadId } = props;
  const Adapter = inElectron() ? WebviewPreview : IframePreview;
  const outcome = useLoadOutcome(api, signed, loadId);
  const events = useEventLog();
  useLoadSections(events, loadId, outcome.outcome);
  const sendRef = useRef<((message: EmbedMessage) => void) | null>(null);
  const { log } = events;
  const heard = outcome.onMessage;
  const onMessage = useCallback(
    (message: EmbedMessage) => {
      log('in', message);
      heard(message);
    },
    [log, heard],
  );
  const send = (message: EmbedMessage) => {
    sendRef.current?.(message);
    log('out', message);
  };

  return (
    <section className="compare-side" aria-label={props.title}>
      <div className="panel">
        <h2>{props.title}</h2>
        {props.failure && <StatusText status={{ kind: 'error', text: props.failure }} />}
        {signed ? (
          <>
            <p className={`outcome ${outcome.outcome?.kind ?? 'pending'}`} role="status" aria-label="Load outcome">
              {outcome.outcome?.text ?? outcome.pending}
            </p>
            <div className="preview-stage" role="group" aria-label="Preview stage">
              <Adapter src={signed.url} loadId={loadId} onMessage={onMessage} onFailure={outcome.onFailure} sendRef={sendRef} />
            </div>
            <JsonPair header={signed.header} payload={{ ...signed.payload }} label="Decoded" />
          </>
        ) : (
          !props.failure && <div className="preview-empty">Load both: a fresh token is signed for each side.</div>
        )}
      </div>
      <EventLog sections={events.sections} canSend={Boolean(signed)} onClear={events.clear} onSend={send} />
    </section>
  );
}
