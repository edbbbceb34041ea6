import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { decodeJwt, describeClaimTime, describeFromNow, isCanonicalBase64url } from '../shared/jwt';
import { type EmbedConsoleError } from '../shared/errors';
import { thrownBy } from './support/errors';

const SECRET = 'embed-secret-for-tests';

function b64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

/** A token assembled by hand from raw header and payload text, with a placeholder signature. */
function tokenOf(header: string, payload: string): string {
  return `${b64url(header)}.${b64url(payload)}.c2ln`;
}

function refusal(token: string): EmbedConsoleError {
  const failure = thrownBy(() => decodeJwt(token));
  expect(failure.code).toBe('INVALID_TOKEN');
  expect(failure.message.length).toBeGreaterThan(0);
  return failure;
}

describe('decodeJwt', () => {
  it('reads the header and payload of a token signed with jsonwebtoken', () => {
    const payload = { sub: 'ada@example.com', jti: 'jti-1', iat: 1_700_000_000, exp: 1_700_003_600, ver: '1.1', aud: 'sigmacomputing', teams: ['Sales'] };
    const token = jwt.sign(payload, SECRET, { algorithm: 'HS256', keyid: 'client-abc' });

    const decoded = decodeJwt(token);
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'client-abc' });
    expect(decoded.payload).toEqual(payload);
  });

  it('keeps the signature as the third part, still base64url', () => {
    const token = jwt.sign({ sub: 'ada@example.com', iat: 1_700_000_000 }, SECRET, { keyid: 'client-abc' });
    const [header, payload] = token.split('.');
    const expected = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');

    expect(decodeJwt(token).signature).toBe(expected);
  });

  it('reads a token without checking its signature', () => {
    const token = jwt.sign({ sub: 'ada@example.com', iat: 1_700_000_000 }, 'some other secret');
    expect(decodeJwt(token).payload.sub).toBe('ada@example.com');
  });

  it('reads a token pasted with surrounding whitespace', () => {
    const token = jwt.sign({ sub: 'ada@example.com', iat: 1_700_000_000 }, SECRET);
    expect(decodeJwt(`  ${token}\n`).payload.sub).toBe('ada@example.com');
  });

  it('decodes unicode claims as UTF-8', () => {
    const payload = { sub: 'zoe@example.com', iat: 1_700_000_000, first_name: 'Zoë', last_name: '山田', user_attributes: { team: 'Équipe 🚀' } };
    const token = jwt.sign(payload, SECRET);
    expect(decodeJwt(token).payload).toEqual(payload);
  });

  it('reads an unsigned token with an empty signature part', () => {
    const decoded = decodeJwt(`${b64url('{"alg":"none"}')}.${b64url('{"sub":"ada@example.com"}')}.`);
    expect(decoded.header).toEqual({ alg: 'none' });
    expect(decoded.signature).toBe('');
  });

  it('refuses a token with fewer or more than three parts, saying how many it has', () => {
    const signed = jwt.sign({ sub: 'ada@example.com' }, SECRET);
    const [h, p, s] = signed.split('.');
    const cases: Array<[string, number]> = [
      ['', 1],
      [h, 1],
      [`${h}.${p}`, 2],
      [`${h}.${p}.${s}.${s}`, 4],
      [`${h}.${p}.${s}.x.y`, 5],
    ];
    for (const [token, parts] of cases) {
      const error = refusal(token);
      expect(error.message).toContain('three');
      expect(error.message).toContain(`has ${parts}`);
    }
  });

  it('refuses a header or payload that is not base64url', () => {
    const payload = b64url('{"sub":"ada@example.com"}');
    // "+" and "/" belong to plain base64, not base64url; "!" and "=" to neither.
    for (const header of ['eyJ+bGciOiJIUzI1NiJ9', 'eyJ/bGciOiJIUzI1NiJ9', 'ey!J', 'eyJhbGciOiJIUzI1NiJ9==']) {
      expect(refusal(`${header}.${payload}.c2ln`).message).toMatch(/header/);
    }
    expect(refusal(`${b64url('{"alg":"HS256"}')}.abc%20def.c2ln`).message).toMatch(/payload/);
  });

  it('refuses a part whose length no base64 text can have', () => {
    // Five characters leave one over after groups of four, which cannot encode a byte.
    expect(refusal(`abcde.${b64url('{}')}.c2ln`).message).toMatch(/header/);
  });

  it('refuses a part whose bytes are not UTF-8 text, even inside valid JSON', () => {
    // {"sub":"<0xff>"}: a lenient decoder would read U+FFFD and accept a corrupted sub.
    const bytes = Buffer.concat([Buffer.from('{"sub":"'), Buffer.from([0xff]), Buffer.from('"}')]);
    expect(refusal(`${b64url('{"alg":"HS256"}')}.${b64url(bytes)}.c2ln`).message).toMatch(/payload/);
  });

  it('refuses a header or payload that is not JSON', () => {
    expect(refusal(tokenOf('hello', '{}')).message).toMatch(/header.*JSON/);
    expect(refusal(tokenOf('{"alg":"HS256"}', '{"sub": ')).message).toMatch(/payload.*JSON/);
    expect(refusal('..').message).toMatch(/header/);
  });

  it('refuses JSON that is not an object', () => {
    for (const value of ['[1,2]', '42', 'null', '"ada@example.com"', 'true']) {
      expect(refusal(tokenOf('{"alg":"HS256"}', value)).message).toMatch(/payload must be a JSON object/);
      expect(refusal(tokenOf(value, '{}')).message).toMatch(/header must be a JSON object/);
    }
  });
});

