/** Changing a suite file from the app: Craft's draft added in the file's own text, and the files opened and saved through the core. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandCases, parseSuite, type Suite } from '../shared/suite';
import { addCraftCase, newSuiteText, personaOf, savedPersonaOf } from '../shared/suite-edit';
import { openSuiteFile, saveSuiteFile } from '../main/core/suite-files';

const EXAMPLE = readFileSync(new URL('../examples/suites/local-demo.yaml', import.meta.url), 'utf8');
const suiteOf = (text: string): Suite => {
  const parsed = parseSuite(text);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join(' '));
  return parsed.suite;
};
const ADA = { sub: 'ada@example.com', firstName: 'Ada', accountType: 'Viewer', teams: ['Sales'], userAttributes: { region: 'West' }, sessionLength: 3600 };

describe("Craft's draft as a case", () => {
  it("names the persona by the token's own claims, leaving out what the draft leaves empty", () => {
    expect(personaOf({ sub: 'ada@example.com', teams: [], userAttributes: {}, firstName: '', internal: false })).toEqual({ sub: 'ada@example.com' });
    expect(personaOf(ADA)).toEqual({
      sub: 'ada@example.com',
      account_type: 'Viewer',
      teams: ['Sales'],
      first_name: 'Ada',
      user_attributes: { region: 'West' },
      session_length: 3600,
    });
  });

  it('adds only its own lines: a persona, and the case at the end; the comments and formatting stay', () => {
    const { text, name } = addCraftCase(EXAMPLE, suiteOf(EXAMPLE), {
      profile: 'local-demo',
      url: 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c',
      claims: ADA,
    });
    expect(name).toBe('ada on sales');
    const before = EXAMPLE.split('\n');
    const after = text.split('\n');
    expect(after.filter((line) => !before.includes(line))).toEqual([
      '  ada: { sub: ada@example.com, account_type: Viewer, teams: [Sales], first_name: Ada, user_attributes: { region: West }, session_length: 3600 }',
      '  - name: ada on sales',
      '    persona: ada',
    ]);
    expect(after.length - before.length).toBe(5);
    expect(expandCases(suiteOf(text)).at(-1)).toMatchObject({ name: 'ada on sales', persona: 'ada', target: 'sales', claims: ADA, expect: { loads: true } });
  });

  it('reuses a persona and a target the suite has, names a repeat apart, and gives another profile', () => {
    const suite = suiteOf(EXAMPLE);
    const west = { sub: 'ana@example.com', accountType: 'Viewer', teams: ['Sales'], userAttributes: { region: 'West' } };
    const once = addCraftCase(EXAMPLE, suite, { profile: 'acme', url: 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c', claims: west });
    expect(once.name).toBe('west-viewer on sales');
    expect(once.text.split('\n').filter((line) => !EXAMPLE.split('\n').includes(line))).toEqual(['  - name: west-viewer on sales', '    profile: acme']);
    const twice = addCraftCase(once.text, suiteOf(once.text), { profile: 'acme', url: 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c', claims: west });
    expect(twice.name).toBe('west-viewer on sales (2)');
  });

  it('starts a new suite from the draft, with its options and control values, that reads back as the same case', () => {
    const text = newSuiteText({
      profile: 'local-demo',
      url: 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/orders',
      claims: { sub: 'bo@example.com' },
      options: { ':theme': 'Dark' },
      controls: { Region: ['West'] },
    });
    expect(text).toContain(
      "  orders: { url: workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/orders, options: { ':theme': Dark }, controls: { Region: [West] } }",
    );
    expect(expandCases(suiteOf(text))).toEqual([
      expect.objectContaining({
        name: 'bo on orders',
        profile: 'local-demo',
        options: { ':theme': 'Dark' },
        controls: { Region: ['West'] },
        claims: { sub: 'bo@example.com' },
      }),
    ]);
  });
});

describe('suite files through the core', () => {
  const folder = mkdtempSync(join(tmpdir(), 'suite-files-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('opens and saves YAML suites only, and never writes an unusable one over a file', async () => {
    const file = join(folder, 'embed.yaml');
    writeFileSync(file, EXAMPLE);
    expect(await openSuiteFile(file)).toEqual({ path: file, text: EXAMPLE });
    await expect(openSuiteFile(join(folder, 'notes.txt'))).rejects.toThrow(/^A suite file ends in \.yaml or \.yml; .*notes\.txt does not\./);
    await expect(openSuiteFile(join(folder, 'gone.yaml'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', field: 'path' });
    await expect(saveSuiteFile(file, 'cases: [')).rejects.toThrow(/^The suite was not saved, as it is not usable; line 1: This is not valid YAML/);
    expect(readFileSync(file, 'utf8')).toBe(EXAMPLE);
    const grown = `${EXAMPLE}  - name: again\n    persona: west-viewer\n    target: sales\n`;
    expect(await saveSuiteFile(file, grown)).toEqual({ path: file });
    expect(readFileSync(file, 'utf8')).toBe(grown);
  });
});

describe('saved personas in suites', () => {
  it("names the suite's persona after the saved persona the claims are, and tells a saved one by its claims, whatever their order", () => {
    const saved = [{ name: 'West viewer', claims: { userAttributes: { region: 'West' }, sub: 'ana@example.com', teams: ['Sales'], accountType: 'Viewer' } }];
    const claims = { sub: 'ana@example.com', accountType: 'Viewer', teams: ['Sales'], userAttributes: { region: 'West' }, firstName: '' };
    expect(savedPersonaOf(claims, saved)).toBe('West viewer');
    expect(savedPersonaOf({ ...claims, sub: 'bo@example.com' }, saved)).toBeUndefined();
    const start = newSuiteText({
      persona: 'West viewer',
      profile: 'local-demo',
      url: 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c',
      claims: { ...claims, sub: 'bo@example.com' },
    });
    expect(start).toContain('  West viewer: { sub: bo@example.com, account_type: Viewer, teams: [Sales], user_attributes: { region: West } }');
    // The name is the suite's already, for other claims: the saved one gets a name of its own.
    const added = addCraftCase(start, suiteOf(start), {
      persona: 'West viewer',
      profile: 'local-demo',
      url: 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c',
      claims,
    });
    expect(added.name).toBe('West viewer-2 on sales-performance');
  });
});
