/**
 * The ledgers tell a token used up from one only signed or inspected: through the built CLI and
 * the real local embed host, as a user signs, loads and inspects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectReport } from '../shared/api';
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
