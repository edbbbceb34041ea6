/**
 * Inspector benchmark: tokens per second through the core's token:inspect (decode, every rule of
 * shared/lint.ts, the signature checked against 20 stored profiles, the jti looked up and
 * recorded in the ledger), on the real keychain vault and a real data dir in a temp folder.
 * Goal (issue 5): >= 5,000 tokens/s for each of
 *
 * 1. tokens whose kid is a stored profile's client id (spread over the 20 profiles);
 * 2. tokens whose kid is unknown, so that all 20 secrets are tried (signed by profiles removed
 *    before timing: none verifies, as for credentials this console does not hold);
 * 3. whole embed URLs (the signed URL is the input).
 *
 * Every inspect looks its jti up in the data dir's ledger and records it there; what that costs
 * on disk, whether the inspect waits for it or leaves it to the background, is part of the
 * figure: a round ends once every answer is back and no file operation is in flight any more
 * (the ledger is the only file written here), and that wait counts in the round's time.
 * `callsPerSecond` is the rate of the answers alone, `ledgerWaitMs` the wait at a round's end.
 *
 * Each figure: a warm-up, then ROUNDS rounds of ROUND_MS; the median round counts. Prints one
 * JSON object per line on stdout. Needs an unlocked OS keychain: run it under
 * scripts/with-keyring.sh. The secrets are random, live only in memory and the keychain, and are
 * never printed.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EmbedConsoleApi, InspectReport, RequestOf } from '../shared/api';
import { openHome } from '../main/core/home';
import { BenchError, expectKeychain, median, print, round, runBench } from './support';

const PROFILES = 20;
const KNOWN_TOKENS = 200; // 10 per profile
const UNKNOWN_TOKENS = 40;
const DEPARTED_PROFILES = 4; // sign the unknown-kid tokens, then are removed
const ROUNDS = 8;
const ROUND_MS = 250; // 8 x 250 ms = 2 s per figure
const WARMUP_MS = 500;
const GOAL = 5000;

const ORG = 'https://app.sigmacomputing.com/acme';
const WORKBOOKS: { url: string; options: Record<string, string> }[] = [
  { url: `${ORG}/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c`, options: { ':theme': 'Dark' } },
  { url: `${ORG}/workbook/Revenue-Overview-5Wd0fNcqVu3pDQ7qXbt0xu`, options: { ':hide_folder_navigation': 'true' } },
  { url: `${ORG}/workbook/Pipeline-Health-7Hs2mKq9Zx4Lp1Vb8Nc3Rt/page/Summary-Qa1Ws2Ed3Rf`, options: { ':lng': 'fr' } },
];
const ACCOUNT_TYPES = ['View', 'Creator', 'Analyst'];
const TEAMS = ['Sales', 'Marketing', 'Finance', 'Support', 'Operations'];
const REGIONS = ['West', 'East', 'North', 'South'];

interface Case {
  name: string;
  inputs: { input: string; jti: string; profile: string | null }[];
  /** Throws when an answer is not what a token of this case must get. */
  check: (report: InspectReport, expected: { jti: string; profile: string | null }) => void;
}

const profileName = (i: number) => `bench-${String(i + 1).padStart(2, '0')}`;
const departedName = (i: number) => `departed-${i + 1}`;

/** A realistic sign request for the i-th user, with one of the workbooks and its option. */
function signRequest(profile: string, i: number): RequestOf<'token:sign'> {
  const workbook = WORKBOOKS[i % WORKBOOKS.length];
  return {
    profile,
    url: workbook.url,
    claims: {
      sub: `user${i}@example.com`,
      accountType: ACCOUNT_TYPES[i % ACCOUNT_TYPES.length],
      teams: [TEAMS[i % TEAMS.length], TEAMS[(i + 2) % TEAMS.length]],
      userAttributes: { region: REGIONS[i % REGIONS.length], tier: i % 2 ? 'gold' : 'silver' },
    },
    options: workbook.options,
  };
}

async function sign(core: EmbedConsoleApi, profile: string, i: number) {
  const signed = await core['token:sign'](signRequest(profile, i));
  if (!signed.ok) throw new BenchError(`token:sign failed: ${signed.code}: ${signed.message}`);
  return signed.data;
}

async function save(core: EmbedConsoleApi, name: string): Promise<void> {
  const saved = await core['profiles:save']({ name, clientId: randomBytes(32).toString('hex'), baseUrl: ORG, secret: randomBytes(64).toString('hex') });
  expectKeychain(saved);
  if (!saved.ok) {
    throw new BenchError(`saving profile ${name} failed: ${saved.code}: ${saved.message}`);
  }
}

/**
 * Resolves once no file operation is in flight: the ledger's background writes, the only file
 * I/O of this process while it inspects, are done. Checked from setImmediate, when no microtask
 * is pending, so a queued write has always started its next operation by then.
 */
async function ledgerWritten(): Promise<void> {
  do await new Promise((resolve) => setImmediate(resolve));
  while (process.getActiveResourcesInfo().some((resource) => resource.startsWith('FSReq')));
}

const errors = (report: InspectReport) => report.findings.filter((f) => f.severity === 'error').map((f) => f.code);

function checkKnown(report: InspectReport, expected: { jti: string; profile: string | null }): void {
  if (!report.signature.valid || report.signature.profile !== expected.profile) {
    throw new BenchError(`a token of ${expected.profile} did not verify with it: ${report.signature.reason}`);
  }
  if (report.payload?.jti !== expected.jti) throw new BenchError('an answer has another jti than its token');
  if (errors(report).length) throw new BenchError(`a well-made token got error findings: ${errors(report).join(', ')}`);
}

