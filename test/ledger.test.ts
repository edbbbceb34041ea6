/** The jti ledger against real files: once per jti, across restarts, pruned after expiry. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JtiLedger } from '../main/core/ledger';
import { tempHome } from './support/cli';

const homes: Array<ReturnType<typeof tempHome>> = [];
function ledgerFile(): string {
  const home = tempHome();
  homes.push(home);
  return join(home.home, 'ledger.json');
}
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

const NOW = Date.UTC(2026, 10, 30, 12);
const inAnHour = NOW / 1000 + 3600;

describe('JtiLedger', () => {
  it('accepts a jti once and then names when and where it was first seen', async () => {
    const ledger = await JtiLedger.open(ledgerFile(), 'local embed host', { now: () => NOW });
    expect(ledger.record('j-1', inAnHour)).toBeUndefined();
    expect(ledger.record('j-1', inAnHour)).toEqual({ exp: inAnHour, seenAt: new Date(NOW).toISOString(), source: 'local embed host' });
  });

  it('lets exactly one of many simultaneous uses through', async () => {
    const ledger = await JtiLedger.open(ledgerFile(), 'test', { now: () => NOW });
    const firsts = await Promise.all(Array.from({ length: 50 }, async () => ledger.record('same', inAnHour) === undefined));
    expect(firsts.filter(Boolean)).toHaveLength(1);
  });

  it('remembers across a restart, once flushed', async () => {
    const file = ledgerFile();
    const first = await JtiLedger.open(file, 'test', { now: () => NOW });
    first.record('j-1', inAnHour);
    await first.flush();
    const second = await JtiLedger.open(file, 'test', { now: () => NOW });
    expect(second.record('j-1', inAnHour)).toBeDefined();
    expect(second.record('j-2', inAnHour)).toBeUndefined();
  });

  it('remembers jtis named like Object properties across a restart', async () => {
    const file = ledgerFile();
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const first = await JtiLedger.open(file, 'test', { now: () => NOW });
    for (const jti of names) first.record(jti, inAnHour);
    await first.flush();
    const second = await JtiLedger.open(file, 'test', { now: () => NOW });
    for (const jti of names) expect(second.record(jti, inAnHour)).toBeDefined();
  });

  it('keeps the jti and its expiry on disk, never more than that', async () => {
    const file = ledgerFile();
    const ledger = await JtiLedger.open(file, 'test', { now: () => NOW });
    ledger.record('j-1', inAnHour);
    await ledger.flush();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      version: 2,
      entries: [{ jti: 'j-1', exp: inAnHour, seenAt: new Date(NOW).toISOString(), source: 'test' }],
    });
  });

  it('forgets entries whose token has expired', async () => {
    const file = ledgerFile();
    let now = NOW;
    const ledger = await JtiLedger.open(file, 'test', { now: () => now });
    ledger.record('short', NOW / 1000 + 60);
    ledger.record('long', inAnHour);
    await ledger.flush();
    now = NOW + 120_000;
    await ledger.flush();
    expect(JSON.parse(readFileSync(file, 'utf8')).entries.map((e: { jti: string }) => e.jti)).toEqual(['long']);
  });

  it('saves every jti recorded while saves overlap', async () => {
    const file = ledgerFile();
    const ledger = await JtiLedger.open(file, 'test', { now: () => NOW });
    await Promise.all(Array.from({ length: 30 }, (_, i) => (ledger.record(`j-${i}`, inAnHour), ledger.flush())));
    expect(JSON.parse(readFileSync(file, 'utf8')).entries).toHaveLength(30);
  });
});
