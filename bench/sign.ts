/**
 * Signing benchmark: the core against the quickstart's generateSignedUrl (sigma-embed.md §9),
 * side by side in one run.
 *
 * 1. In-process: signed URLs per second through service['token:sign'] (real keychain vault,
 *    real profile file in a temp dir) vs jsonwebtoken sign + uuid v4 + a string URL with the
 *    secret in memory. Rounds alternate; the median round counts. Goal: ours/baseline >= 0.9.
 * 2. Whole process: `embed-console sign` (the built CLI) vs `node --input-type=module -e` running
 *    the baseline once. Runs alternate; the median counts. Goal: ours/baseline <= 1.5.
 *
 * Prints one JSON object per line on stdout. Needs an unlocked OS keychain: run it under
 * scripts/with-keyring.sh. The secret is random, lives only in memory, the keychain and the
 * children's stdin/env, and is never printed.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import { v4 as uuidv4 } from 'uuid';
import type { EmbedConsoleApi, RequestOf } from '../shared/api';
import { openHome } from '../main/core/home';
import { BenchError, expectKeychain, KeychainMissing, median, print, round, runBench, NO_KEYCHAIN_LINE } from './support';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'embed-console.js');

const IN_PROCESS_ROUNDS = 8;
const ROUND_MS = 250; // 8 x 250 ms = 2 s per side
const WARMUP_MS = 500;
const PROCESS_RUNS = 15;
const PROCESS_WARMUP = 2;

const PROFILE = 'bench';
const BASE_URL = 'https://app.sigmacomputing.com/acme';
const WORKBOOK_URL = `${BASE_URL}/workbook/Sales-Dashboard-5Wd0fNcqVu3pDQ7qXbt0xu`;
const CLIENT_ID = randomBytes(32).toString('hex');
const SECRET = randomBytes(64).toString('hex');
const USER = { sub: 'ada@example.com', accountType: 'View', teams: ['Sales'], userAttributes: { region: 'West' } };

/** One line, no secret (the secret never reaches a message, but be sure). */
function oneLine(text: string): string {
  return text.split(SECRET).join('<secret>').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// The baseline: the quickstart's generateSignedUrl, minus its console.log of the decoded token.

function baselineSignedUrl(): string {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + Math.min(3600, 2_592_000);
  const token = jwt.sign(
    {
      sub: USER.sub,
      iss: CLIENT_ID,
      jti: uuidv4(),
      iat,
      exp,
      account_type: USER.accountType,
      teams: USER.teams,
      user_attributes: USER.userAttributes,
    },
    SECRET,
    { algorithm: 'HS256', keyid: CLIENT_ID },
  );
  return `${WORKBOOK_URL}?:jwt=${encodeURIComponent(token)}&:embed=true`;
}

/** The same, as a `node -e` program; the secret and ids come from the environment, as in the quickstart. */
const BASELINE_ONCE = `
import jwt from 'jsonwebtoken';
import { v4 as uuid } from 'uuid';
const { BASE_URL, CLIENT_ID, SECRET, EMAIL, ACCOUNT_TYPE, TEAM, UA_REGION } = process.env;
const iat = Math.floor(Date.now() / 1000);
const exp = iat + Math.min(Number(process.env.SESSION_LENGTH) || 3600, 2592000);
const token = jwt.sign(
  { sub: EMAIL, iss: CLIENT_ID, jti: uuid(), iat, exp, account_type: ACCOUNT_TYPE, teams: [TEAM], user_attributes: { region: UA_REGION } },
  SECRET,
  { algorithm: 'HS256', keyid: CLIENT_ID },
);
console.log(\`\${BASE_URL}?:jwt=\${encodeURIComponent(token)}&:embed=true\`);
`;

// ---------------------------------------------------------------------------------------------
// Checks that both sides make a valid signed URL before anything is timed.

function checkSignedUrl(url: string, who: string): void {
  const query = new URL(url).searchParams;
  const token = query.get(':jwt');
  if (!url.startsWith(`${WORKBOOK_URL}?`) || query.get(':embed') !== 'true' || !token) {
    throw new BenchError(`${who} made an unexpected URL (no :jwt or :embed=true, or another target).`);
  }
  let verified: string | jwt.JwtPayload;
  try {
    verified = jwt.verify(token, SECRET, { algorithms: ['HS256'] });
  } catch (error) {
    throw new BenchError(`${who} made a token that does not verify: ${(error as Error).message}.`);
  }
  const header = jwt.decode(token, { complete: true })?.header;
  if (typeof verified === 'string' || verified.sub !== USER.sub || header?.kid !== CLIENT_ID || !verified.jti) {
    throw new BenchError(`${who} made a token with unexpected claims or kid.`);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. In-process throughput.

type SignRequest = RequestOf<'token:sign'>;

async function oursFor(service: EmbedConsoleApi, request: SignRequest, ms: number): Promise<number> {
  let count = 0;
  const start = performance.now();
  const end = start + ms;
  let now = start;
  while (now < end) {
    const result = await service['token:sign'](request);
    if (!result.ok) throw new BenchError(`token:sign failed: ${result.code}: ${result.message}`);
    count++;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}

async function baselineFor(ms: number): Promise<number> {
  let count = 0;
  let sink = 0;
  const start = performance.now();
  const end = start + ms;
  let now = start;
  while (now < end) {
    sink += baselineSignedUrl().length;
    count++;
    now = performance.now();
  }
  if (sink === 0) throw new BenchError('baseline made empty URLs');
  // Same shape as ours: let the event loop turn between rounds.
  await new Promise((r) => setImmediate(r));
  return count / ((now - start) / 1000);
}

async function inProcess(home: string): Promise<void> {
  const service = openHome({ EMBED_CONSOLE_HOME: home }, { notify: (message) => console.error(message) }).core;
  const saved = await service['profiles:save']({ name: PROFILE, clientId: CLIENT_ID, baseUrl: BASE_URL, secret: SECRET });
  expectKeychain(saved);
  if (!saved.ok) {
    throw new BenchError(`saving the bench profile failed: ${saved.code}: ${saved.message}`);
  }
  try {
    const request: SignRequest = { profile: PROFILE, url: WORKBOOK_URL, claims: { ...USER } };
    const first = await service['token:sign'](request);
    if (!first.ok) throw new BenchError(`token:sign failed: ${first.code}: ${first.message}`);
    checkSignedUrl(first.data.url, 'token:sign');
    checkSignedUrl(baselineSignedUrl(), 'the baseline');

    await oursFor(service, request, WARMUP_MS);
    await baselineFor(WARMUP_MS);

    const ours: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < IN_PROCESS_ROUNDS; i++) {
      // Alternate which side goes first, so neither always follows the other's garbage.
      if (i % 2 === 0) {
        ours.push(await oursFor(service, request, ROUND_MS));
        baseline.push(await baselineFor(ROUND_MS));
      } else {
        baseline.push(await baselineFor(ROUND_MS));
        ours.push(await oursFor(service, request, ROUND_MS));
      }
    }
    const oursMedian = median(ours);
    const baselineMedian = median(baseline);
    const ratio = oursMedian / baselineMedian;
    const rounds = { rounds: IN_PROCESS_ROUNDS, roundMs: ROUND_MS };
    print({
      name: 'in-process sign, ours (service token:sign)',
      value: Math.round(oursMedian),
      unit: 'urls/s',
      ...rounds,
      min: Math.round(Math.min(...ours)),
      max: Math.round(Math.max(...ours)),
    });
    print({
      name: 'in-process sign, baseline (quickstart generateSignedUrl)',
      value: Math.round(baselineMedian),
      unit: 'urls/s',
      ...rounds,
      min: Math.round(Math.min(...baseline)),
      max: Math.round(Math.max(...baseline)),
    });
    print({ name: 'in-process sign, ratio ours/baseline', value: round(ratio, 3), unit: 'ratio', goal: '>= 0.9', met: ratio >= 0.9 });
  } finally {
    await service['profiles:remove']({ name: PROFILE });
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Whole-process time.

function run(args: string[], env: NodeJS.ProcessEnv, input?: string): { ms: number; stdout: string } {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: ROOT, env, input, encoding: 'utf8', stdio: 'pipe' });
  const ms = performance.now() - start;
  if (child.error) throw new BenchError(`could not start node: ${child.error.message}`);
  if (child.status !== 0) {
    const stderr = oneLine(child.stderr);
    if (NO_KEYCHAIN_LINE.test(stderr)) throw new KeychainMissing(stderr);
    throw new BenchError(`"node ${args[0]}" exited with ${child.status}: ${stderr}`);
  }
  return { ms, stdout: child.stdout.trim() };
}

function wholeProcess(home: string): void {
  // Children inherit the D-Bus session (the keychain); only the bench's own variables are added.
  const cliEnv: NodeJS.ProcessEnv = { ...process.env, EMBED_CONSOLE_HOME: home };
  const baselineEnv: NodeJS.ProcessEnv = {
    ...process.env,
    BASE_URL: WORKBOOK_URL,
    CLIENT_ID,
    SECRET,
    EMAIL: USER.sub,
    ACCOUNT_TYPE: USER.accountType,
    TEAM: USER.teams[0],
    UA_REGION: USER.userAttributes.region,
  };

  run([CLI, 'profile', 'add', PROFILE, '--client-id', CLIENT_ID, '--base-url', BASE_URL], cliEnv, SECRET);
  try {
    const signArgs = [
      CLI,
      'sign',
      '--profile',
      PROFILE,
      '--url',
      WORKBOOK_URL,
      '--sub',
      USER.sub,
      '--account-type',
      USER.accountType,
      '--team',
      USER.teams[0],
      '--attr',
      `region=${USER.userAttributes.region}`,
    ];
    const baselineArgs = ['--input-type=module', '-e', BASELINE_ONCE];
    const ours = () => run(signArgs, cliEnv);
    const baseline = () => run(baselineArgs, baselineEnv);

    checkSignedUrl(ours().stdout, 'embed-console sign');
    checkSignedUrl(baseline().stdout, 'the node -e baseline');
    for (let i = 0; i < PROCESS_WARMUP; i++) {
      ours();
      baseline();
    }

    const oursMs: number[] = [];
    const baselineMs: number[] = [];
    for (let i = 0; i < PROCESS_RUNS; i++) {
      if (i % 2 === 0) {
        oursMs.push(ours().ms);
        baselineMs.push(baseline().ms);
      } else {
        baselineMs.push(baseline().ms);
        oursMs.push(ours().ms);
      }
    }
    const oursMedian = median(oursMs);
    const baselineMedian = median(baselineMs);
    const ratio = oursMedian / baselineMedian;
    const spread = (ms: number[]) => ({ runs: ms.length, min: round(Math.min(...ms), 1), max: round(Math.max(...ms), 1) });
    print({ name: 'whole process, ours (embed-console sign)', value: round(oursMedian, 1), unit: 'ms', ...spread(oursMs) });
    print({ name: 'whole process, baseline (node -e generateSignedUrl)', value: round(baselineMedian, 1), unit: 'ms', ...spread(baselineMs) });
    print({ name: 'whole process, ratio ours/baseline', value: round(ratio, 3), unit: 'ratio', goal: '<= 1.5', met: ratio <= 1.5 });
  } finally {
    try {
      run([CLI, 'profile', 'remove', PROFILE], cliEnv);
    } catch {
      // The keyring of with-keyring.sh is thrown away anyway; the temp dir goes below.
    }
  }
}

// ---------------------------------------------------------------------------------------------

async function main(root: string): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new BenchError('the CLI is not built; run "npm run build" first (npm run bench does).');
  await inProcess(join(root, 'in-process'));
  wholeProcess(join(root, 'cli'));
}

process.exitCode = await runBench('sign', main, oneLine);
