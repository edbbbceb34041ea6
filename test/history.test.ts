/** The history of embeds crafted in the app, over the real core: kept, searched, reopened, deleted. */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbedConsoleApi } from '../shared/api';
import { HistoryStore } from '../main/core/history';
import { openHome } from '../main/core/home';
import { forgetProfiles, readTree, tempHome } from './support/cli';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const SECRET = `history-secret-${randomUUID()}`;
const WORKBOOK = 'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b3c';

describe.runIf(keychain)('history (real keychain, real files)', () => {
  let home: ReturnType<typeof tempHome>;
  let core: EmbedConsoleApi;

  beforeEach(async () => {
    home = tempHome();
    core = openHome({ EMBED_CONSOLE_HOME: home.home }, { notify: () => {} }).core;
    await core['profiles:save']({ name: 'acme', clientId: 'client-1', secret: SECRET });
  });
  afterEach(async () => {
    await forgetProfiles(home.home);
    home.cleanup();
  });

  const sign = (sub: string, remember = true, teams = ['Sales']) =>
    core['token:sign']({ profile: 'acme', url: WORKBOOK, claims: { sub, teams }, options: { ':theme': 'Dark' }, controls: { Region: ['East'] }, remember });

  it('keeps each embed loaded in the app, newest first, with its jti and never a token or secret', async () => {
    const first = await sign('ada@example.com');
    const second = await sign('grace@example.com');
    const listed = await core['history:list']({});
    if (!listed.ok || !first.ok || !second.ok) throw new Error('expected success');
    expect(listed.data.map((e) => e.claims.sub)).toEqual(['grace@example.com', 'ada@example.com']);
    expect(listed.data[1]).toMatchObject({
      profile: 'acme',
      url: WORKBOOK,
      options: { ':theme': 'Dark' },
      controls: { Region: ['East'] },
      jti: first.data.payload.jti,
    });
    const files = readTree(home.home);
    expect(files).not.toContain(first.data.token);
    expect(files).not.toContain(first.data.token.split('.')[2]);
    expect(files).not.toContain(SECRET);
  });

  it("keeps how each load ended, said by the preview once it knows; another jti's entry is left as it was", async () => {
    const first = await sign('ada@example.com');
    const second = await sign('grace@example.com');
    if (!first.ok || !second.ok) throw new Error('expected success');
    const outcome = { kind: 'unreachable', text: 'No answer: Nothing answers at 127.0.0.1:9 (connection refused). Is the server running?' } as const;
    expect(await core['history:outcome']({ jti: second.data.payload.jti, outcome })).toEqual({ ok: true, data: { recorded: true } });
    expect(await core['history:outcome']({ jti: 'no-such-jti', outcome })).toEqual({ ok: true, data: { recorded: false } });
    const listed = await core['history:list']({});
    if (!listed.ok) throw new Error('expected success');
    expect(listed.data.map((e) => e.outcome)).toEqual([outcome, undefined]);
    // Reopened in another process, the file says the same.
    const again = openHome({ EMBED_CONSOLE_HOME: home.home }, { notify: () => {} }).core;
    expect(await again['history:list']({})).toMatchObject({ ok: true, data: [{ outcome }, {}] });
  });

  it('keeps nothing for a script that does not ask', async () => {
    await sign('ada@example.com', false);
    expect(await core['history:list']({})).toEqual({ ok: true, data: [] });
  });

  it('finds entries by user, team, profile or workbook', async () => {
    await sign('ada@example.com', true, ['Finance']);
    await sign('grace@example.com', true, ['Sales']);
    const subs = async (query: string) => {
      const result = await core['history:list']({ query });
      return result.ok ? result.data.map((e) => e.claims.sub) : result.message;
    };
    expect(await subs('finance')).toEqual(['ada@example.com']);
    expect(await subs('GRACE')).toEqual(['grace@example.com']);
    expect(await subs('Sales-1a2b3c')).toHaveLength(2);
    expect(await subs('nobody')).toEqual([]);
  });

  it('deletes one entry, then all of them', async () => {
    await sign('ada@example.com');
    await sign('grace@example.com');
    const listed = await core['history:list']({});
    if (!listed.ok) throw new Error(listed.message);
    expect(await core['history:remove']({ id: listed.data[0].id })).toEqual({ ok: true, data: { removed: 1 } });
    expect(await core['history:remove']({ id: 'no-such-entry' })).toEqual({ ok: true, data: { removed: 0 } });
    expect(await core['history:remove']({})).toEqual({ ok: true, data: { removed: 1 } });
    expect(await core['history:list']({})).toEqual({ ok: true, data: [] });
  });
});

describe('HistoryStore', () => {
  const entry = (n: number) => ({ profile: 'acme', url: WORKBOOK, options: {}, controls: {}, claims: { sub: `user${n}@example.com` }, jti: `j-${n}` });

  it('keeps the newest 500 embeds', async () => {
    const home = tempHome();
    const store = new HistoryStore(join(home.home, 'history.json'));
    for (let i = 0; i < 505; i++) await store.add(entry(i), Date.UTC(2026, 0, 1) + i);
    const entries = await store.list();
    expect(entries).toHaveLength(500);
    expect(entries[0].claims.sub).toBe('user504@example.com');
    expect(entries.at(-1)!.claims.sub).toBe('user5@example.com');
    home.cleanup();
  });

  it('keeps a corrupt history file aside, says so, and starts afresh', async () => {
    const home = tempHome();
    const file = join(home.home, 'history.json');
    writeFileSync(file, '{"version":1,"entries":[{"id":');
    const notices: string[] = [];
    const store = new HistoryStore(file, (m) => notices.push(m));
    expect(await store.list()).toEqual([]);
    expect(notices).toEqual([expect.stringMatching(/history file .* was unreadable .*kept as .*history\.json\.corrupt-/)]);
    expect(readdirSync(home.home).some((f) => f.startsWith('history.json.corrupt-'))).toBe(true);
    home.cleanup();
  });
});

describe('history written by a newer version', () => {
  it('reads the entries it can (a new claim field dropped), and keeps the ones it cannot in the file', async () => {
    const { home, cleanup } = tempHome();
    const file = join(home, 'history.json');
    const known = { id: 'a', at: '2026-11-30T10:00:00.000Z', profile: 'acme', url: WORKBOOK, options: {}, controls: {}, jti: 'j-a' };
    const newer = { ...known, id: 'b', jti: 'j-b', claims: { sub: 'ada@example.com', tenant: 'acme-eu' } };
    const foreign = { id: 'c', kind: 'suite-run', cases: 12 };
    writeFileSync(file, JSON.stringify({ version: 1, entries: [newer, foreign, { ...known, claims: { sub: 'bo@example.com' } }] }));
    const store = new HistoryStore(file);

    expect((await store.list()).map((e) => [e.id, e.claims])).toEqual([
      ['b', { sub: 'ada@example.com' }],
      ['a', { sub: 'bo@example.com' }],
    ]);
    await store.add({ profile: 'acme', url: WORKBOOK, options: {}, controls: {}, claims: { sub: 'cy@example.com' }, jti: 'j-new' }, Date.now());
    const saved = JSON.parse(readFileSync(file, 'utf8')).entries;
    expect(saved).toHaveLength(4);
    expect(saved).toContainEqual(foreign);
    expect(saved).toContainEqual(newer);
    expect(readdirSync(home).filter((name) => name.includes('corrupt'))).toEqual([]);
    cleanup();
  });
});
