/** Every embed loaded in the app, newest first, searchable; one click reopens it in the form. */
import type { EmbedConsoleApi, HistoryEntry } from '../../shared/api';
import { ErrorText } from '../components/ErrorText';
import { useHistory } from '../hooks/useHistory';

export function HistoryView(props: { api: EmbedConsoleApi; onReopen: (entry: HistoryEntry) => void }) {
  const { query, type, entries, error, remove: removeEntry } = useHistory(props.api);
  const remove = async (id?: string) => {
    if (id === undefined && !window.confirm('Delete the whole history?')) return;
    await removeEntry(id);
  };

  return (
    <main className="history">
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <div className="toolbar">
          <input aria-label="Search the history" placeholder="Search by user, team, profile, workbook…" value={query} onChange={(e) => type(e.target.value)} />
          <button type="button" onClick={() => void remove()} disabled={entries.length === 0}>
            Delete all
          </button>
        </div>
        {error && <ErrorText kind="failure">{error}</ErrorText>}
        <ol className="history-list" aria-label="Crafted embeds">
          {entries.map((entry) => (
            <li key={entry.id}>
              <div>
                <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time> <strong>{entry.claims.sub}</strong>{' '}
                <span className="muted">via {entry.profile}</span>
                <code>{entry.url}</code>
                <span className={`outcome ${entry.outcome?.kind ?? 'pending'}`}>{entry.outcome?.text ?? 'No outcome recorded for this load.'}</span>
              </div>
              <button
                type="button"
                onClick={() => props.onReopen(entry)}
                aria-label={`Reopen the embed for ${entry.claims.sub} of ${new Date(entry.at).toLocaleString()}`}
              >
                Reopen
              </button>
              <button
                type="button"
                onClick={() => void remove(entry.id)}
                aria-label={`Delete the embed for ${entry.claims.sub} of ${new Date(entry.at).toLocaleString()}`}
              >
                Delete
              </button>
            </li>
          ))}
          {entries.length === 0 && <li className="empty">{query ? 'Nothing matches the search.' : 'Embeds you load in Craft are kept here.'}</li>}
        </ol>
      </section>
    </main>
  );
}