async function inspectFor(core: EmbedConsoleApi, which: Case, ms: number, from: number) {
  let count = 0;
  const start = performance.now();
  const end = start + ms;
  let now = start;
  while (now < end) {
    const result = await core['token:inspect']({ input: which.inputs[(from + count) % which.inputs.length].input });
    if (!result.ok) throw new BenchError(`token:inspect failed: ${result.code}: ${result.message}`);
    count++;
    now = performance.now();
  }
  // What the round left to write counts in its time.
  const answered = now;
  await ledgerWritten();
  now = performance.now();
  return { count, perSecond: count / ((now - start) / 1000), callsPerSecond: count / ((answered - start) / 1000), ledgerMs: now - answered };
}

async function measure(core: EmbedConsoleApi, which: Case): Promise<void> {
  // Every input once, checked, before anything is timed.
  for (const expected of which.inputs) {
    const result = await core['token:inspect']({ input: expected.input });
    if (!result.ok) throw new BenchError(`${which.name}: token:inspect failed: ${result.code}: ${result.message}`);
    which.check(result.data, expected);
    if (!result.data.findings.some((f) => f.code === 'JTI_SEEN')) throw new BenchError(`${which.name}: the ledger did not know a signed token's jti`);
  }
  await ledgerWritten();

  let from = (await inspectFor(core, which, WARMUP_MS, 0)).count;
  const rounds: Awaited<ReturnType<typeof inspectFor>>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = await inspectFor(core, which, ROUND_MS, from);
    from += r.count;
    rounds.push(r);
  }
  const rates = rounds.map((r) => r.perSecond);
  const value = Math.round(median(rates));
  print({
    name: which.name,
    value,
    unit: 'tokens/s',
    goal: `>= ${GOAL}`,
    met: value >= GOAL,
    rounds: ROUNDS,
    roundMs: ROUND_MS,
    min: Math.round(Math.min(...rates)),
    max: Math.round(Math.max(...rates)),
    tokens: which.inputs.length,
    callsPerSecond: Math.round(median(rounds.map((r) => r.callsPerSecond))),
    ledgerWaitMs: round(median(rounds.map((r) => r.ledgerMs)), 2),
  });
}

async function run(root: string): Promise<void> {
  const { core, dataDir } = openHome({ EMBED_CONSOLE_HOME: root }, { notify: (message) => console.error(message) });
  const names = Array.from({ length: PROFILES }, (_, i) => profileName(i));
  const departed = Array.from({ length: DEPARTED_PROFILES }, (_, i) => departedName(i));
  try {
    for (const name of [...names, ...departed]) await save(core, name);

    const known: Case['inputs'] = [];
    const urls: Case['inputs'] = [];
    for (let i = 0; i < KNOWN_TOKENS; i++) {
      const signed = await sign(core, names[i % PROFILES], i);
      known.push({ input: signed.token, jti: signed.payload.jti, profile: signed.profile });
      urls.push({ input: signed.url, jti: signed.payload.jti, profile: signed.profile });
    }
    const unknown: Case['inputs'] = [];
    for (let i = 0; i < UNKNOWN_TOKENS; i++) {
      const signed = await sign(core, departed[i % DEPARTED_PROFILES], KNOWN_TOKENS + i);
      unknown.push({ input: signed.token, jti: signed.payload.jti, profile: null });
    }
    for (const name of departed) {
      const removed = await core['profiles:remove']({ name });
      if (!removed.ok) throw new BenchError(`removing profile ${name} failed: ${removed.code}: ${removed.message}`);
    }
    const listed = await core['profiles:list']({});
    if (!listed.ok || listed.data.length !== PROFILES || listed.data.some((p) => !p.hasSecret)) {
      throw new BenchError(`expected ${PROFILES} profiles, each with its secret, before timing`);
    }
    await ledgerWritten();

    await measure(core, { name: 'inspect token, known kid', inputs: known, check: checkKnown });
    await measure(core, {
      name: `inspect token, unknown kid (all ${PROFILES} secrets tried)`,
      inputs: unknown,
      check(report, expected) {
        if (report.signature.valid || report.signature.profile !== null) throw new BenchError('a token of a removed profile verified');
        if (report.payload?.jti !== expected.jti) throw new BenchError('an answer has another jti than its token');
        if (errors(report).join() !== 'KID_UNKNOWN')
          throw new BenchError(`a token of a removed profile got ${errors(report).join(', ') || 'no errors'}, not KID_UNKNOWN alone`);
      },
    });
    await measure(core, {
      name: 'inspect embed URL, known kid',
      inputs: urls,
      check(report, expected) {
        checkKnown(report, expected);
        if (!report.target || Object.keys(report.target.options).length !== 1) throw new BenchError('an embed URL was not read as a target with its option');
      },
    });

    // The ledger on disk holds every jti the bench signed: the writes it waited for did land.
    const ledgers = readdirSync(dataDir).filter((file) => file.startsWith('ledger'));
    const onDisk = ledgers.map((file) => readFileSync(join(dataDir, file), 'utf8')).join('\n');
    if (ledgers.length === 0 || [...known, ...unknown].some(({ jti }) => !onDisk.includes(jti))) throw new BenchError('the ledger on disk is missing jtis');
  } finally {
    // Out of the keychain too, should this run on a keychain that outlives it.
    for (const name of [...names, ...departed]) await core['profiles:remove']({ name }).catch(() => undefined);
    await ledgerWritten();
  }
}

process.exitCode = await runBench('inspect', run);
