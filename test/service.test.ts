/** The core's contract over the real OS keychain and real files. */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METHODS, requestSchemas, type EmbedConsoleApi } from '../shared/api';
import { keychainService, openHome } from '../main/core/home';
import { readTree, tempHome } from './support/cli';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const SECRET = `secret-${randomUUID()}`;
const URL_ = 'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b3c';

describe.runIf(keychain)('the core service (real keychain)', () => {
  let home: ReturnType<typeof tempHome>;
  let core: EmbedConsoleApi;
  let notices: string[];
  let service: string;

  beforeEach(async () => {
    home = tempHome();
    notices = [];
    service = keychainService({ EMBED_CONSOLE_HOME: home.home });
    core = openHome({ EMBED_CONSOLE_HOME: home.home }, { notify: (m) => notices.push(m) }).core;
    const saved = await core['profiles:save']({ name: 'acme', clientId: 'client-1', secret: SECRET, baseUrl: 'https://app.sigmacomputing.com/acme' });
    expect(saved.ok).toBe(true);
  });
  afterEach(async () => {
    await core['profiles:remove']({ name: 'acme' });
    home.cleanup();
  });

  it('serves exactly the methods of the contract', () => {
    expect(Object.keys(core).sort()).toEqual(Object.keys(requestSchemas).sort());
    expect([...METHODS].sort()).toEqual(Object.keys(requestSchemas).sort());
  });

  it('lists a saved profile as having a secret, without the secret', async () => {
    const listed = await core['profiles:list']({});
    expect(listed).toEqual({ ok: true, data: [expect.objectContaining({ name: 'acme', clientId: 'client-1', hasSecret: true })] });
    expect(JSON.stringify(listed)).not.toContain(SECRET);
  });

  it('keeps the secret in the keychain, not in the data dir', async () => {
    const keytar = (await import('keytar')).default;
    expect(await keytar.getPassword(service, 'embed:acme')).toBe(SECRET);
    expect(readTree(home.home)).not.toContain(SECRET);
  });

  it('signs an HS256 token that verifies with the secret, kid and iss set to the client id', async () => {
    const result = await core['token:sign']({ profile: 'acme', url: URL_, claims: { sub: 'ada@example.com', teams: ['Sales'] } });
    if (!result.ok) throw new Error(result.message);
    const verified = jwt.verify(result.data.token, SECRET, { algorithms: ['HS256'], complete: true });
    expect(verified.header).toMatchObject({ alg: 'HS256', kid: 'client-1' });
    expect(verified.payload).toMatchObject({ sub: 'ada@example.com', iss: 'client-1', teams: ['Sales'] });
    expect(result.data.header).toEqual(verified.header);
    expect(result.data.url).toBe(`${URL_}?:jwt=${result.data.token}&:embed=true`);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('gives every token a fresh UUID v4 jti', async () => {
    const jtis = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const result = await core['token:sign']({ profile: 'acme', url: URL_, claims: { sub: 'ada@example.com' } });
      if (!result.ok) throw new Error(result.message);
      expect(result.data.payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      jtis.add(result.data.payload.jti);
    }
    expect(jtis.size).toBe(5);
  });

  it('resolves a path against the profile base URL', async () => {
    const result = await core['token:sign']({ profile: 'acme', url: 'workbook/Sales-1a2b3c/element/el9', claims: { sub: 'ada@example.com' } });
    expect(result.ok && result.data.url.startsWith(`${URL_}/element/el9?:jwt=`)).toBe(true);
  });

  it('refuses a second profile of the same name unless asked to overwrite', async () => {
    const again = await core['profiles:save']({ name: 'acme', clientId: 'client-2', secret: 'other' });
    expect(again).toMatchObject({ ok: false, code: 'PROFILE_EXISTS', field: 'name' });
    const overwritten = await core['profiles:save']({ name: 'acme', clientId: 'client-2', overwrite: true });
    expect(overwritten).toMatchObject({ ok: true, data: { clientId: 'client-2', hasSecret: true } });
  });

  it('saves two profiles of one new name one at a time: one is kept whole, the other refused', async () => {
    const [a, b] = await Promise.all([
      core['profiles:save']({ name: 'twin', clientId: 'client-a', secret: 'secret-a' }),
      core['profiles:save']({ name: 'twin', clientId: 'client-b', secret: 'secret-b' }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const kept = (a.ok ? a : b) as { ok: true; data: { clientId: string } };
    expect((a.ok ? b : a) as unknown).toMatchObject({ code: 'PROFILE_EXISTS' });
    const keytar = (await import('keytar')).default;
    expect(await keytar.getPassword(service, 'embed:twin')).toBe(kept.data.clientId === 'client-a' ? 'secret-a' : 'secret-b');
    await core['profiles:remove']({ name: 'twin' });
  });

  it('refuses a new profile without a secret', async () => {
    expect(await core['profiles:save']({ name: 'nosecret', clientId: 'c' })).toMatchObject({ ok: false, code: 'SECRET_MISSING' });
  });

  it('removes the keychain entry with the profile', async () => {
    await core['profiles:save']({ name: 'gone', clientId: 'c', secret: SECRET });
    // It says where the secrets were removed from, so the caller can tell the user.
    expect(await core['profiles:remove']({ name: 'gone' })).toEqual({ ok: true, data: { name: 'gone', secretsIn: [{ store: 'keychain' }] } });
    const keytar = (await import('keytar')).default;
    expect(await keytar.getPassword(service, 'embed:gone')).toBeNull();
    expect(await core['profiles:remove']({ name: 'gone' })).toMatchObject({ ok: false, code: 'PROFILE_NOT_FOUND' });
  });

  it('answers a request that breaks the schema with INVALID_REQUEST naming the field', async () => {
    const bad = await (core['token:sign'] as (r: unknown) => Promise<unknown>)({ profile: 'acme', url: URL_, claims: { sub: 42 } });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_REQUEST', field: 'sub' });
    const extra = await (core['profiles:list'] as (r: unknown) => Promise<unknown>)({ secret: 'x' });
    expect(extra).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });

  it('refuses claims Sigma would refuse, naming the field', async () => {
    const long = await core['token:sign']({ profile: 'acme', url: URL_, claims: { sub: 'ada@example.com', sessionLength: 2_592_001 } });
    expect(long).toMatchObject({ ok: false, code: 'INVALID_CLAIMS', field: 'sessionLength' });
    const internal = await core['token:sign']({ profile: 'acme', url: URL_, claims: { sub: 'ada@example.com', internal: true, accountType: 'Pro' } });
    expect(internal).toMatchObject({ ok: false, code: 'INVALID_CLAIMS', field: 'accountType' });
  });

  it('refuses an unknown profile by name', async () => {
    const result = await core['token:sign']({ profile: 'nobody', url: URL_, claims: { sub: 'ada@example.com' } });
    expect(result).toMatchObject({ ok: false, code: 'PROFILE_NOT_FOUND' });
    expect(!result.ok && result.message).toContain('"nobody"');
  });
});
