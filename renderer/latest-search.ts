/**
 * A search asked as the user types, without asking on every keystroke nor showing stale
 * answers: the query is asked once typing pauses, and only the answer to the latest query is
 * shown; an answer to a query typed over since, or asked before another, is dropped whenever it
 * comes. Pure but for the timer.
 */

/** How long typing must pause before the query is asked. */
export const SEARCH_DELAY_MS = 150;

export interface LatestSearch<Q> {
  /** The query as typed: asked once typing pauses; any answer still due for an earlier query is dropped. */
  type(query: Q): void;
  /** Ask now (a first look, or again after a change), dropping any answer still due. */
  now(query: Q): Promise<void>;
  /** No more asking, and no more answers shown: the view is gone. */
  close(): void;
}

export function latestSearch<Q, A>(ask: (query: Q) => Promise<A>, show: (answer: A) => void, delayMs = SEARCH_DELAY_MS): LatestSearch<Q> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The latest query asked or typed: an answer counts only if it is to that one. */
  let latest = 0;
  let closed = false;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const run = async (query: Q, ticket: number) => {
    const answer = await ask(query);
    if (ticket === latest && !closed) show(answer);
  };
  return {
    type(query) {
      stop();
      const ticket = ++latest;
      if (!closed) timer = setTimeout(() => void run(query, ticket), delayMs);
    },
    async now(query) {
      stop();
      if (!closed) await run(query, ++latest);
    },
    close() {
      stop();
      closed = true;
    },
  };
}
