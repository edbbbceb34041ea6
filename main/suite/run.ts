/**
 * Runs a suite's cases in a headless browser: each signs a fresh token through the core (the
 * same token:sign Load uses), loads it in a parent page that listens like the app's preview,
 * settles its outcome by the preview's rules, reads what the embed shows and judges it. Cases
 * run concurrently: one browser, one context and page per worker.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { EmbedConsoleApi, SignedEmbed } from '../../shared/api';
import { claimsToSend, hidePlaintextOAuth } from '../../shared/claims';
import { EmbedConsoleError, reasonOf } from '../../shared/errors';
import { LOADING, NO_ANSWER_MS, advance, inspectorReason, type OutcomeState } from '../../shared/load-outcome';
import { slug, unused } from '../../shared/names';
import { expandCases, type Suite, type SuiteCase } from '../../shared/suite';
import { DEFAULT_TIMEOUT_MS, judge, type CaseResult, type Observation } from '../../shared/suite-result';
import { probe } from '../core/probe';
import { findProfile } from '../core/profiles';
import { BROWSER_ARGS, findBrowser } from './browser';
import { ParentPage, startParentServer, type ParentServer } from './parent-page';

export interface RunOptions {
  /** The core's handler table, as every transport gets it. */
  contract: EmbedConsoleApi;
  workers?: number;
  /** Only the cases whose name this regular expression matches. */
  grep?: string;
  /** Only the cases of these names (the app's "run this one"). */
  names?: string[];
  /** The index-th (from 1) of `total` contiguous slices of the selected cases, as Playwright shards. */
  shard?: { index: number; total: number };
  /** Where a failing case's screenshot and decoded token are kept; none kept without it. */
  outDir?: string;
  browserPath?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Workers for this machine, as Playwright counts them: half the cores, at most 4. The browser's
 * own processes and the host share the CPU with each page: on 2 busy cores, 2 workers measured
 * no faster than 1 (bench/suite.ts).
 */
export const defaultWorkers = (cores: number): number => Math.max(1, Math.min(4, Math.floor(cores / 2)));

/** The cases this run takes: grep and names pick, then the shard slices. */
export function selectCases(cases: SuiteCase[], options: Pick<RunOptions, 'grep' | 'names' | 'shard'>): SuiteCase[] {
  let pattern: RegExp | undefined;
  try {
    pattern = options.grep === undefined ? undefined : new RegExp(options.grep);
  } catch {
    throw new EmbedConsoleError(
      'INVALID_REQUEST',
      `--grep "${options.grep}" is not a valid regular expression; escape characters such as ( [ * with \\.`,
      'grep',
    );
  }
  const picked = cases.filter((c) => (!pattern || pattern.test(c.name)) && (!options.names || options.names.includes(c.name)));
  if (!options.shard) return picked;
  const { index, total } = options.shard;
  return picked.slice(Math.floor(((index - 1) * picked.length) / total), Math.floor((index * picked.length) / total));
}

/** A file name for a case: its name in lowercase letters, digits and dashes, unique in the run. */
function slugger(): (name: string) => string {
  const taken = new Set<string>();
  return (name) => {
    const unique = unused(slug(name, 'case'), (s) => taken.has(s));
    taken.add(unique);
    return unique;
  };
}

/** Every profile the cases sign with must exist: a typo is the suite's problem, said before anything runs. */
async function checkProfiles(contract: EmbedConsoleApi, cases: SuiteCase[]): Promise<void> {
  const listed = await contract['profiles:list']({});
  if (!listed.ok) throw new EmbedConsoleError(listed.code, listed.message);
  // Found as signing finds it: whatever the case of the name.
  const missing = [...new Set(cases.map((c) => c.profile))].filter((p) => !findProfile(listed.data, p));
  if (missing.length) {
    const names = listed.data.map((p) => p.name);
    throw new EmbedConsoleError(
      'PROFILE_NOT_FOUND',
      `The suite signs with ${missing.map((p) => `"${p}"`).join(', ')}, but there is no such profile here (there are ${names.join(', ') || 'none'}); add that profile, or fix the suite's profile.`,
      'profile',
    );
  }
}

