/**
 * The inspector under fuzzing: 10,000 generated malformed tokens and embed URLs, from a seeded
 * generator so a failure repeats, fed in-process to the real core's token:inspect over the real
 * keychain and real files. No input may crash it, and every answer must carry codes.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedConsoleApi, InspectReport, RequestOf } from '../shared/api';
import type { Result } from '../shared/errors';
import { LEGACY_OPTIONS, SUPPORTED_OPTIONS, UNVERIFIED_OPTIONS } from '../shared/lint';
import { openHome } from '../main/core/home';
import { formatReport } from '../main/inspect-report';
import { tempHome } from './support/cli';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();

const COUNT = 10_000;
const SEED = 0x5eed_1e55;
// Fixed, so the seed alone decides every input; the keychain entries live under this run's own home.
const SECRET_A = 'fuzz-secret-a-4f1d9c2e7b';
const SECRET_B = 'fuzz-secret-b-8a3e6d0c5f';
/** The claim times of the generated tokens: fixed, so inputs repeat byte for byte. */
const T0 = 1_790_000_000;

/** mulberry32: small, fast and repeatable. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64url');
/** encodeURIComponent, which refuses a lone surrogate: then the text as it is. */
const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
};
const hs256 = (input: string, secret: string) => createHmac('sha256', secret).update(input).digest('base64url');
/** header.payload signed HS256 with `secret`, whatever the (raw JSON) header says. */
const signRaw = (header: string, payload: string, secret: string) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${hs256(input, secret)}`;
};

/** Objects and arrays nested more deeply than this are refused: Sigma's claims are flat. */
const MAX_DEPTH = 32;

/** Nesting depth, counted by the text's brackets outside strings (independent of shared/jwt.ts). */
function bracketDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return deepest;
}

/** What a decodable token is, written out independently of shared/jwt.ts. */
function decodesByHand(pasted: string): boolean {
  let token = pasted.trim().replace(/^Bearer\s+/i, '');
  if (token.includes('%')) {
    try {
      token = decodeURIComponent(token);
    } catch {
      // left as pasted
    }
  }
  const parts = token.trim().split('.');
  // Every part, the signature too, in its one canonical base64url form: the bytes encode back to it.
  const canonical = (part: string) => /^[A-Za-z0-9_-]*$/.test(part) && Buffer.from(part, 'base64url').toString('base64url') === part;
  if (parts.length !== 3 || !canonical(parts[2])) return false;
  return parts.slice(0, 2).every((part) => {
    if (!canonical(part)) return false;
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(part, 'base64url'));
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value) && bracketDepth(text) <= MAX_DEPTH;
    } catch {
      return false;
    }
  });
}

interface Case {
  input: string;
  /** How it was made, for the failure message. */
  how: string;
  /** A URL made without any :jwt: no token can be read from it. */
  urlWithoutJwt?: boolean;
  internal?: boolean;
  profile?: string;
}

function generator(seed: number, bases: { tokens: string[] }) {
  const r = prng(seed);

  const unicodePools = [
    () => String.fromCharCode(32 + r.int(95)), // printable ASCII
    () => r.pick([' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\ufeff', '\u200b']),
    () => String.fromCharCode(r.int(32)), // control characters, NUL included
    () => String.fromCodePoint(0x1f300 + r.int(0x300)), // emoji: surrogate pairs
    () => String.fromCharCode(0xd800 + r.int(0x800)), // a lone surrogate
    () => String.fromCharCode(0x0590 + r.int(0x100)), // right-to-left scripts
    () => String.fromCharCode(0x0300 + r.int(0x70)), // combining marks
    () => String.fromCodePoint(r.int(0x110000)),
    () => r.pick(['.', '%', ':', '/', '?', '&', '=', '#', '"', '\\', '%2C', '%E0%A4%A', '%zz', '%00', '%2E']),
    () => B64URL[r.int(64)],
  ];
  const randomText = (max: number) => {
    let text = '';
    for (let i = r.int(max + 1); i > 0; i--) text += r.pick(unicodePools)();
    return text;
  };
  const randomB64 = (max: number) => {
    let text = '';
    for (let i = r.int(max + 1); i > 0; i--) text += B64URL[r.int(64)];
    return text;
  };
  const randomBytes = (max: number) => Buffer.from(Array.from({ length: r.int(max + 1) }, () => r.int(256)));

  const hugeNumbers = [
    '1e308',
    '-1e308',
    '1e400',
    '-1e400',
    '9007199254740993',
    '123456789012345678901234567890',
    '-0',
    '0.0000001',
    '1.7976931348623157e308',
    '5e-324',
    '1E+2',
  ];
  const claimNames = [
    'sub',
    'iss',
    'jti',
    'iat',
    'exp',
    'ver',
    'aud',
    'teams',
    'account_type',
    'user_attributes',
    'first_name',
    'last_name',
    'oauth_token',
    'connection_oauth_tokens',
    'eval_connection_id',
    '__proto__',
    'constructor',
    'alg',
    'kid',
    '',
  ];

  /** Random JSON text, depth-limited; huge numbers written as text so they reach the parser as is. */
  function randomJson(depth: number): string {
    switch (r.int(depth > 0 ? 9 : 6)) {
      case 0:
        return r.pick(['null', 'true', 'false']);
      case 1:
        return r.pick(hugeNumbers);
      case 2:
        return String(r.int(2_000_000_000) - 1_000_000_000);
      case 3:
        return JSON.stringify(randomText(20));
      case 4:
        return JSON.stringify(
          r.pick(['ada@example.com', 'ada_l@example.com', 'a b@c.d', 'HS256', 'none', '1.0', '1.1', 'sigmacomputing', 'client-a', 'client-b', '']),
        );
      case 5:
        return String(T0 + r.int(200_000) - 100_000);
      case 6:
        return `[${Array.from({ length: r.int(4) }, () => randomJson(depth - 1)).join(',')}]`;
      default:
        return `{${Array.from({ length: r.int(6) }, () => `${JSON.stringify(r.chance(0.7) ? r.pick(claimNames) : randomText(8))}:${randomJson(depth - 1)}`).join(',')}}`;
    }
  }
  /** A value nested `depth` levels deep, as JSON text. */
  const nested = (depth: number) => (r.chance(0.5) ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth));

  /** A payload that looks like an embed token's, with one claim made strange. */
  function strangePayload(): string {
    const claims: Record<string, string> = Object.assign(Object.create(null), {
      sub: '"ada@example.com"',
      iss: '"client-a"',
      jti: JSON.stringify(`fuzz-${r.int(50)}`),
      iat: String(T0),
      exp: String(T0 + 3600),
    });
    const claim = r.pick(claimNames);
    claims[claim] = r.chance(0.08) ? nested(1 + r.int(r.chance(0.5) ? 20 : 6000)) : r.chance(0.5) ? r.pick(hugeNumbers) : randomJson(3);
    return `{${Object.entries(claims)
      .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
      .join(',')}}`;
  }
  function strangeHeader(): string {
    if (r.chance(0.5)) return JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: r.pick(['client-a', 'client-b', 'client-x']) });
    return `{"alg":${r.chance(0.3) ? nested(1 + r.int(6000)) : randomJson(2)},"kid":${randomJson(2)}}`;
  }

  function mutate(token: string): string {
    let t = token;
    for (let i = 1 + r.int(4); i > 0; i--) {
      const at = r.int(t.length + 1);
      switch (r.int(12)) {
        case 0: // flip a character
          t = t.slice(0, at) + r.pick(unicodePools)() + t.slice(at + 1);
          break;
        case 1: // delete characters
          t = t.slice(0, at) + t.slice(at + 1 + r.int(8));
          break;
        case 2: // insert characters
          t = t.slice(0, at) + randomText(6) + t.slice(at);
          break;
        case 3: // cut it short
          t = t.slice(0, at);
          break;
        case 4: {
          // drop, repeat or swap parts
          const parts = t.split('.');
          const op = r.int(3);
          if (op === 0) parts.splice(r.int(parts.length), 1);
          else if (op === 1) parts.splice(r.int(parts.length), 0, parts[r.int(parts.length)]);
          else parts.reverse();
          t = parts.join('.');
          break;
        }
        case 5: // a part replaced with random base64url
          t = t
            .split('.')
            .map((part) => (r.chance(0.4) ? randomB64(60) : part))
            .join('.');
          break;
        case 6: // a part replaced with base64url of random bytes
          t = t
            .split('.')
            .map((part) => (r.chance(0.4) ? b64(randomBytes(40)) : part))
            .join('.');
          break;
        case 7: // extra dots
          t = t.slice(0, at) + '.'.repeat(1 + r.int(3)) + t.slice(at);
          break;
        case 8: // a line break or space inside, as a mail client wraps it
          t = t.slice(0, at) + r.pick(['\n', '\r\n', ' ', '\t']) + t.slice(at);
          break;
        case 9: // plain base64 characters
          t = t.replace(/-/g, '+').replace(/_/g, '/') + r.pick(['', '=', '==']);
          break;
        case 10: // upper or lower case, as a careless tool does
          t = r.chance(0.5) ? t.toUpperCase() : t.toLowerCase();
          break;
        default: // a slice repeated
          t = t.slice(0, at) + t.slice(Math.max(0, at - 20), at) + t.slice(at);
      }
    }
    return t;
  }

  const origins = [
    'https://app.sigmacomputing.com',
    'http://127.0.0.1:4321',
    'https://analytics.acme.example',
    'HTTPS://APP.SIGMACOMPUTING.COM',
    'https://app sigmacomputing.com',
    'https://[::1]:8080',
    'https://[zz]',
    'http://host:99999',
    'https://user:pass@app.sigmacomputing.com',
    'ftp://app.sigmacomputing.com',
    'javascript:alert(1)//',
    'data:text/html,',
    'file:///etc',
    'https://',
    'https:',
    'mailto:ada@example.com?',
    `https://${randomText(8)}`,
  ];
  const workbook = () => r.pick(['Sales-1a2b3c', '1a2b3c', 'Q3%20Sales-1a2b', '-', 'Sales-', '%E0%A4%A', 'Caf%C3%A9-9z', randomText(10)]);
  function randomPath(): string {
    const shapes = [
      () => `/acme/workbook/${workbook()}`,
      () => `/acme/workbook/${workbook()}/page/${randomB64(6)}`,
      () => `/acme/workbook/${workbook()}/element/${randomB64(6)}`,
      () => `/acme/workbook/${workbook()}/tag/${randomText(6)}/page/p1`,
      () => `/acme/workbook/${workbook()}/tag`,
      () => `/acme/workbook/${workbook()}/page/p1/extra`,
      () => '/acme/ask',
      () => '/acme/ask/more',
      () => '/acme/folder/x',
      () => '/',
      () => '',
      () => '/../../etc/passwd',
      () => `/${Array.from({ length: r.int(6) }, () => randomText(8)).join('/')}`,
      () => `/${Array.from({ length: r.int(6) }, () => r.pick(['acme', 'workbook', 'page', 'element', 'tag', 'ask', '%2F', '..', '%zz'])).join('/')}`,
    ];
    return r.pick(shapes)();
  }

  function randomQuery(jwt: string | undefined): string {
    const pairs: string[] = [];
    if (jwt !== undefined) pairs.push(`${r.pick([':jwt', ':jwt', '%3Ajwt', ':JWT'])}=${jwt}`);
    if (r.chance(0.7)) pairs.push(`:embed=${r.pick(['true', 'true', 'false', '', 'TRUE', '1', randomText(4)])}`);
    for (let i = r.int(5); i > 0; i--) {
      const key = r.chance(0.6)
        ? r.pick([...SUPPORTED_OPTIONS, ...LEGACY_OPTIONS, ...UNVERIFIED_OPTIONS, ':ua_region', ':colour', ':'])
        : r.pick(['Region', 'Store Name', 'a%2Cb', '', '__proto__', randomText(5)]);
      pairs.push(`${key}=${r.pick(['East%2CWest', 'East,West', 'a%2cb', '100%', '%E0%A4%A', 'x', '', '=', randomText(6)])}`);
    }
    for (let i = pairs.length - 1; i > 0; i--) {
      const j = r.int(i + 1);
      [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
    }
    return r.chance(0.1) ? r.pick(['?', '??', '?&&', '?=']) + pairs.join('&') : `?${pairs.join(r.chance(0.9) ? '&' : r.pick(['&&', ';', '&amp;']))}`;
  }

  function randomUrl(): Case {
    const carriesJwt = r.chance(0.7);
    let jwt: string | undefined;
    if (carriesJwt) {
      const base = r.pick(bases.tokens);
      jwt = r.pick([
        () => base,
        () => mutate(base),
        () => encode(mutate(base)),
        () => encodeURIComponent(encodeURIComponent(base)),
        () => '',
        () => randomText(30),
        () => signRaw(strangeHeader(), strangePayload(), SECRET_A),
      ])();
    }
    const url = `${r.pick(origins)}${randomPath()}${r.chance(0.9) ? randomQuery(jwt) : ''}${r.chance(0.1) ? `#${randomText(10)}` : ''}`;
    // A URL made without :jwt can still carry one by chance (in its random text); only those
    // that surely do not are held to "no token can be read".
    const surelyNoJwt = !carriesJwt && !/jwt/i.test(url);
    return { input: url, how: 'a URL', ...(surelyNoJwt && { urlWithoutJwt: true }) };
  }

  const kinds: Array<[number, () => Case]> = [
    [30, () => ({ input: mutate(r.pick(bases.tokens)), how: 'a mutated token' })],
    [10, () => ({ input: `${b64(randomJson(3))}.${b64(randomJson(3))}.${randomB64(43)}`, how: 'random JSON in base64url' })],
    [8, () => ({ input: `${b64(randomBytes(60))}.${b64(randomBytes(120))}.${b64(randomBytes(32))}`, how: 'random bytes in base64url' })],
    [6, () => ({ input: `${b64(randomText(40))}.${b64(randomText(80))}.${randomB64(43)}`, how: 'random text in base64url' })],
    [8, () => ({ input: signRaw(strangeHeader(), strangePayload(), r.pick([SECRET_A, SECRET_B, 'foreign'])), how: 'strange claims, signed' })],
    [8, () => ({ input: randomText(120), how: 'random unicode' })],
    [25, randomUrl],
    [
      3,
      () => ({
        input: `${r.pick(['Bearer ', 'bearer\t', '  ', '\n', '"', 'Authorization: Bearer '])}${mutate(r.pick(bases.tokens))}${r.pick(['', '\n', '"', '  '])}`,
        how: 'a wrapped, mutated token',
      }),
    ],
    [2, () => ({ input: [...mutate(r.pick(bases.tokens))].map((c) => (r.chance(0.5) ? encode(c) : c)).join(''), how: 'a partly URL-encoded, mutated token' })],
  ];
  const total = kinds.reduce((sum, [weight]) => sum + weight, 0);

  return function next(): Case {
    let roll = r.int(total);
    const [, make] = kinds.find(([weight]) => (roll -= weight) < 0)!;
    const made = make();
    if (r.chance(0.1)) made.internal = true;
    if (r.chance(0.03)) made.profile = r.pick(['alpha', 'beta', 'nobody', 'not a name!', '']);
    return made;
  };
}

