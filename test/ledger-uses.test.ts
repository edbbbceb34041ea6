/**
 * The ledgers tell a token used up from one only signed or inspected: through the built CLI and
 * the real local embed host, as a user signs, loads and inspects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedConsoleApi, InspectReport } from '../shared/api';
import { openHome } from '../main/core/home';
import { runCli, tempHome } from './support/cli';
import { startHost, type HostProcess } from './support/host';

const WORKBOOK = 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';
const { home, cleanup } = tempHome();
let host: HostProcess;
beforeAll(async () => {
  host = await startHost(home);
});
afterAll(async () => {
  await host.stop();
  cleanup();
});

const cli = (...args: string[]) => runCli(args, { home });
async function signed(): Promise<string> {
  const run = await cli('sign', '--profile', 'local-demo', '--url', WORKBOOK, '--sub', 'ada@example.com');
  expect(run.stderr).toBe('');
  return run.stdout.trim();
}
async function inspected(url: string): Promise<InspectReport> {
  const run = await cli('inspect', url, '--json');
  return JSON.parse(run.stdout) as InspectReport;
}
const ledgerFindings = (report: InspectReport) => report.findings.filter((f) => f.code.startsWith('JTI_'));

describe('the jti ledgers (the local embed host, real processes)', () => {
  it('does not warn for a token signed then inspected, nor for the same paste inspected twice', async () => {
    const url = await signed();
    for (const time of [1, 2]) {
      const findings = ledgerFindings(await inspected(url));
      expect({ time, codes: findings.map((f) => f.code) }).toEqual({ time, codes: ['JTI_KNOWN'] });
      expect(findings[0].severity).toBe('info');
      expect(findings[0].message).toMatch(/was signed here at \S+ \(signed with profile "local-demo"\); no load of it is recorded here/);
      expect(findings[0].message).not.toMatch(/refused now/);
    }
  });

  it('warns JTI_SEEN, saying where, once the local embed host has loaded the token', async () => {
    const url = await signed();
    expect((await fetch(url)).status).toBe(200);
    const report = await inspected(url);
    const [seen] = ledgerFindings(report);
    expect(seen).toMatchObject({ code: 'JTI_SEEN', severity: 'warning', path: 'payload.jti' });
    expect(seen.message).toMatch(/was loaded at \S+ \(local embed host\); Sigma accepts each token once, so it will be refused now: sign a fresh one\.$/);
    // And the host does refuse it now.
    expect((await fetch(url)).status).toBe(403);
  });
});

describe("the ledger hears where the app's tokens went", () => {
  // The app's own path: the contract the preview and its buttons call, on the same home.
  const core = () => openHome({ EMBED_CONSOLE_HOME: home }, { notify: () => {} }).core;
  async function signedInApp(api: EmbedConsoleApi) {
    const result = await api['token:sign']({ profile: 'local-demo', url: WORKBOOK, claims: { sub: 'ada@example.com' } });
    if (!result.ok) throw new Error(result.message);
    return result.data;
  }

  it('warns JTI_SEEN, naming the preview and its host, once the preview loaded the token', async () => {
    const api = core();
    const embed = await signedInApp(api);
    expect(await api['token:used']({ jti: embed.payload.jti, how: 'preview', host: 'app.sigmacomputing.com' })).toEqual({ ok: true, data: { recorded: true } });
    const [seen] = ledgerFindings(await inspected(embed.url));
    expect(seen).toMatchObject({ code: 'JTI_SEEN', severity: 'warning' });
    expect(seen.message).toMatch(/was loaded at \S+ \(loaded in the preview from app\.sigmacomputing\.com\); .* refused now/);
  });

  it('says a token opened in the browser was used there', async () => {
    const api = core();
    const embed = await signedInApp(api);
    await api['token:used']({ jti: embed.payload.jti, how: 'browser', host: 'app.sigmacomputing.com' });
    const [seen] = ledgerFindings(await inspected(embed.url));
    expect(seen.code).toBe('JTI_SEEN');
    expect(seen.message).toContain('(opened in your browser, at app.sigmacomputing.com)');
  });

  it('tells a copied token as information, and a later load of it as used: a weaker use never hides a load', async () => {
    const api = core();
    const embed = await signedInApp(api);
    await api['token:used']({ jti: embed.payload.jti, how: 'copied', host: 'app.sigmacomputing.com' });
    const [copied] = ledgerFindings(await inspected(embed.url));
    expect(copied).toMatchObject({ code: 'JTI_KNOWN', severity: 'info' });
    expect(copied.message).toMatch(/was copied from the preview at \S+; .* accepts it once, unless that copy was opened already\./);

    await api['token:used']({ jti: embed.payload.jti, how: 'preview', host: 'app.sigmacomputing.com' });
    // A copy after the load records nothing: the token stays used.
    expect(await api['token:used']({ jti: embed.payload.jti, how: 'copied', host: 'app.sigmacomputing.com' })).toEqual({ ok: true, data: { recorded: false } });
    // Read afresh by another process (the CLI): the load wins over the copy and the signing.
    expect(ledgerFindings(await inspected(embed.url)).map((f) => f.code)).toEqual(['JTI_SEEN']);
  });

  it('records nothing for a token it did not sign', async () => {
    expect(await core()['token:used']({ jti: 'not-signed-here', how: 'preview', host: 'example.com' })).toEqual({ ok: true, data: { recorded: false } });
  });
});
