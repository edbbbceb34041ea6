/**
 * Every message between the app and the embed, one section per load, the newest load first
 * (its time and outcome as its heading, its events in the order they came; earlier loads folded
 * below the Send panel, which acts on the newest), and a panel to send Sigma's inbound commands.
 */
import { useId, useState } from 'react';
import type { EmbedMessage } from '../../shared/preview';
import { commandLabel } from '../../shared/sigma-events';
import { COMMANDS, commandMessage, filterEvents, sdkLabel, type LoadSection, type LoggedEvent } from '../event-log';
import { ErrorText } from './ErrorText';

const time = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour12: false }) + `.${String(at % 1000).padStart(3, '0')}`;
const clock = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour12: false });

function Events({ events, filter, label, ofLoad }: { events: LoggedEvent[]; filter: string; label: string; ofLoad: boolean }) {
  const shown = filterEvents(events, filter);
  return (
    <ol className="event-list" aria-label={label}>
      {shown.map((e) => (
        <li key={e.id} className={e.direction}>
          <time>{time(e.at)}</time> <span className="direction">{e.direction === 'in' ? '←' : '→'}</span> <strong>{e.message.type}</strong>{' '}
          <span className="sdk-label">{sdkLabel(e)}</span>
          <code>{e.payload}</code>
        </li>
      ))}
      {shown.length === 0 && (
        <li className="empty">
          {events.length
            ? 'No event matches the filter.'
            : ofLoad
              ? 'No event from the embed in this load.'
              : 'Events from the embed appear here once it loads.'}
        </li>
      )}
    </ol>
  );
}

/** A load's heading: when it started and how it ended. */
const heading = (section: LoadSection) => `Load at ${clock(section.at)} · ${section.outcome?.text ?? 'no outcome yet'}`;

export function EventLog(props: { sections: LoadSection[]; canSend: boolean; onClear: () => void; onSend: (message: EmbedMessage) => void }) {
  const [filter, setFilter] = useState('');
  const [command, setCommand] = useState('workbook:variables:update');
  const [payload, setPayload] = useState(JSON.stringify(COMMANDS['workbook:variables:update'], null, 2));
  const [error, setError] = useState<string>();
  const [newest, ...earlier] = props.sections;
  // Compare shows two logs on one page.
  const titleId = useId();

  const send = () => {
    const made = commandMessage(command, payload);
    setError(made.ok ? undefined : made.error);
    if (made.ok) props.onSend(made.message);
  };

  return (
    <section className="panel events" aria-labelledby={titleId}>
      <h2 id={titleId}>Events</h2>
      <div className="toolbar">
        <input aria-label="Filter events by type" placeholder="Filter by type" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" onClick={props.onClear} disabled={!props.sections.some((s) => s.events.length > 0)}>
          Clear
        </button>
      </div>
      {newest && newest.loadId > 0 && (
        <h3 className={`load-heading ${newest.outcome?.kind ?? 'pending'}`} aria-label="This load">
          {heading(newest)}
        </h3>
      )}
      <Events events={newest?.events ?? []} filter={filter} label="Event log" ofLoad={Boolean(newest && newest.loadId > 0)} />
      <fieldset className="send" disabled={!props.canSend}>
        <legend>Send to the embed</legend>
        <label>
          Command
          <select
            aria-describedby={`${titleId}-sdk`}
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
        <small id={`${titleId}-sdk`} className="sdk-label">
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
      {earlier.map((section) => (
        <details key={section.loadId} className="earlier-load">
          <summary className={`load-heading ${section.outcome?.kind ?? 'pending'}`}>{heading(section)}</summary>
          <Events events={section.events} filter={filter} label={`Events of the load at ${clock(section.at)}`} ofLoad />
        </details>
      ))}
    </section>
  );
}