type Answer = Result<InspectReport>;

/** Every string in a value, keys included, however deep, without recursion. */
function stringsOf(value: unknown): string[] {
  const found: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === 'string') found.push(item);
    else if (item && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) {
        found.push(key);
        stack.push(inner);
      }
    }
  }
  return found;
}
const SEVERITIES = ['error', 'warning', 'info'];

/** What is wrong with one answer, if anything. */
function problemsWith(answer: Answer, made: Case): string[] {
  const problems: string[] = [];
  if (!answer || typeof answer !== 'object') return [`not an answer: ${String(answer)}`];
  if (answer.ok === false) {
    if (typeof answer.code !== 'string' || !answer.code) problems.push('a failure without a code');
    if (typeof answer.message !== 'string' || !answer.message) problems.push('a failure without a message');
    if (answer.code === 'INTERNAL') problems.push(`an unexpected error: ${answer.message}`);
    return problems;
  }
  if (answer.ok !== true) return ['neither ok nor a failure'];
  const report = answer.data;
  for (const finding of report.findings) {
    if (typeof finding.code !== 'string' || !finding.code) problems.push('a finding without a code');
    if (!SEVERITIES.includes(finding.severity)) problems.push(`a finding of severity ${String(finding.severity)}`);
  }
  const hasError = report.findings.some((f) => f.severity === 'error' && typeof f.code === 'string' && String(f.code) !== '');
  const decoded = report.header !== null && report.payload !== null;
  if (!decoded && !hasError) problems.push('no token was read, yet no error finding says why');
  if (made.urlWithoutJwt && decoded) problems.push('a token was read from a URL without :jwt');
  if (!/^\s*(bearer\s+)?[a-z][a-z0-9+.-]*:/i.test(made.input)) {
    const byHand = decodesByHand(made.input);
    if (byHand !== decoded) problems.push(byHand ? 'a decodable token was not decoded' : 'a token that does not decode was decoded');
  }
  // What the CLI does with every report: print it as JSON, or as the readable report.
  try {
    JSON.stringify(report);
    formatReport(report, Date.now());
  } catch (error) {
    problems.push(`the report cannot be printed: ${(error as Error).message}`);
  }
  return problems;
}

