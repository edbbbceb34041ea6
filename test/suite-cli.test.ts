/**
 * `embed-console test` as CI runs it: the built CLI, a real local embed host process, real
 * Chromium; the JUnit it writes parsed by Chromium's own XML parser. Also the runner in process,
 * with a token replayed across two cases.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { SignedEmbed } from '../shared/api';
import type { Result } from '../shared/errors';
import { parseSuite } from '../shared/suite';
import type { CaseResult } from '../shared/suite-result';
import { openHome } from '../main/core/home';
import { runSuite } from '../main/suite/run';
import { hasChromium, launchChromium } from './support/browser';
import { readTree, runCli, tempHome, type CliRun } from './support/cli';
import { demoSecret } from './support/demo-secrets';
import { startHost, type HostProcess } from './support/host';

const EXAMPLE = 'examples/suites/local-demo.yaml';
const SALES = 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';

/** A suite whose every expectation fails once, each in its own case. */
const BROKEN = `profile: local-demo
personas:
  west: { sub: ana@example.com, user_attributes: { region: West } }
targets:
  sales: ${SALES}
  missing: ${SALES}/page/forecast
cases:
  - { name: loads, persona: west, target: missing, expect: { loads: true } }
  - { name: does not load, persona: west, target: sales, expect: { loads: false } }
  - { name: refused by code, persona: west, target: sales, expect: { refused: EINVAL } }
  - { name: refused by status, persona: west, target: missing, expect: { refused: 403 } }
  - { name: events, persona: west, target: sales, expect: { events: [workbook:published], timeout_ms: 1500 } }
  - { name: text, persona: west, target: sales, expect: { text: ["region = East"], timeout_ms: 1500 } }
  - { name: no text, persona: west, target: sales, expect: { no_text: ["region = West"] } }
  - { name: findings, persona: west, target: sales, options: { ":bogus": "yes" }, expect: { findings: none, refused: EINVAL } }
  - { name: passes, persona: west, target: sales, expect: { loads: true, text: ["region = West"] } }
`;

const REASONS: Record<string, RegExp> = {
  loads: /^It should load, but did not: Refused \(ESTALE\): ESTALE: the page was deleted or archived\./,
  'does not load': /^It should not load, but it did \(the embed said workbook:loaded\)\.$/,
  'refused by code': /^It should be refused with EINVAL, but it loaded\.$/,
  'refused by status': /^It should be refused with HTTP 403, but got HTTP 404\. Refused \(ESTALE\)/,
  events: /^It should post workbook:published within 1\.5 s, but did not \(it posted workbook:loaded, url:onchange, workbook:dataloaded\)\.$/,
  text: /^The embed should show "region = East", but does not\.$/,
  'no text': /^The embed shows "region = West", which it should not\.$/,
  findings: /^The embed URL and its token should have no error finding, but the inspector says: :bogus: not a Sigma URL option/,
};

/** The JUnit file as Chromium's XML parser reads it: a parse error fails the test. */
async function parseJunit(browser: Browser, xml: string) {
  const page = await browser.newPage();
  try {
    return await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const error = doc.querySelector('parsererror');
      if (error) throw new Error(`invalid XML: ${error.textContent}`);
      const suites = doc.documentElement;
      return {
        root: suites.tagName,
        tests: suites.getAttribute('tests'),
        failures: suites.getAttribute('failures'),
        cases: [...doc.querySelectorAll('testcase')].map((c) => ({
          name: c.getAttribute('name'),
          classname: c.getAttribute('classname'),
          failure: c.querySelector('failure')?.getAttribute('message') ?? null,
          text: c.querySelector('failure')?.textContent ?? null,
        })),
      };
    }, xml);
  } finally {
    await page.close();
  }
}