describe('strict base64url in every part', () => {
  const token = jwt.sign({ sub: 'ada@example.com', iat: 1_700_000_000 }, SECRET, { keyid: 'client-abc' });
  const [header, payload, signature] = token.split('.');

  it.each([
    ['"!!" inserted in the signature', `${header}.${payload}.${signature.slice(0, 10)}!!${signature.slice(10)}`],
    ['a trailing "="', `${token}=`],
    ['"~~~" in the signature', `${header}.${payload}.${signature}~~~`],
    ['a space in the signature', `${header}.${payload}.${signature.slice(0, 10)} ${signature.slice(10)}`],
    ['"=" padding in the payload', `${header}.${payload}==.${signature}`],
  ])('refuses a token with %s, which jsonwebtoken refuses too', (_, changed) => {
    expect(() => jwt.verify(changed, SECRET)).toThrow();
    expect(thrownBy(() => decodeJwt(changed)).code).toBe('INVALID_TOKEN');
  });

  it('refuses a last character with bits no encoder sets, which decodes to the same bytes', () => {
    // 32 bytes take 43 characters, the last with 2 bits no byte uses: flipping one keeps the bytes.
    const last = signature[signature.length - 1];
    const stray = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charAt(
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(last) ^ 1,
    );
    const changed = `${header}.${payload}.${signature.slice(0, -1)}${stray}`;
    expect(Buffer.from(changed.split('.')[2], 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(() => jwt.verify(changed, SECRET)).toThrow();
    expect(isCanonicalBase64url(signature)).toBe(true);
    expect(isCanonicalBase64url(changed.split('.')[2])).toBe(false);
    expect(thrownBy(() => decodeJwt(changed)).message).toMatch(/signature is not base64url/);
  });

  it('accepts every length a byte string can have, and an empty signature', () => {
    for (let n = 0; n < 8; n++) expect(isCanonicalBase64url(Buffer.alloc(n, 0xff).toString('base64url'))).toBe(true);
    expect(isCanonicalBase64url('A')).toBe(false);
  });
});

describe('describeFromNow', () => {
  const now = 1_700_000_000_000;
  const nowSeconds = now / 1000;

  it('says a time in the future as "in …"', () => {
    expect(describeFromNow(nowSeconds + 12 * 60, now)).toBe('in 12 min');
  });

  it('says a time in the past as "… ago"', () => {
    expect(describeFromNow(nowSeconds - 3 * 3600, now)).toBe('3 h ago');
  });

  it('counts in seconds under a minute and a half', () => {
    expect(describeFromNow(nowSeconds + 45, now)).toBe('in 45 s');
    expect(describeFromNow(nowSeconds - 89, now)).toBe('89 s ago');
  });

  it('counts in minutes under an hour and a half', () => {
    expect(describeFromNow(nowSeconds - 120, now)).toBe('2 min ago');
    expect(describeFromNow(nowSeconds + 60 * 60, now)).toBe('in 60 min');
  });

  it('counts in hours under two days', () => {
    expect(describeFromNow(nowSeconds + 2 * 3600, now)).toBe('in 2 h');
    expect(describeFromNow(nowSeconds - 24 * 3600, now)).toBe('24 h ago');
  });

  it('counts in days from two days on', () => {
    expect(describeFromNow(nowSeconds + 2 * 86_400, now)).toBe('in 2 days');
    expect(describeFromNow(nowSeconds - 30 * 86_400, now)).toBe('30 days ago');
  });

  it('says a time equal to now as in 0 s, not ago', () => {
    expect(describeFromNow(nowSeconds, now)).toBe('in 0 s');
  });

  it('rounds to the nearest unit', () => {
    // 12 min 20 s is nearer 12 min than 13; 2 h 40 min is nearer 3 h than 2.
    expect(describeFromNow(nowSeconds + 12 * 60 + 20, now)).toBe('in 12 min');
    expect(describeFromNow(nowSeconds - (2 * 3600 + 40 * 60), now)).toBe('3 h ago');
  });

  it('compares against the clock in milliseconds, not seconds', () => {
    // 600 ms past the second, an exp 10 s after that whole second is 9.4 s away: "in 9 s", not 10.
    expect(describeFromNow(nowSeconds + 10, now + 600)).toBe('in 9 s');
    expect(describeFromNow(nowSeconds + 10, now + 400)).toBe('in 10 s');
  });
});

describe('describeClaimTime', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  const at = (offsetSeconds: number) => now / 1000 + offsetSeconds;

  it('tells an expiry ahead and behind', () => {
    expect(describeClaimTime('exp', at(720), now)).toBe('expires in 12 min');
    expect(describeClaimTime('exp', at(-3 * 3600), now)).toBe('expired 3 h ago');
    expect(describeClaimTime('exp', at(0), now)).toBe('expired 0 s ago');
  });

  it('tells an issue time, and one in the future as such', () => {
    expect(describeClaimTime('iat', at(0), now)).toBe('issued 0 s ago');
    expect(describeClaimTime('iat', at(-120), now)).toBe('issued 2 min ago');
    expect(describeClaimTime('iat', at(600), now)).toBe('issued in 10 min, in the future');
  });
});