describe.runIf(keychain)('token:inspect under fuzzing (real keychain)', () => {
  const home = tempHome();
  const notices: string[] = [];
  let core: EmbedConsoleApi;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    core = openHome({ EMBED_CONSOLE_HOME: home.home }, { notify: (m) => notices.push(m) }).core;
    for (const [name, clientId, secret] of [
      ['alpha', 'client-a', SECRET_A],
      ['beta', 'client-b', SECRET_B],
    ]) {
      expect(await core['profiles:save']({ name, clientId, secret })).toMatchObject({ ok: true });
    }
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    for (const name of ['alpha', 'beta']) await core['profiles:remove']({ name });
    home.cleanup();
  });

  it(`answers ${COUNT.toLocaleString('en')} malformed tokens and URLs without a crash, every answer coded`, async () => {
    const header = (kid?: string) => JSON.stringify({ alg: 'HS256', typ: 'JWT', ...(kid && { kid }) });
    let jti = 0;
    const claims = (extra: Record<string, unknown> = {}) =>
      JSON.stringify({ sub: 'ada@example.com', iss: 'client-a', jti: `fuzz-base-${jti++}`, iat: T0, exp: T0 + 3600, ...extra });
    const tokens = [
      signRaw(header('client-a'), claims(), SECRET_A),
      signRaw(header('client-a'), claims({ account_type: 'View', teams: ['Sales'], user_attributes: { region: 'West' } }), SECRET_A),
      signRaw(header('client-b'), claims({ iss: 'client-b', ver: '1.1', aud: 'sigmacomputing' }), SECRET_B),
      signRaw(header(), claims(), SECRET_B),
      signRaw(header('client-a'), claims(), 'a foreign secret'),
      `${b64('{"alg":"none","kid":"client-a"}')}.${b64(claims())}.`,
    ];
    // Each base token is itself well formed and verifies as expected, so mutations start from the real thing.
    const first = await core['token:inspect']({ input: tokens[0] });
    expect(first).toMatchObject({ ok: true, data: { signature: { valid: true, profile: 'alpha' } } });

    const next = generator(SEED, { tokens });
    const cases: Case[] = Array.from({ length: COUNT }, next);
    // Two past the size limit, which the contract refuses as a request.
    cases[1234] = { input: `${tokens[0]}${' '.repeat(4_000_001)}`, how: 'an input over 4,000,000 characters' };
    cases[5678] = { input: 'x'.repeat(4_000_001), how: 'an input over 4,000,000 characters' };

    const started = performance.now();
    const thrown: string[] = [];
    const problems = new Map<string, { count: number; example: Case }>();
    const outcomes = { ok: 0, failure: 0, decoded: 0, valid: 0 };
    for (const made of cases) {
      const request: RequestOf<'token:inspect'> = {
        input: made.input,
        ...(made.internal && { internal: true }),
        ...(made.profile !== undefined && { profile: made.profile }),
      };
      let answer: Answer;
      try {
        answer = await core['token:inspect'](request);
      } catch (error) {
        thrown.push(`${made.how}: ${(error as Error)?.message ?? String(error)}`);
        continue;
      }
      if (answer.ok) {
        outcomes.ok++;
        if (answer.data.header) outcomes.decoded++;
        if (answer.data.signature.valid) outcomes.valid++;
      } else {
        outcomes.failure++;
      }
      for (const problem of problemsWith(answer, made)) {
        const seen = problems.get(problem);
        if (seen) seen.count++;
        else problems.set(problem, { count: 1, example: made });
      }
      // An answer that cannot be stringified is a problem reported above; its strings are checked one by one.
      if (stringsOf(answer).some((text) => text.includes(SECRET_A) || text.includes(SECRET_B))) thrown.push(`an answer to ${made.how} carries a secret`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`inspect fuzz: ${COUNT} inputs in ${seconds.toFixed(1)} s; ${JSON.stringify(outcomes)}`);

    expect(thrown).toEqual([]);
    expect(unhandled).toEqual([]);
    const report = [...problems].map(
      ([problem, { count, example }]) => `${problem} (${count}x), e.g. ${example.how}: ${JSON.stringify(example.input.slice(0, 300))}`,
    );
    expect(report).toEqual([]);
    // The generator reaches every kind of answer, or the run proves little.
    expect(outcomes.failure).toBeGreaterThanOrEqual(2);
    // Fewer since every part, the signature too, must be canonical base64url: a mutated signature no longer decodes.
    expect(outcomes.decoded).toBeGreaterThan(COUNT / 20);
    expect(outcomes.valid).toBeGreaterThan(0);
    expect(outcomes.ok - outcomes.decoded).toBeGreaterThan(COUNT / 3);
  }, 120_000);
});
