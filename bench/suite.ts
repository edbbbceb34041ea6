/**
 * Suite runner benchmark: 100 cases against the real local embed host process with the runner
 * (`embed-console test`'s own runSuite, its default workers), side by side with the same 100
 * loads done one at a time the way the app's preview does them (sign through the contract, load
 * in one parent page, wait for workbook:loaded). Goal on a 2-core machine: the 100 cases in 15 s.
 *
 * Signs as local-demo, whose secrets live in a file of their own: it needs no keychain, only
 * Chromium. Run it as `npm run bench:suite`.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { openHome } from '../main/core/home';
import { BROWSER_ARGS, findBrowser } from '../main/suite/browser';
import { ParentPage, startParentServer } from '../main/suite/parent-page';
import { defaultWorkers, runSuite } from '../main/suite/run';
import { expandCases, parseSuite } from '../shared/suite';
import { BenchError, print, round, runBench, startHost } from './support';

const CASES = 100;
const GOAL_S = 15;
const TARGETS = ['workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c', 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/orders'];

/** 100 cases: two personas on two targets, by turns, each expecting the embed to load and show its region. */
function suiteText(): string {
  const cases = Array.from({ length: CASES }, (_, i) => {
    const region = i % 2 ? 'East' : 'West';
    return `  - { name: case ${i + 1}, persona: ${region.toLowerCase()}, target: ${TARGETS[(i >> 1) % 2]}, expect: { loads: true, text: ["region = ${region}"] } }`;
  });
  return [
    'profile: local-demo',
    'personas:',
    '  west: { sub: ana@example.com, user_attributes: { region: West } }',
    '  east: { sub: bo@example.com, user_attributes: { region: East } }',
    'cases:',
    ...cases,
    '',
  ].join('\n');
}

process.exitCode = await runBench('suite', async (root) => {
  const env = { ...process.env, EMBED_CONSOLE_HOME: root };
  const host = await startHost(root);
  try {
    const { core } = openHome(env, { notify: (message) => console.error(message) });
    const parsed = parseSuite(suiteText());
    if (!parsed.ok) throw new BenchError(`the bench's suite is not usable: ${parsed.problems[0].message}`);

    const started = performance.now();
    const results = await runSuite(parsed.suite, { contract: core, env });
    const suiteSeconds = (performance.now() - started) / 1000;
    const failed = results.find((r) => r.status !== 'passed');
    if (failed) throw new BenchError(`case "${failed.name}" did not pass: ${failed.reasons.join(' ')}`);

    // The app's own path: one load after another in one page, each signed as Load signs it.
    const oneByOneStarted = performance.now();
    const browser = await chromium.launch({ executablePath: findBrowser(undefined, env), args: BROWSER_ARGS });
    const server = await startParentServer();
    try {
      const parent = await ParentPage.open(await browser.newContext(), server);
      for (const c of expandCases(parsed.suite)) {
        const signed = await core['token:sign']({ profile: c.profile, url: c.url, claims: c.claims });
        if (!signed.ok) throw new BenchError(signed.message);
        await parent.load(signed.data.url);
        if (!(await parent.waitFor(() => parent.types().includes('workbook:loaded'), 10_000))) throw new BenchError(`"${c.name}" did not load one by one`);
      }
    } finally {
      await server.close();
      await browser.close();
    }
    const oneByOneSeconds = (performance.now() - oneByOneStarted) / 1000;

    print({
      name: `suite runner: ${CASES} cases against the local host, browser start included`,
      value: round(suiteSeconds, 2),
      unit: 's',
      casesPerSecond: round(CASES / suiteSeconds, 1),
      workers: defaultWorkers(availableParallelism()),
      goal: `<= ${GOAL_S}`,
      met: suiteSeconds <= GOAL_S,
    });
    print({
      name: `the same ${CASES} loads one at a time, as the app's preview (sign, load in one page, wait for workbook:loaded)`,
      value: round(oneByOneSeconds, 2),
      unit: 's',
      loadsPerSecond: round(CASES / oneByOneSeconds, 1),
    });
    print({ name: 'suite runner against one at a time', value: round(oneByOneSeconds / suiteSeconds, 2), unit: 'x (times faster)' });
  } finally {
    host.stop();
  }
});
