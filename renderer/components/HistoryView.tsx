/** Every embed loaded in the app, newest first, searchable; one click reopens it in the form. */
import { useCallback, useEffect, useState } from 'react';
import type { EmbedConsoleApi, HistoryEntry } from '../../shared/api';

export function HistoryView(props: { api: EmbedConsoleApi; onReopen: (entry: HistoryEntry) => void }) {
  const { api } = props;
  const [query, setQuery] = useState('');
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [error, setError] = useState<string>();

  const refresh = useCallback(async () => {
    const result = await api['history:list']({ query });
    if (result.ok) setEntries(result.data);
    setError(result.ok ? undefined : result.message);
  }, [api, query]);
  useEffect(() => void refresh(), [refresh]);

  const remove = async (id?: string) => {
    if (id === undefined && !window.confirm('Delete the whole history?')) return;
    const result = await api['history:remove']({ id });
    setError(result.ok ? undefined : result.message);
    await refresh();
  };

  return (
    <main className="history">
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <div className="toolbar">
          <input aria-label="Search the history" placeholder="Search by user, team, profile, workbook…" value={query} onChange={(e) => setQuery(e.target.value)} />
          <button type="button" onClick={() => void remove()} disabled={entries.length === 0}>
            Delete all
          </button>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <ol className="history-list" aria-label="Crafted embeds">
          {entries.map((entry) => (
            <li key={entry.id}>
              <div>
                <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time> <strong>{entry.claims.sub}</strong> <span className="muted">via {entry.profile}</span>
                <code>{entry.url}</code>
              </div>
              <button type="button" onClick={() => props.onReopen(entry)} aria-label={`Reopen the embed for ${entry.claims.sub} of ${new Date(entry.at).toLocaleString()}`}>
                Reopen
              </button>
              <button type="button" onClick={() => void remove(entry.id)} aria-label={`Delete the embed for ${entry.claims.sub} of ${new Date(entry.at).toLocaleString()}`}>
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
