/**
 * The history as the History view shows it: the query as typed, the entries that answer it
 * (asked once typing pauses, stale answers dropped: latest-search.ts), and removal.
 */
import { useEffect, useRef, useState } from 'react';
import type { EmbedConsoleApi, HistoryEntry } from '../../shared/api';
import { latestSearch, type LatestSearch } from '../latest-search';

export function useHistory(api: EmbedConsoleApi) {
  const [query, setQuery] = useState('');
  const [answer, setAnswer] = useState<{ entries: HistoryEntry[]; error?: string }>({ entries: [] });
  const [removeError, setRemoveError] = useState<string>();
  const search = useRef<LatestSearch<string>>(null);
  /** The query in the box, for a search made anew (a new api). */
  const typed = useRef('');

  useEffect(() => {
    const ask = (q: string) => api['history:list']({ query: q });
    // A failed search keeps the entries shown, and says why.
    const s = latestSearch(ask, (result) => setAnswer((shown) => (result.ok ? { entries: result.data } : { entries: shown.entries, error: result.message })));
    search.current = s;
    void s.now(typed.current);
    return () => s.close();
  }, [api]);

  const type = (next: string) => {
    setQuery(next);
    // A failed removal is old news once the user searches on.
    setRemoveError(undefined);
    typed.current = next;
    search.current?.type(next);
  };
  const remove = async (id?: string) => {
    const result = await api['history:remove']({ id });
    setRemoveError(result.ok ? undefined : result.message);
    await search.current?.now(typed.current);
  };
  return { query, type, entries: answer.entries, error: removeError ?? answer.error, remove };
}