describe.runIf(hasChromium())('embed-console test (real Chromium, the real local embed host)', () => {
  const { home, cleanup } = tempHome();
  const work = mkdtempSync(join(home, 'work-'));
  const runs: CliRun[] = [];
  let host: HostProcess;
  let browser: Browser;
  const cli = async (args: string[]) => {
    const run = await runCli(['test', ...args], { home });
    runs.push(run);
    return run;
  };
  const write = (name: string, text: string) => {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    host = await startHost(home);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    cleanup();
  });

  it('runs the example suite against the local host: exit 0, and a JUnit file CI can read', async () => {
    const out = join(work, 'example.xml');
    const run = await cli([EXAMPLE, '--reporter', 'junit', '--out', out, '--output', join(work, 'example-results')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^9 cases: 9 passed, 0 failed \(\d+\.\d s\)\n$/m);
    const junit = await parseJunit(browser, readFileSync(out, 'utf8'));
    expect(junit).toMatchObject({ root: 'testsuites', tests: '9', failures: '0' });
    expect(junit.cases.map((c) => c.name)).toContain('east-creator × orders');
    expect(junit.cases.every((c) => c.classname === 'local-demo.yaml' && c.failure === null)).toBe(true);
    // Nothing failed, so nothing was kept.
    expect(existsSync(join(work, 'example-results'))).toBe(false);
  });

  it('fails each kind of expectation with its reason: exit 1, the JUnit failures, a screenshot and the decoded token of each', async () => {
    const out = join(work, 'broken.xml');
    const output = join(work, 'broken-results');
    const run = await cli([write('broken.yaml', BROKEN), '--reporter', 'junit', '--out', out, '--output', output, '--workers', '3']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('9 cases: 1 passed, 8 failed');
    expect(run.stdout).toMatch(/^FAILED loads \(\d+ ms\)\n {7}It should load, but did not/m);
    const junit = await parseJunit(browser, readFileSync(out, 'utf8'));
    expect(junit).toMatchObject({ tests: '9', failures: '8' });
    for (const [name, reason] of Object.entries(REASONS)) {
      const found = junit.cases.find((c) => c.name === name);
      expect(found?.failure, name).toMatch(reason);
      expect(found?.text, name).toContain(`screenshot: ${join(output, `${name.replace(/ /g, '-')}.png`)}`);
    }
    expect(junit.cases.find((c) => c.name === 'passes')?.failure).toBeNull();
    const kept = readdirSync(output).sort();
    expect(kept).toHaveLength(16);
    const png = readFileSync(join(output, 'text.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const token = JSON.parse(readFileSync(join(output, 'text.token.json'), 'utf8'));
    expect(Object.keys(token)).toEqual(['header', 'payload']);
    expect(token.payload).toMatchObject({ sub: 'ana@example.com', user_attributes: { region: 'West' } });
  });

  it('signs a fresh token for every case: no two cases share a jti', async () => {
    const out = join(work, 'jtis.json');
    const run = await cli([EXAMPLE, '--reporter', 'json', '--out', out, '--grep', '×|only']);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { passed: number; results: CaseResult[] };
    const jtis = report.results.map((r) => r.payload?.jti);
    expect(jtis).toHaveLength(6);
    expect(new Set(jtis).size).toBe(6);
  });

  it('runs one shard: the 2nd of 3 contiguous slices', async () => {
    const run = await cli([EXAMPLE, '--shard', '2/3', '--reporter', 'json']);
    expect(run.code).toBe(0);
    const names = (JSON.parse(run.stdout) as { results: CaseResult[] }).results.map((r) => r.name);
    expect(names).toEqual(['a page that does not exist is refused', 'an internal user sees the data checks in French', 'west-viewer × sales']);
  });

  it('refuses a malformed suite with exit 2, naming the file, the line and the field', async () => {
    const file = write(
      'malformed.yaml',
      BROKEN.replace('no_text:', 'no_txt:').replace('target: missing, expect: { refused: 403 }', 'target: mising, expect: { refused: 403 }'),
    );
    const run = await cli([file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `${file}:11: There is no target named "mising". Did you mean "missing"? (cases[3].target)\n` +
        `${file}:14: expect has no "no_txt". Did you mean "no_text"? (cases[6].expect.no_txt)\n` +
        `embed-console: ${file} is not a usable suite; fix the problems above and run again.\n`,
    );
  });

  it.each([
    [
      'an unknown profile',
      'profile: acme\npersonas: { a: { sub: a@example.com } }\ncases:\n  - { persona: a, target: workbook/A-b }\n',
      [],
      /The suite signs with "acme", but there is no such profile here \(there are local-demo\); add that profile, or fix the suite's profile\./,
    ],
    ['a --grep that is no regular expression', BROKEN, ['--grep', '('], /^embed-console: --grep "\(" is not a valid regular expression; /],
    ['a --grep no case matches', BROKEN, ['--grep', 'no such case'], /^embed-console: no case of .*unusable\.yaml matches --grep no such case\.\n$/],
    [
      'no browser at --browser',
      BROKEN,
      ['--browser', '/nowhere/chrome'],
      /^embed-console: No browser at \/nowhere\/chrome \(from --browser\); give the path of Chrome, Chromium or Edge\.\n$/,
    ],
    ['a missing file', undefined, [], /^embed-console: cannot read the suite .*nothing\.yaml \(ENOENT\); give the path of a suite file\.\n$/],
  ])('says the run is unusable with exit 2: %s', async (_what, text, flags, message) => {
    const file = text === undefined ? join(work, 'nothing.yaml') : write('unusable.yaml', text);
    const run = await cli([file, ...(flags as string[])]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('keeps the results when the report or the artifacts cannot be written, saying which path to fix', async () => {
    const file = write('one-failing.yaml', BROKEN);
    const run = await cli([
      file,
      '--grep',
      '^no text$',
      '--reporter',
      'junit',
      '--out',
      join(work, 'no-such-folder', 'results.xml'),
      '--output',
      join(file, 'x'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^embed-console: cannot write the report to .*results\.xml \(ENOENT\); give --out a path in a folder that exists\.\n$/);
    // The run's results reach the terminal, the failing case with its own reason and the folder's.
    expect(run.stdout).toMatch(/FAILED no text/);
    expect(run.stdout).toContain('The embed shows "region = West", which it should not.');
    expect(run.stdout).toMatch(/Its screenshot and token could not be kept in .*one-failing\.yaml\/x \(.*\); give the output folder a writable path\./);
  });

  it("says a silent page was waited for as long as the case's own timeout", async () => {
    const quiet = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>Not Sigma.</p>'));
    await new Promise<void>((resolve) => quiet.listen(0, '127.0.0.1', resolve));
    try {
      const target = `http://127.0.0.1:${(quiet.address() as AddressInfo).port}/demo/${SALES}`;
      const file = write(
        'silent.yaml',
        `profile: local-demo\npersonas: { a: { sub: a@example.com } }\ncases:\n  - { name: silent, persona: a, target: "${target}", expect: { timeout_ms: 6000 } }\n`,
      );
      const run = await cli([file]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /It should load, but did not: No answer: 127\.0\.0\.1:\d+ answered, but the page never said workbook:loaded within 6(\.\d)? s\./,
      );
    } finally {
      quiet.close();
    }
  });

  it('finds the profile a suite names whatever its case, as signing does', async () => {
    const run = await cli([write('cased.yaml', BROKEN.replace('profile: local-demo', 'profile: Local-Demo')), '--grep', '^passes$']);
    expect(run.code, run.stderr).toBe(0);
  });

  it("never shows local-demo's secret: not in stdout, stderr, reports or kept artifacts", () => {
    const secret = demoSecret(home);
    expect(runs.length).toBeGreaterThan(5);
    for (const run of runs) expect(run.stdout + run.stderr).not.toContain(secret);
    expect(readTree(work)).not.toContain(secret);
  });

  it('catches a token replayed across cases: the local host refuses the second load, and the case fails saying so', async () => {
    const env = { ...process.env, EMBED_CONSOLE_HOME: home };
    const { core } = openHome(env, { notify: () => {} });
    // A signer that signs once and hands every case the same token.
    let once: Promise<Result<SignedEmbed>> | undefined;
    const contract = { ...core, 'token:sign': (request: Parameters<(typeof core)['token:sign']>[0]) => (once ??= core['token:sign'](request)) };
    const parsed = parseSuite(
      `profile: local-demo\npersonas: { a: { sub: ana@example.com } }\ncases:\n  - { name: first, persona: a, target: ${SALES} }\n  - { name: second, persona: a, target: ${SALES} }\n`,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const results = await runSuite(parsed.suite, { contract, workers: 2, env });
    expect(results.map((r) => r.status).sort()).toEqual(['failed', 'passed']);
    const failed = results.find((r) => r.status === 'failed')!;
    expect(failed.reasons).toEqual([expect.stringMatching(/^It should load, but did not: Refused \(EINVAL\): This embed URL was already used\./)]);
    expect(results[0].payload?.jti).toBe(results[1].payload?.jti);
  });

  it("runs a suite through the contract's suite:run, as the app's Suites view does: the cases picked by name", async () => {
    const { core } = openHome({ ...process.env, EMBED_CONSOLE_HOME: home }, { notify: () => {} });
    const text = readFileSync(EXAMPLE, 'utf8');
    const ran = await core['suite:run']({ text, names: ['west sees only West', 'east-creator × orders'] });
    if (!ran.ok) throw new Error(ran.message);
    expect(ran.data.results.map((r) => [r.name, r.status])).toEqual([
      ['west sees only West', 'passed'],
      ['east-creator × orders', 'passed'],
    ]);
    expect(ran.data.results[0].outcome).toEqual({ kind: 'loaded', text: 'Loaded: the embed said workbook:loaded.' });
    expect(await core['suite:run']({ text: text.replace('no_text:', 'no_txt:') })).toEqual({
      ok: false,
      code: 'INVALID_REQUEST',
      field: 'text',
      message: 'The suite is not usable; line 18: expect has no "no_txt". Did you mean "no_text"?',
    });
  });
});