interface Worker {
  parent: ParentPage;
  contract: EmbedConsoleApi;
  outDir?: string;
  slug: (name: string) => string;
}

/** How the load settles by the preview's rules: the embed's answer, else (after a silence) the probe's diagnosis. */
async function settle(parent: ParentPage, url: string, deadline: number, timeoutMs: number): Promise<OutcomeState> {
  const host = new URL(url).host;
  const answer = () => parent.first(['workbook:loaded', 'workbook:error']);
  let state: OutcomeState = LOADING;
  const heard = () => {
    const message = answer();
    if (message) state = advance(state, { type: 'message', message }, host);
  };
  if (await parent.waitFor(() => Boolean(answer()), Math.min(NO_ANSWER_MS, deadline - Date.now()))) {
    heard();
    return state;
  }
  // Silent so far: the origin is asked why while the case waits out its own timeout.
  const started = deadline - timeoutMs;
  const [result, answered] = await Promise.all([probe(url), parent.waitFor(() => Boolean(answer()), deadline - Date.now())]);
  if (answered) {
    heard();
    return state;
  }
  state = advance(state, { type: 'timeout' }, host);
  return advance(state, { type: 'probed', result, framed: true, waitedMs: Date.now() - started }, host);
}

/** What the embed shows, waiting (until the deadline) for the text the case expects to appear. */
async function visibleText(parent: ParentPage, expected: string[], deadline: number): Promise<string> {
  const read = () =>
    parent.page
      .frameLocator('#embed')
      .locator('body')
      // A last read past the deadline still gets its second: a page that is there answers at once.
      .innerText({ timeout: Math.max(1000, deadline - Date.now()) })
      .catch(() => '');
  let text = await read();
  while (expected.some((t) => !text.includes(t)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    text = await read();
  }
  return text;
}

async function observe(worker: Worker, c: SuiteCase, signed: SignedEmbed, timeoutMs: number): Promise<Observation> {
  const { parent, contract } = worker;
  let errorFindings: string[] | undefined;
  if (c.expect.findings === 'none') {
    // The whole URL (its options are judged too), before the load: once loaded, the token is used up, itself a finding.
    const report = await contract['token:inspect']({ input: signed.url });
    errorFindings = report.ok ? report.data.findings.filter((f) => f.severity === 'error').map((f) => f.message) : [report.message];
  }
  const deadline = Date.now() + timeoutMs;
  await parent.load(signed.url);
  let state = await settle(parent, signed.url, deadline, timeoutMs);
  if (state.phase === 'settled' && state.outcome.kind === 'refused') {
    const report = await contract['token:inspect']({ input: signed.token });
    const reason = report.ok ? inspectorReason(report.data) : undefined;
    if (reason) state = advance(state, { type: 'inspected', reason }, '');
  }
  const outcome = state.phase === 'settled' ? state.outcome : { kind: 'silent' as const, text: `No answer within ${timeoutMs / 1000} s.` };
  const wanted = c.expect.events ?? [];
  if (wanted.length) await parent.waitFor(() => wanted.every((t) => parent.types().includes(t)), deadline - Date.now());
  const error = parent.first(['workbook:error']);
  return {
    outcome,
    code: typeof error?.code === 'string' ? error.code : undefined,
    status: parent.status,
    events: parent.types(),
    text: c.expect.text || c.expect.no_text ? await visibleText(parent, c.expect.text ?? [], deadline) : '',
    errorFindings,
    timeoutMs,
  };
}

/** A token the core would not sign is refused before Sigma sees it, as Sigma refuses such a token: EINVAL. */
function refusedBeforeSigning(message: string, timeoutMs: number): Observation {
  return { outcome: { kind: 'refused', text: `Refused before signing (EINVAL): ${message}` }, code: 'EINVAL', events: [], text: '', timeoutMs };
}

async function keepArtifacts(worker: Worker, c: SuiteCase, signed: SignedEmbed | undefined): Promise<CaseResult['artifacts']> {
  if (!worker.outDir) return undefined;
  const slug = worker.slug(c.name);
  // Made only when a case fails: a run that passes leaves nothing behind.
  await mkdir(worker.outDir, { recursive: true });
  const screenshot = join(worker.outDir, `${slug}.png`);
  await worker.parent.page.screenshot({ path: screenshot });
  if (!signed) return { screenshot };
  const token = join(worker.outDir, `${slug}.token.json`);
  await writeFile(token, `${JSON.stringify({ header: signed.header, payload: hidePlaintextOAuth({ ...signed.payload }) }, null, 2)}\n`);
  return { screenshot, token };
}

async function runCase(worker: Worker, c: SuiteCase): Promise<CaseResult> {
  const started = Date.now();
  const base = { name: c.name, persona: c.persona, target: c.target, profile: c.profile };
  const timeoutMs = c.expect.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  const done = (result: Omit<CaseResult, keyof typeof base | 'durationMs'>): CaseResult => ({ ...base, ...result, durationMs: Date.now() - started });
  const request = { profile: c.profile, url: c.url, claims: claimsToSend(c.claims), options: c.options, controls: c.controls };
  const sign = await worker.contract['token:sign'](request);
  if (!sign.ok && sign.code !== 'INVALID_CLAIMS') return done({ status: 'error', reasons: [`No token was signed: ${sign.message}`], events: [] });
  const signed = sign.ok ? sign.data : undefined;
  try {
    const seen = signed ? await observe(worker, c, signed, timeoutMs) : refusedBeforeSigning(sign.ok ? '' : sign.message, timeoutMs);
    const reasons = judge(c.expect, seen);
    const payload = signed && hidePlaintextOAuth({ ...signed.payload });
    const result = { status: reasons.length ? ('failed' as const) : ('passed' as const), outcome: seen.outcome, reasons, events: seen.events, payload };
    return done(reasons.length ? await withArtifacts(worker, c, signed, result) : result);
  } catch (error) {
    return done({ status: 'error', reasons: [`The browser could not run this case: ${reasonOf(error).split('\n')[0]}`], events: [] });
  }
}

/** A failing case with what was kept of it; a folder that cannot be written is one more reason, never the case's own lost. */
async function withArtifacts<R extends { reasons: string[] }>(
  worker: Worker,
  c: SuiteCase,
  signed: SignedEmbed | undefined,
  result: R,
): Promise<R & Pick<CaseResult, 'artifacts'>> {
  try {
    return { ...result, artifacts: await keepArtifacts(worker, c, signed) };
  } catch (error) {
    const why = reasonOf(error).split('\n')[0];
    return {
      ...result,
      reasons: [...result.reasons, `Its screenshot and token could not be kept in ${worker.outDir} (${why}); give the output folder a writable path.`],
    };
  }
}

async function launch(options: RunOptions): Promise<Browser> {
  const executablePath = findBrowser(options.browserPath, options.env);
  try {
    return await chromium.launch({ executablePath, args: BROWSER_ARGS });
  } catch (error) {
    throw new EmbedConsoleError(
      'INTERNAL',
      `The browser at ${executablePath} did not start (${reasonOf(error).split('\n')[0]}); name another: --browser PATH for embed-console test, the CHROMIUM_PATH variable for the app.`,
      'browser',
    );
  }
}

/** Runs the selected cases of `suite`; results in the suite's order. Throws (a coded error) when the run cannot start. */
export async function runSuite(suite: Suite, options: RunOptions): Promise<CaseResult[]> {
  const cases = selectCases(expandCases(suite), options);
  if (cases.length === 0) return [];
  await checkProfiles(options.contract, cases);
  const browser = await launch(options);
  let server: ParentServer | undefined;
  try {
    server = await startParentServer();
    const results: CaseResult[] = new Array(cases.length);
    let next = 0;
    const slug = slugger();
    const work = async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      let parent = await ParentPage.open(context, server!);
      for (let i = next++; i < cases.length; i = next++) {
        results[i] = await runCase({ parent, contract: options.contract, outDir: options.outDir, slug }, cases[i]);
        // A page the browser gave up on is not reused.
        if (results[i].status === 'error') parent = await parent.page.close().then(() => ParentPage.open(context, server!));
      }
      await context.close();
    };
    const workers = Math.min(options.workers ?? defaultWorkers(availableParallelism()), cases.length);
    await Promise.all(Array.from({ length: workers }, work));
    return results;
  } finally {
    await server?.close();
    await browser.close();
  }
}
