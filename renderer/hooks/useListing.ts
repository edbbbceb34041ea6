/**
 * A listing of the org's content asked of Sigma through the core (api:workbooks, api:pages…).
 * The caller says what to ask, as the request itself: the listing is asked again whenever the
 * request says something else (compared by value, so a request made afresh each render is
 * not a new one), or on reload; none while the request is undefined. An answer to an older
 * request is dropped, and while the latest is unanswered the listing says it is loading.
 */
import { useEffect, useState } from 'react';
import type { EmbedConsoleApi, RequestOf, Responses } from '../../shared/api';
import type { Listing } from '../../shared/sigma-rest';

type ListingMethod = 'api:workbooks' | 'api:pages' | 'api:elements' | 'api:teams' | 'api:members';
type EntryOf<M extends ListingMethod> = Responses[M] extends Listing<infer T> ? T : never;

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; message: string } | ({ state: 'done' } & Listing<T>);

const LOADING = { state: 'loading' } as const;

export function useListing<M extends ListingMethod>(
  api: EmbedConsoleApi,
  method: M,
  request: RequestOf<M> | undefined,
): [Loaded<EntryOf<M>> | undefined, () => void] {
  // The request by value: what the effect depends on, honestly, whatever object carries it.
  const asked = request === undefined ? undefined : JSON.stringify(request);
  const [round, setRound] = useState(0);
  const [answer, setAnswer] = useState<{ asked: string; round: number; loaded: Loaded<EntryOf<M>> }>();

  useEffect(() => {
    if (asked === undefined) return;
    let current = true;
    void api[method](JSON.parse(asked) as RequestOf<M>).then((result) => {
      if (!current) return;
      const loaded: Loaded<EntryOf<M>> = result.ok ? { state: 'done', ...(result.data as Listing<EntryOf<M>>) } : { state: 'failed', message: result.message };
      setAnswer({ asked, round, loaded });
    });
    return () => void (current = false);
  }, [api, method, asked, round]);

  const reload = () => setRound((n) => n + 1);
  if (asked === undefined) return [undefined, reload];
  return [answer?.asked === asked && answer.round === round ? answer.loaded : LOADING, reload];
}
