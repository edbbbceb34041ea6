/**
 * Local embed host benchmark: the time from request to full response for a successful embed
 * load and for a refusal (a replayed token, which goes through every check including the
 * signature), against the real `embed-console host` process. Goal: p95 < 20 ms each.
 *
 * Signs as local-demo, whose throwaway secrets live in a file of their own: it needs no keychain.
 * Run it as `npm run bench:host`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openHome } from '../main/core/home';
import { percentile, print, round, startHost } from './support';

const LOADS = 400;
const WARMUP = 40;
const GOAL_MS = 20;

async function timedLoad(url: string, expected: number): Promise<number> {
  const start = performance.now();
  const response = await fetch(url);
  await response.text();
  const ms = performance.now() - start;
  if (response.status !== expected) throw new Error(`expected ${expected}, got ${response.status} for a load`);
  return ms;
}

function report(name: string, times: number[]): void {
  const p95 = percentile(times, 95);
  print({
    name,
    value: round(p95, 2),
    unit: 'ms (p95)',
    p50: round(percentile(times, 50), 2),
    max: round(Math.max(...times), 2),
    loads: times.length,
    goal: `< ${GOAL_MS}`,
    met: p95 < GOAL_MS,
  });
}

const root = mkdtempSync(join(tmpdir(), 'embed-console-bench-host-'));
const env = { ...process.env, EMBED_CONSOLE_HOME: root };
const host = await startHost(root);
try {
  const { core } = openHome(env, { notify: (message) => console.error(message) });
  const urls: string[] = [];
  for (let i = 0; i < LOADS + WARMUP; i++) {
    const signed = await core['token:sign']({
      profile: 'local-demo',
      url: 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c',
      claims: { sub: 'ada@example.com', accountType: 'Creator', teams: ['Sales'], userAttributes: { region: 'West' } },
      options: { ':theme': 'Dark' },
    });
    if (!signed.ok) throw new Error(`${signed.code}: ${signed.message}`);
    urls.push(signed.data.url);
  }
  for (const url of urls.slice(0, WARMUP)) await timedLoad(url, 200);
  const measured = urls.slice(WARMUP);
  const successes: number[] = [];
  for (const url of measured) successes.push(await timedLoad(url, 200));
  const refusals: number[] = [];
  for (const url of measured) refusals.push(await timedLoad(url, 403));
  report('local embed host, successful load', successes);
  report('local embed host, refused load (replay)', refusals);
} finally {
  host.stop();
  rmSync(root, { recursive: true, force: true });
}
