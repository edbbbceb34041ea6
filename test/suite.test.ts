/** Suite files as users write them: read with each problem on its line, expanded, sliced into shards. */
import { describe, expect, it } from 'vitest';
import { expandCases, parseSuite, type Suite } from '../shared/suite';
import { judge, type Observation } from '../shared/suite-result';
import { selectCases } from '../main/suite/run';

const SUITE = `profile: local-demo
personas:
  west-viewer: { sub: ana@example.com, account_type: Viewer, teams: [Sales], user_attributes: { region: West } }
  east-creator: { sub: bo@example.com, account_type: Creator, user_attributes: { region: East } }
targets:
  sales: workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c
  orders:
    url: workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/orders
    options: { ":theme": Dark }
    controls: { Region: West }
cases:
  - name: west sees only West
    persona: west-viewer
    target: sales
    expect: { loads: true, text: ["region = West"] }
  - name: sessions over 30 days are refused
    persona: west-viewer
    target: orders
    claims: { session_length: 2600000, ver: 1.1 }
    controls: { Region: [East, West] }
    expect: { refused: EINVAL }
  - matrix: { personas: [west-viewer, east-creator], targets: [sales, orders] }
`;

function parsed(text: string): Suite {
  const result = parseSuite(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.suite;
}

/** The problems of a suite, as `line field: message`. */
function problems(text: string): string[] {
  const result = parseSuite(text);
  if (result.ok) throw new Error('the suite was accepted');
  return result.problems.map((p) => `${p.line} ${p.field}: ${p.message}`);
}

describe('suite files', () => {
  it('expands each case into a Craft draft: the persona with the case on top, the target with its options and controls', () => {
    const cases = expandCases(parsed(SUITE));
    expect(cases.map((c) => c.name)).toEqual([
      'west sees only West',
      'sessions over 30 days are refused',
      'west-viewer × sales',
      'west-viewer × orders',
      'east-creator × sales',
      'east-creator × orders',
    ]);
    expect(cases[1]).toEqual({
      name: 'sessions over 30 days are refused',
      persona: 'west-viewer',
      target: 'orders',
      profile: 'local-demo',
      claims: { sub: 'ana@example.com', accountType: 'Viewer', teams: ['Sales'], userAttributes: { region: 'West' }, sessionLength: 2600000, ver: '1.1' },
      url: 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/orders',
      options: { ':theme': 'Dark' },
      controls: { Region: ['East', 'West'] },
      expect: { refused: 'EINVAL' },
    });
    expect(cases[5].expect).toEqual({});
    expect(cases[5].controls).toEqual({ Region: ['West'] });
  });

  it('names each schema problem with its line and field, and a near miss', () => {
    const bad = SUITE.replace('text: ["region = West"]', 'txt: ["region = West"]')
      .replace('persona: west-viewer\n    target: orders', 'persona: west-veiwer\n    target: orders')
      .replace('ver: 1.1', 'ver: 2')
      .replace('{ refused: EINVAL }', '{ refused: not a code }');
    expect(problems(bad)).toEqual([
      '15 cases[0].expect.txt: expect has no "txt". Did you mean "text"?',
      '17 cases[1].persona: There is no persona named "west-veiwer". Did you mean "west-viewer"?',
      "19 cases[1].claims.ver: ver of the case's claims must be 1.0 or 1.1.",
      "21 cases[1].expect.refused: refused must be Sigma's error code (such as EINVAL or EACCES) or an HTTP status from 400 to 599.",
    ]);
  });

  it.each([
    [
      'an unknown top-level key',
      'profile: local-demo\npersona: {}\ncases: []\n',
      [
        '2 persona: A suite file has no "persona". Did you mean "personas"?',
        '3 cases: A suite needs cases: a list of at least one case, each with a persona, a target and what to expect.',
      ],
    ],
    [
      'a persona without sub',
      'profile: p\npersonas:\n  a: { account_type: Viewer }\ntargets: { t: workbook/A-b }\ncases:\n  - { persona: a, target: t }\n',
      ['3 personas.a: The persona a needs a sub: the email address of the user the embed signs in.'],
    ],
    [
      'a claim of the wrong type',
      'profile: p\npersonas:\n  a: { sub: a@example.com, teams: Sales }\ntargets: { t: workbook/A-b }\ncases:\n  - { persona: a, target: t }\n',
      ['3 personas.a.teams: teams of the persona a must be a list of texts, such as [a, b].'],
    ],
    ['no cases', 'profile: p\ncases: []\n', ['2 cases: A suite needs cases: a list of at least one case, each with a persona, a target and what to expect.']],
    [
      'a case with neither target nor matrix',
      'profile: p\npersonas: { a: { sub: a@example.com } }\ncases:\n  - persona: a\n',
      ['4 cases[0]: A case needs a target (or a matrix of personas and targets).'],
    ],
    [
      'loads and refused at once',
      'profile: p\npersonas: { a: { sub: a@example.com } }\ncases:\n  - { persona: a, target: workbook/A-b, expect: { loads: true, refused: 403 } }\n',
      ['4 cases[0].expect.refused: A case cannot expect both loads: true and refused; keep one.'],
    ],
    [
      'a timeout that is not a whole number',
      'profile: p\npersonas: { a: { sub: a@example.com } }\ncases:\n  - persona: a\n    target: workbook/A-b\n    expect:\n      timeout_ms: 1.5\n',
      ['7 cases[0].expect.timeout_ms: timeout_ms must be a whole number, at least 1 and at most 600000.'],
    ],
    [
      'findings other than none',
      'profile: p\npersonas: { a: { sub: a@example.com } }\ncases:\n  - { persona: a, target: workbook/A-b, expect: { findings: some } }\n',
      ['4 cases[0].expect.findings: findings takes one value, none: the token must have no error finding.'],
    ],
    [
      'a matrix naming an unknown target',
      'profile: p\npersonas: { a: { sub: a@example.com } }\ntargets: { sales: workbook/A-b }\ncases:\n  - matrix: { personas: [a], targets: [sale] }\n',
      ['5 cases[0].matrix.targets[0]: There is no target named "sale". Did you mean "sales"?'],
    ],
    [
      'a target without url',
      'profile: p\npersonas: { a: { sub: a@example.com } }\ntargets:\n  t: { options: { ":theme": Dark } }\ncases:\n  - { persona: a, target: t }\n',
      ["4 targets.t: The target t needs a url: a full URL, or a path under the profile's base URL."],
    ],
    [
      'a case with no profile anywhere',
      'personas: { a: { sub: a@example.com } }\ncases:\n  - { persona: a, target: workbook/A-b }\n',
      ['3 cases[0]: This case has no profile to sign with: give profile at the top of the file (or in the case).'],
    ],
    [
      'two cases of one name',
      'profile: p\npersonas: { a: { sub: a@example.com } }\ncases:\n  - { name: same, persona: a, target: workbook/A-b }\n  - { name: same, persona: a, target: workbook/A-c }\n',
      ['5 cases[1].name: Two cases are named "same"; give each case its own name.'],
    ],
    [
      'YAML that does not parse',
      'profile: p\ncases:\n  - { persona: a\n',
      [
        '4 : This is not valid YAML: Flow map in block collection must be sufficiently indented and end with a }. Check the indentation and quoting on this line.',
      ],
    ],
    [
      'a key given twice',
      'profile: p\nprofile: q\ncases: []\n',
      ['2 : This is not valid YAML: Map keys must be unique. Check the indentation and quoting on this line.'],
    ],
  ])('refuses %s, on its line', (_what, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it('says an empty file is empty', () => {
    expect(parseSuite('# nothing yet\n', 'suites/embed.yaml')).toEqual({
      ok: false,
      problems: [{ line: 1, field: '', message: 'suites/embed.yaml is empty; a suite needs personas, targets and cases.' }],
    });
  });

  it('shards as Playwright does: contiguous slices that cover every case exactly once', () => {
    const cases = expandCases(
      parsed(
        SUITE.replace('targets: [sales, orders]', 'targets: [sales, orders, sales-again]').replace('  sales: w', '  sales-again: workbook/X-y\n  sales: w'),
      ),
    );
    for (const total of [1, 2, 3, 4, 7, 9]) {
      const shards = Array.from({ length: total }, (_, i) => selectCases(cases, { shard: { index: i + 1, total } }).map((c) => c.name));
      expect(shards.flat()).toEqual(cases.map((c) => c.name));
      expect(Math.max(...shards.map((s) => s.length)) - Math.min(...shards.map((s) => s.length))).toBeLessThanOrEqual(1);
    }
    expect(selectCases(cases, { grep: '^east' }).map((c) => c.name)).toEqual(['east-creator × sales', 'east-creator × orders', 'east-creator × sales-again']);
    expect(() => selectCases(cases, { grep: '(' })).toThrow('--grep "(" is not a valid regular expression');
  });
});

describe('what a case expects when it does not say', () => {
  const seen = (kind: 'loaded' | 'refused'): Observation => ({
    outcome: { kind, text: kind === 'loaded' ? 'Loaded.' : 'Refused (EINVAL): no.' },
    code: kind === 'refused' ? 'EINVAL' : undefined,
    events: [],
    text: '',
    timeoutMs: 1000,
  });
  it('expects the embed to load, unless it expects a refusal or says loads: false', () => {
    expect(judge({}, seen('refused'))).toEqual(['It should load, but did not: Refused (EINVAL): no.']);
    expect(judge({ timeout_ms: 6000 }, seen('refused'))).toHaveLength(1);
    expect(judge({}, seen('loaded'))).toEqual([]);
    expect(judge({ refused: 'EINVAL' }, seen('refused'))).toEqual([]);
    expect(judge({ loads: false }, seen('refused'))).toEqual([]);
  });
});
