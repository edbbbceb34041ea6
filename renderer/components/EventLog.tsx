/** Every message between the app and the embed, newest last, and a panel to send Sigma's inbound commands. */
import { useState } from 'react';
import type { EmbedMessage } from '../../shared/preview';
import { commandLabel } from '../../shared/sigma-events';
import { COMMANDS, commandMessage, filterEvents, sdkLabel, type LoggedEvent } from '../event-log';
import { ErrorText } from './ErrorText';

const time = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour12: false }) + `.${String(at % 1000).padStart(3, '0')}`;

export function EventLog(props: { events: LoggedEvent[]; canSend: boolean; onClear: () => void; onSend: (message: EmbedMessage) => void }) {
  const [filter, setFilter] = useState('');
  const [command, setCommand] = useState('workbook:variables:update');
  const [payload, setPayload] = useState(JSON.stringify(COMMANDS['workbook:variables:update'], null, 2));
  const [error, setError] = useState<string>();
  const shown = filterEvents(props.events, filter);

  const send = () => {
    const made = commandMessage(command, payload);
    setError(made.ok ? undefined : made.error);
    if (made.ok) props.onSend(made.message);
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
            <time>{time(e.at)}</time> <span className="direction">{e.direction === 'in' ? '←' : '→'}</span> <strong>{e.message.type}</strong>{' '}
            <span className="sdk-label">{sdkLabel(e)}</span>
            <code>{e.payload}</code>
          </li>
        ))}
        {shown.length === 0 && (
          <li className="empty">{props.events.length ? 'No event matches the filter.' : 'Events from the embed appear here once it loads.'}</li>
        )}
      </ol>
      <fieldset className="send" disabled={!props.canSend}>
        <legend>Send to the embed</legend>
        <label>
          Command
          <select
            aria-describedby="command-sdk"
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
        <small id="command-sdk" className="sdk-label">
          Sent by: {commandLabel(command)}
        </small>
        <label>
          Payload (JSON)
          <textarea rows={4} value={payload} onChange={(e) => setPayload(e.target.value)} spellCheck={false} />
        </label>
        {error && <ErrorText kind="failure">{error}</ErrorText>}
        <button type="button" onClick={send}>
          Send
        </button>
      </fieldset>
    </section>
  );
}
