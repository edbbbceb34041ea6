/** Personas through the contract, over the real core, real files and the real keychain: saved, listed, replaced, removed. */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbedConsoleApi } from '../shared/api';
import { openHome } from '../main/core/home';
import { forgetProfiles, readTree, tempHome } from './support/cli';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const SECRET = `persona-secret-${randomUUID()}`;
const OAUTH = `persona-oauth-${randomUUID()}`;
const WEST = { sub: 'west@example.com', accountType: 'Viewer', userAttributes: { region: 'West' }, sessionLength: 3600 };
const EAST = { sub: 'east@example.com', accountType: 'Creator', teams: ['Sales'], userAttributes: { region: 'East' } };

describe.runIf(keychain)('personas (real keychain, real files)', () => {
  let home: ReturnType<typeof tempHome>;
  let core: EmbedConsoleApi;
  const notices: string[] = [];

  beforeEach(async () => {
    home = tempHome();
    notices.length = 0;
    core = openHome({ EMBED_CONSOLE_HOME: home.home }, { notify: (m) => notices.push(m) }).core;
  });
  afterEach(async () => {
    await forgetProfiles(home.home);
    home.cleanup();
  });

  const names = async () => {
    const listed = await core['personas:list']({});
    if (!listed.ok) throw new Error(listed.message);
    return listed.data.map((p) => p.name);
  };

  it('keeps each persona saved, sorted by name, and removes one by name', async () => {
    expect(await core['personas:save']({ name: 'West viewer', claims: WEST })).toEqual({ ok: true, data: { name: 'West viewer', claims: WEST } });
    await core['personas:save']({ name: 'east creator', claims: EAST });
    await core['personas:save']({ name: 'Admin', claims: { sub: 'admin@example.com', internal: true } });
    expect(await names()).toEqual(['Admin', 'east creator', 'West viewer']);

    // Another process (the CLI, the app) reads the same file.
    const again = openHome({ EMBED_CONSOLE_HOME: home.home }, { notify: () => {} }).core;
    expect(await again['personas:list']({})).toMatchObject({
      ok: true,
      data: [{ name: 'Admin' }, { name: 'east creator', claims: EAST }, { name: 'West viewer' }],
    });

    expect(await core['personas:remove']({ name: 'admin' })).toEqual({ ok: true, data: { removed: true } });
    expect(await core['personas:remove']({ name: 'Admin' })).toEqual({ ok: true, data: { removed: false } });
    expect(await names()).toEqual(['east creator', 'West viewer']);
  });

  it('refuses a name taken whatever its case, naming the persona that has it, and replaces it when asked', async () => {
    await core['personas:save']({ name: 'West viewer', claims: WEST });
    expect(await core['personas:save']({ name: 'West viewer', claims: EAST })).toEqual({
      ok: false,
      code: 'PERSONA_EXISTS',
      field: 'name',
      message: 'Persona "West viewer" exists already; choose another name, or replace "West viewer" with these claims.',
    });
    const alike = await core['personas:save']({ name: 'WEST VIEWER', claims: EAST });
    expect(alike).toMatchObject({ ok: false, code: 'PERSONA_EXISTS', field: 'name' });
    expect(!alike.ok && alike.message).toMatch(/^Persona "West viewer" exists already, and "WEST VIEWER" differs from it only in case/);

    expect(await core['personas:save']({ name: 'west viewer', claims: EAST, overwrite: true })).toMatchObject({ ok: true });
    expect(await core['personas:list']({})).toEqual({ ok: true, data: [{ name: 'west viewer', claims: EAST }] });
  });

  it('refuses a name that is empty, too long or has control characters, in words naming the persona name', async () => {
    const said = async (name: string) => {
      const result = await core['personas:save']({ name, claims: WEST });
      return result.ok ? 'saved' : `${result.field}: ${result.message}`;
    };
    expect(await said('')).toBe('name: The persona name is empty; fill it in.');
    expect(await said('x'.repeat(101))).toBe('name: The persona name is 101 characters long; at most 100 characters are accepted.');
    expect(await said('West\nviewer')).toBe(
      'name: The persona name is not accepted ("West\\u000aviewer"): a persona name has no control characters and no spaces at either end.',
    );
    expect(await said(' West')).toMatch(/^name: The persona name is not accepted .*no spaces at either end\.$/);
    expect(await said('x'.repeat(100))).toBe('saved');
    expect(await said('Région Ouest — lecteur')).toBe('saved');
  });

  it('keeps claims only: no secret of a profile, nor an OAuth token, reaches any file of the data dir', async () => {
    expect(await core['profiles:save']({ name: 'acme', clientId: 'client-1', secret: SECRET })).toMatchObject({ ok: true });
    // An OAuth token is not a claim: the contract refuses it in a persona.
    const withToken = await core['personas:save']({ name: 'With token', claims: { ...WEST, oauth: { token: OAUTH } } as typeof WEST });
    expect(withToken).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(!withToken.ok && withToken.message).not.toContain(OAUTH);
    expect(await core['personas:save']({ name: 'West viewer', claims: WEST })).toMatchObject({ ok: true });
    const signed = await core['token:sign']({ profile: 'acme', url: 'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b3c', claims: WEST });
    expect(signed.ok).toBe(true);

    const files = readTree(home.home);
    expect(files).toContain('personas.json');
    expect(files).not.toContain(SECRET);
    expect(files).not.toContain(OAUTH);
    expect(JSON.parse(readFileSync(join(home.home, 'personas.json'), 'utf8'))).toEqual({ version: 1, personas: [{ name: 'West viewer', claims: WEST }] });
  });

  it('keeps a corrupt personas file aside with what it held, says so once, and keeps what is saved afterwards', async () => {
    await core['personas:save']({ name: 'West viewer', claims: WEST });
    const file = join(home.home, 'personas.json');
    // A file cut short, as an editor or a full disk may leave it.
    const cut = readFileSync(file, 'utf8').slice(0, 40);
    writeFileSync(file, cut);

    expect(await names()).toEqual([]);
    expect(await names()).toEqual([]);
    expect(notices).toEqual([
      expect.stringMatching(
        /^The personas file .*personas\.json was unreadable \(not valid JSON\); it was kept as .*personas\.json\.corrupt-.*The app started with no personas/,
      ),
    ]);
    const aside = readdirSync(home.home).filter((name) => name.startsWith('personas.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(home.home, aside[0]), 'utf8')).toBe(cut);

    await core['personas:save']({ name: 'East creator', claims: EAST });
    const again = openHome({ EMBED_CONSOLE_HOME: home.home }, { notify: (m) => notices.push(m) }).core;
    expect(await again['personas:list']({})).toEqual({ ok: true, data: [{ name: 'East creator', claims: EAST }] });
    expect(notices).toHaveLength(1);
  });

  it("reads the personas it can from a newer version's file, and keeps the others in it, even by a name saved again", async () => {
    const file = join(home.home, 'personas.json');
    const newer = { name: 'Tenant admin', claims: { sub: 'admin@example.com', tenant: 'acme-eu' } };
    const foreign = { name: 'Scripted', steps: ['sign', 'load'] };
    writeFileSync(file, JSON.stringify({ version: 1, personas: [newer, foreign] }));

    expect(await core['personas:list']({})).toEqual({ ok: true, data: [{ name: 'Tenant admin', claims: { sub: 'admin@example.com' } }] });
    expect(await core['personas:save']({ name: 'scripted', claims: WEST })).toMatchObject({ ok: false, code: 'PERSONA_EXISTS' });
    await core['personas:save']({ name: 'West viewer', claims: WEST });
    const saved = JSON.parse(readFileSync(file, 'utf8')).personas;
    expect(saved).toEqual([newer, foreign, { name: 'West viewer', claims: WEST }]);
    expect(notices).toEqual([]);
  });
});
