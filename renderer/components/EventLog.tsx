/** Every message between the app and the embed, newest last, and a panel to send Sigma's inbound commands. */
import { useState } from 'react';
import type { EmbedMessage } from '../../shared/preview';

export interface LoggedEvent {
  id: number;
  at: number;
  /** "in": from the embed; "out": a command we sent it. */
  direction: 'in' | 'out';
  message: EmbedMessage;
  /** The payload as text, made once when logged. */
  payload: string;
}

/** A message's payload as text; what the embed posts is untrusted (cyclic, BigInt, huge). */
export function payloadText(message: EmbedMessage): string {
  try {
    const text = JSON.stringify({ ...message, type: undefined }) ?? '';
    return text.length > 4000 ? `${text.slice(0, 4000)}… (${text.length} characters)` : text;
  } catch (error) {
    return `(not JSON: ${(error as Error).message})`;
  }
}

/** Sigma's inbound commands (sigma-embed.md §5.3), each with an example payload. */
const COMMANDS: Record<string, Record<string, unknown>> = {
  'workbook:variables:update': { variables: { Region: 'East' } },
  'workbook:variables:list': {},
  'workbook:selectednodeid:update': { selectedNodeId: 'orders', nodeType: 'page' },
  'workbook:fullscreen:update': { nodeId: null },
  'workbook:bookmark:create': { name: 'My view', isDefault: false, isShared: false },
  'workbook:bookmark:select': { bookmarkId: '' },
  'workbook:bookmark:delete': { bookmarkId: '' },
  'workbook:sharinglink:update': { sharingLink: null },
};

const time = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour12: false }) + `.${String(at % 1000).padStart(3, '0')}`;

export function EventLog(props: { events: LoggedEvent[]; canSend: boolean; onClear: () => void; onSend: (message: EmbedMessage) => void }) {
  const [filter, setFilter] = useState('');
  const [command, setCommand] = useState('workbook:variables:update');
  const [payload, setPayload] = useState(JSON.stringify(COMMANDS['workbook:variables:update'], null, 2));
  const [error, setError] = useState<string>();
  const shown = props.events.filter((e) => e.message.type.includes(filter.trim()));

  const send = () => {
    let body: unknown;
    try {
      body = JSON.parse(payload || '{}');
    } catch (e) {
      setError(`The payload is not JSON: ${(e as Error).message}`);
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      setError('The payload must be a JSON object, such as {"variables": {"Region": "East"}}.');
      return;
    }
    setError(undefined);
    props.onSend({ ...(body as object), type: command });
  };

  return (
    <section className="panel events" aria-labelledby="events-title">
      <h2 id="events-title">Events</h2>
      <div className="toolbar">
        <input aria-label="Filter events by type" placeholder="Filter by type" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" onClick={props.onClear} disabled={props.events.length === 0}>
          Clear
        </button>
      </div>
      <ol className="event-list" aria-label="Event log">
        {shown.map((e) => (
          <li key={e.id} className={e.direction}>
            <time>{time(e.at)}</time> <span className="direction">{e.direction === 'in' ? '←' : '→'}</span> <strong>{e.message.type}</strong>
            <code>{e.payload}</code>
          </li>
        ))}
        {shown.length === 0 && <li className="empty">{props.events.length ? 'No event matches the filter.' : 'Events from the embed appear here once it loads.'}</li>}
      </ol>
      <fieldset className="send" disabled={!props.canSend}>
        <legend>Send to the embed</legend>
        <label>
          Command
          <select
            value={command}
            onChange={(e) => {
              setCommand(e.target.value);
              setPayload(JSON.stringify(COMMANDS[e.target.value], null, 2));
            }}
          >
            {Object.keys(COMMANDS).map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
        </label>
        <label>
          Payload (JSON)
          <textarea rows={3} value={payload} onChange={(e) => setPayload(e.target.value)} spellCheck={false} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="button" onClick={send}>
          Send
        </button>
      </fieldset>
    </section>
  );
}
