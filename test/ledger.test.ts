/** The jti ledger against real files: once per jti, across restarts, pruned after expiry. */
import { appendFileSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JtiLedger } from '../main/core/ledger';
import { tempHome } from './support/cli';

const homes: Array<ReturnType<typeof tempHome>> = [];
function ledgerFile(): string {
  const home = tempHome();
  homes.push(home);
  return join(home.home, 'ledger.jsonl');
}
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

const NOW = Date.UTC(2026, 10, 30, 12);
const inAnHour = NOW / 1000 + 3600;

describe('JtiLedger', () => {
  it('accepts a jti once and then names when and where it was first seen', async () => {
    const ledger = await JtiLedger.open(ledgerFile(), { source: 'local embed host', use: 'loaded', now: () => NOW });
    expect(ledger.record('j-1', inAnHour)).toBeUndefined();
    expect(ledger.record('j-1', inAnHour)).toEqual({ exp: inAnHour, seenAt: new Date(NOW).toISOString(), source: 'local embed host', use: 'loaded' });
  });

  it('lets exactly one of many simultaneous uses through', async () => {
    const ledger = await JtiLedger.open(ledgerFile(), { source: 'test', use: 'loaded', now: () => NOW });
    const firsts = await Promise.all(Array.from({ length: 50 }, async () => ledger.record('same', inAnHour) === undefined));
    expect(firsts.filter(Boolean)).toHaveLength(1);
  });

  it('remembers across a restart, once flushed', async () => {
    const file = ledgerFile();
    const first = await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW });
    first.record('j-1', inAnHour);
    await first.flush();
    const second = await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW });
    expect(second.record('j-1', inAnHour)).toBeDefined();
    expect(second.record('j-2', inAnHour)).toBeUndefined();
  });

  it('hears, when read again, what another process recorded since, and a stronger use over a weaker one', async () => {
    const file = ledgerFile();
    const app = await JtiLedger.open(file, { source: 'Embed Console', use: 'signed', now: () => NOW });
    const cli = await JtiLedger.open(file, { source: 'Embed Console', use: 'signed', now: () => NOW });
    cli.append('j-cli', inAnHour, 'signed with profile "acme"', 'signed');
    app.append('j-app', inAnHour, 'signed with profile "acme"', 'signed');
    await Promise.all([cli.flush(), app.flush()]);
    expect(app.lookup('j-cli')).toBeUndefined();
    await app.refresh();
    expect(app.lookup('j-cli')).toMatchObject({ use: 'signed', source: 'signed with profile "acme"' });

    // The CLI hears the app's load of its token; a later, weaker use changes nothing.
    await cli.refresh();
    expect(app.strengthen('j-app', 'loaded', 'loaded in the preview from app.sigmacomputing.com')).toBe(true);
    expect(app.strengthen('j-app', 'copied', 'copied from the preview')).toBe(false);
    await app.flush();
    await cli.refresh();
    expect(cli.lookup('j-app')).toMatchObject({ use: 'loaded', source: 'loaded in the preview from app.sigmacomputing.com' });
    expect(cli.strengthen('unknown', 'loaded', 'x')).toBe(false);
  });

  it('reads again after a read that failed, once the problem has passed', async () => {
    const file = ledgerFile();
    mkdirSync(file);
    const ledger = new JtiLedger(file, { source: 'test', use: 'signed', now: () => NOW });
    await expect(ledger.load()).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    rmdirSync(file);
    writeFileSync(file, `\n${JSON.stringify({ jti: 'j-back', exp: inAnHour, seenAt: new Date(NOW).toISOString(), source: 'test' })}`);
    await ledger.load();
    expect(ledger.lookup('j-back')).toMatchObject({ use: 'signed' });
  });

  it('remembers jtis named like Object properties across a restart', async () => {
    const file = ledgerFile();
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const first = await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW });
    for (const jti of names) first.record(jti, inAnHour);
    await first.flush();
    const second = await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW });
    for (const jti of names) expect(second.record(jti, inAnHour)).toBeDefined();
  });

  const lines = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));

  it('keeps the jti and its expiry on disk, one line each, never more than that', async () => {
    const file = ledgerFile();
    const ledger = await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW });
    ledger.record('j-1', inAnHour, 'signed with profile "acme"');
    await ledger.flush();
    expect(lines(file)).toEqual([{ jti: 'j-1', exp: inAnHour, seenAt: new Date(NOW).toISOString(), source: 'signed with profile "acme"', use: 'loaded' }]);
  });

  it('records a jti without reading the journal, for tokens just signed', async () => {
    const file = ledgerFile();
    const writer = new JtiLedger(file, { source: 'signer', use: 'loaded', now: () => NOW });
    writer.append('fresh', inAnHour);
    await writer.flush();
    const reader = await JtiLedger.open(file, { source: 'inspector', use: 'loaded', now: () => NOW });
    expect(reader.record('fresh', inAnHour)).toMatchObject({ source: 'signer' });
  });

  it('forgets entries whose token has expired when it reads the journal', async () => {
    const file = ledgerFile();
    const ledger = await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW });
    ledger.record('short', NOW / 1000 + 60);
    ledger.record('long', inAnHour);
    await ledger.flush();
    const later = await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW + 120_000 });
    expect(later.record('short', NOW / 1000 + 60)).toBeUndefined();
    expect(later.record('long', inAnHour)).toBeDefined();
  });

  it('rewrites the journal without expired lines once they are most of it', async () => {
    const file = ledgerFile();
    const ledger = await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW });
    for (let i = 0; i < 1200; i++) ledger.record(`old-${i}`, NOW / 1000 + 60);
    ledger.record('live', inAnHour);
    await ledger.flush();
    await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW + 120_000 });
    expect(lines(file).map((l) => l.jti)).toEqual(['live']);
  });

  it('skips a line torn by a crash and keeps the lines before and after it', async () => {
    const file = ledgerFile();
    const ledger = await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW });
    ledger.record('j-1', inAnHour);
    await ledger.flush();
    appendFileSync(file, '\n{"jti":"j-2","exp":');
    const writer = new JtiLedger(file, { source: 'test', use: 'loaded', now: () => NOW });
    writer.append('j-3', inAnHour);
    await writer.flush();
    const notices: string[] = [];
    const after = await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW, notify: (m) => notices.push(m) });
    expect(after.record('j-1', inAnHour)).toBeDefined();
    expect(after.record('j-3', inAnHour)).toBeDefined();
    expect(notices).toEqual([]);
  });

  it('saves every jti recorded while saves overlap', async () => {
    const file = ledgerFile();
    const ledger = await JtiLedger.open(file, { source: 'test', use: 'loaded', now: () => NOW });
    await Promise.all(Array.from({ length: 30 }, (_, i) => (ledger.record(`j-${i}`, inAnHour), ledger.flush())));
    expect(lines(file)).toHaveLength(30);
  });
});
