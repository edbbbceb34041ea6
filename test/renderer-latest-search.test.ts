/** The History view's search, with a fake clock: asked once typing pauses, and only the latest query's answer shown. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { latestSearch, SEARCH_DELAY_MS } from '../renderer/latest-search';

/** A core whose answers come when the test says, in any order. */
function slowCore() {
  const asked: Array<{ query: string; answer: (entries: string[]) => void }> = [];
  const ask = (query: string) => new Promise<string[]>((answer) => asked.push({ query, answer }));
  return { asked, ask };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('the history search', () => {
  it('asks once typing pauses, for what was typed last, not on every keystroke', async () => {
    const core = slowCore();
    const search = latestSearch(core.ask, () => {});
    for (const query of ['g', 'gr', 'gra', 'grace']) {
      search.type(query);
      await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS - 50);
    }
    expect(core.asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(50);
    expect(core.asked.map((a) => a.query)).toEqual(['grace']);
  });

  it('drops an answer to a query typed over since, even when it comes last', async () => {
    const core = slowCore();
    const shown: string[][] = [];
    const search = latestSearch(core.ask, (entries) => shown.push(entries));
    search.type('grace');
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS);
    search.type('grace@');
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS);
    expect(core.asked.map((a) => a.query)).toEqual(['grace', 'grace@']);
    core.asked[1].answer(['grace@example.com']);
    core.asked[0].answer(['grace@example.com', 'grace.hopper@example.com']);
    await vi.runAllTimersAsync();
    expect(shown).toEqual([['grace@example.com']]);
  });

  it('drops an answer still due once the user types again, before the new query is even asked', async () => {
    const core = slowCore();
    const shown: string[][] = [];
    const search = latestSearch(core.ask, (entries) => shown.push(entries));
    const first = search.now('');
    search.type('ada');
    core.asked[0].answer(['every entry']);
    await first;
    expect(shown).toEqual([]);
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS);
    core.asked[1].answer(['ada@example.com']);
    await vi.runAllTimersAsync();
    expect(shown).toEqual([['ada@example.com']]);
  });

  it('asks at once when told to (the first look, again after a removal)', async () => {
    const core = slowCore();
    const shown: string[][] = [];
    const search = latestSearch(core.ask, (entries) => shown.push(entries));
    const done = search.now('ada');
    expect(core.asked.map((a) => a.query)).toEqual(['ada']);
    core.asked[0].answer(['ada@example.com']);
    await done;
    expect(shown).toEqual([['ada@example.com']]);
  });

  it('shows nothing more, and asks nothing more, once closed (the view is gone)', async () => {
    const core = slowCore();
    const shown: string[][] = [];
    const search = latestSearch(core.ask, (entries) => shown.push(entries));
    const pending = search.now('');
    search.type('ada');
    search.close();
    core.asked[0].answer(['every entry']);
    await pending;
    await vi.runAllTimersAsync();
    expect(core.asked).toHaveLength(1);
    expect(shown).toEqual([]);
  });
});
