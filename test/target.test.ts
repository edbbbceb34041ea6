import { describe, expect, it } from 'vitest';
import { buildEmbedUrl, optionKeyProblem, parseEmbedUrl, mergeQuery, resolveTarget, workbookSlug, targetUrl, type EmbedUrl } from '../shared/target';
import { type EmbedConsoleError, type ErrorCode } from '../shared/errors';
import { thrownBy } from './support/errors';

const APP = 'https://app.sigmacomputing.com';

function expectRefused(input: string, code: ErrorCode): EmbedConsoleError {
  const error = thrownBy(() => parseEmbedUrl(input));
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

describe('parseEmbedUrl then buildEmbedUrl gives back the pasted URL', () => {
  const urls: Array<[string, string]> = [
    ['a workbook', `${APP}/acme/workbook/Sales-1a2b3c`],
    ['a tagged workbook', `${APP}/acme/workbook/Sales-1a2b3c/tag/production`],
    ['a page', `${APP}/acme/workbook/Sales-1a2b3c/page/pG7x`],
    ['an element', `${APP}/acme/workbook/Sales-1a2b3c/element/eL9q`],
    ['a page of a tagged workbook', `${APP}/acme/workbook/Sales-1a2b3c/tag/v2/page/pG7x`],
    ['an element of a tagged workbook', `${APP}/acme/workbook/Sales-1a2b3c/tag/v2/element/eL9q`],
    ['Ask Sigma', `${APP}/acme/ask`],
    ['a data model', `${APP}/acme/data-model/Sales-Model-9x8y7z`],
    ['an element of a tagged data model', `${APP}/acme/data-model/Sales-Model-9x8y7z/tag/certified/element/eL9q`],
    ['a workbook segment with the id alone', `${APP}/acme/workbook/1a2b3c`],
    ['a workbook name with hyphens', `${APP}/acme/workbook/Q3-Sales-Review-1a2b3c`],
    ['a name with percent-encoded characters', `${APP}/acme/workbook/Q3%20Sales%20%2F%20Caf%C3%A9-1a2b3c`],
    ['a tag with a percent-encoded space', `${APP}/acme/workbook/Sales-1a2b3c/tag/release%20candidate`],
    ['the local embed host', 'http://127.0.0.1:5173/acme/workbook/Sales-1a2b3c/page/pG7x'],
    ['a custom domain', 'https://analytics.acme.example/acme/workbook/Sales-1a2b3c'],
    ['a regional host', 'https://aws-api.sigmacomputing.com/acme/ask'],
    ['options in order', `${APP}/acme/workbook/Sales-1a2b3c?:theme=Dark&:menu_position=bottom&:hide_tooltip=true`],
    ['controls in order', `${APP}/acme/workbook/Sales-1a2b3c?Region=West&Product=Widgets&Year=2024`],
    ['a token, :embed, options and controls', `${APP}/acme/workbook/Sales-1a2b3c?:jwt=aaa.bbb.ccc&:embed=true&:theme=Dark&Region=West`],
    ['control values with commas and colons', `${APP}/acme/workbook/Sales-1a2b3c?Date-Range=min:2024-01-01,max:2024-12-31`],
    ['values with encoded spaces, ampersands and commas', `${APP}/acme/ask?:theme=My%20Theme&Customer=Smith%20%26%20Sons,Acme%2C%20Inc.`],
  ];

  for (const [what, url] of urls) {
    it(`keeps ${what} unchanged`, () => {
      expect(buildEmbedUrl(parseEmbedUrl(url))).toBe(url);
    });
  }
});

describe('parseEmbedUrl reads the parts', () => {
  it('reads a data model like a workbook, marked as a data model [its URL syntax is uncertain]', () => {
    expect(parseEmbedUrl(`${APP}/acme/data-model/Sales-Model-9x8y7z/tag/certified/page/pG7x`).target).toEqual({
      origin: APP,
      org: 'acme',
      kind: 'page',
      document: 'data-model',
      workbookName: 'Sales-Model',
      workbookUrlId: '9x8y7z',
      tag: 'certified',
      pageId: 'pG7x',
    });
  });

  it('resolves a data model path against the base URL', () => {
    expect(resolveTarget('data-model/Sales-Model-9x8y7z', `${APP}/acme`).target).toMatchObject({
      document: 'data-model',
      kind: 'workbook',
      workbookUrlId: '9x8y7z',
    });
  });

  it('splits a workbook URL into origin, org, name and url id', () => {
    expect(parseEmbedUrl(`${APP}/acme/workbook/Q3-Sales-1a2b3c`)).toEqual({
      target: { origin: APP, org: 'acme', kind: 'workbook', workbookName: 'Q3-Sales', workbookUrlId: '1a2b3c' },
      options: {},
      controls: {},
    });
  });

  it('reads a tagged page', () => {
    expect(parseEmbedUrl(`${APP}/acme/workbook/Sales-1a2b3c/tag/v2/page/pG7x`).target).toEqual({
      origin: APP,
      org: 'acme',
      kind: 'page',
      workbookName: 'Sales',
      workbookUrlId: '1a2b3c',
      tag: 'v2',
      pageId: 'pG7x',
    });
  });

  it('reads an element', () => {
    const { target } = parseEmbedUrl(`${APP}/acme/workbook/Sales-1a2b3c/element/eL9q`);
    expect(target.kind).toBe('element');
    expect(target.elementId).toBe('eL9q');
    expect(target.pageId).toBeUndefined();
  });

  it('reads Ask Sigma without workbook parts', () => {
    expect(parseEmbedUrl(`${APP}/acme/ask`).target).toEqual({ origin: APP, org: 'acme', kind: 'ask' });
  });

  it('reads a workbook segment with no name as an empty name and the id', () => {
    const { target } = parseEmbedUrl(`${APP}/acme/workbook/1a2b3c`);
    expect(target.workbookName).toBe('');
    expect(target.workbookUrlId).toBe('1a2b3c');
  });

  it('decodes percent-encoded characters in names', () => {
    const { target } = parseEmbedUrl(`${APP}/acme/workbook/Q3%20Sales%20%2F%20Caf%C3%A9-1a2b3c`);
    expect(target.workbookName).toBe('Q3 Sales / Café');
  });

  it('keeps the port of a local host in the origin', () => {
    expect(parseEmbedUrl('http://127.0.0.1:5173/acme/ask').target.origin).toBe('http://127.0.0.1:5173');
  });

  it('keeps a custom domain as the origin', () => {
    expect(parseEmbedUrl('https://analytics.acme.example/acme/ask').target.origin).toBe('https://analytics.acme.example');
  });

  it('reads URL options and control values in URL order', () => {
    const parsed = parseEmbedUrl(`${APP}/acme/workbook/Sales-1a2b3c?:theme=Dark&Region=West&:lng=fr-ca&Product=Widgets`);
    expect(parsed.options).toEqual({ ':theme': 'Dark', ':lng': 'fr-ca' });
    expect(Object.keys(parsed.options)).toEqual([':theme', ':lng']);
    expect(parsed.controls).toEqual({ Region: ['West'], Product: ['Widgets'] });
    expect(Object.keys(parsed.controls)).toEqual(['Region', 'Product']);
  });

  it('splits a control on unencoded commas and keeps an encoded comma inside a value', () => {
    const parsed = parseEmbedUrl(`${APP}/acme/ask?Customer=West,Acme%2C%20Inc.,East`);
    expect(parsed.controls.Customer).toEqual(['West', 'Acme, Inc.', 'East']);
  });

  it('gathers the values of a control repeated in the query', () => {
    const parsed = parseEmbedUrl(`${APP}/acme/ask?Region=West&Region=East`);
    expect(parsed.controls.Region).toEqual(['West', 'East']);
  });

  it('reads :jwt and :embed apart from the other options', () => {
    const parsed = parseEmbedUrl(`${APP}/acme/ask?:embed=true&:jwt=eyJh.eyJz.c2ln&:theme=Dark`);
    expect(parsed.jwt).toBe('eyJh.eyJz.c2ln');
    expect(parsed.embed).toBe('true');
    expect(parsed.options).toEqual({ ':theme': 'Dark' });
  });

  it('leaves jwt and embed unset when the URL carries neither', () => {
    const parsed = parseEmbedUrl(`${APP}/acme/ask?:theme=Dark`);
    expect(parsed).not.toHaveProperty('jwt');
    expect(parsed).not.toHaveProperty('embed');
  });

  it('reads a control whose id is also the name of a JavaScript object property', () => {
    // Control ids are free text chosen by the workbook author; "constructor" is as valid as "Region".
    const parsed = parseEmbedUrl(`${APP}/acme/ask?constructor=a&toString=b`);
    expect(Object.entries(parsed.controls)).toEqual([
      ['constructor', ['a']],
      ['toString', ['b']],
    ]);
  });
});

describe('buildEmbedUrl from parts', () => {
  const parts: Array<[string, EmbedUrl]> = [
    ['a workbook', { target: { origin: APP, org: 'acme', kind: 'workbook', workbookName: 'Sales', workbookUrlId: '1a2b' }, options: {}, controls: {} }],
    [
      'a tagged page with options and controls',
      {
        target: { origin: APP, org: 'acme', kind: 'page', workbookName: 'Q3 Sales', workbookUrlId: '1a2b', tag: 'v2', pageId: 'p1' },
        options: { ':theme': 'Dark', ':menu_position': 'top' },
        controls: { Region: ['West', 'East'], 'Date Range': ['min:2024-01-01', 'max:2024-12-31'] },
      },
    ],
    [
      'an element with a token',
      {
        target: { origin: 'http://127.0.0.1:5173', org: 'acme', kind: 'element', workbookName: 'Sales', workbookUrlId: '1a2b', elementId: 'e1' },
        options: {},
        controls: {},
        jwt: 'eyJh.eyJz.c2ln',
        embed: 'true',
      },
    ],
    [
      'a workbook known by its id alone',
      { target: { origin: APP, org: 'acme', kind: 'workbook', workbookName: '', workbookUrlId: '1a2b' }, options: {}, controls: {} },
    ],
    ['Ask Sigma on a custom domain', { target: { origin: 'https://bi.acme.example', org: 'acme', kind: 'ask' }, options: { ':lng': 'fr-ca' }, controls: {} }],
    [
      'names with characters that need encoding',
      {
        target: { origin: APP, org: 'acme', kind: 'workbook', workbookName: 'Ventes été / 100%', workbookUrlId: '1a2b', tag: 'rc 1' },
        options: { ':theme': 'Mon thème' },
        controls: { 'Client & Co': ['Smith & Sons', 'Acme, Inc.', 'a=b'] },
      },
    ],
  ];

  for (const [what, embed] of parts) {
    it(`reads back the same parts for ${what}`, () => {
      expect(parseEmbedUrl(buildEmbedUrl(embed))).toEqual(embed);
    });
  }

  it('builds the URL Sigma documents: the workbook path, then the token, :embed, options and controls', () => {
    const url = buildEmbedUrl({
      target: { origin: APP, org: 'acme', kind: 'page', workbookName: 'Sales', workbookUrlId: '1a2b', pageId: 'p1' },
      options: { ':theme': 'Dark' },
      controls: { Region: ['West'] },
      jwt: 'eyJh.eyJz.c2ln',
      embed: 'true',
    });
    expect(url).toBe(`${APP}/acme/workbook/Sales-1a2b/page/p1?:jwt=eyJh.eyJz.c2ln&:embed=true&:theme=Dark&Region=West`);
  });

  it('joins the values of one control with unencoded commas', () => {
    const url = buildEmbedUrl({ target: { origin: APP, org: 'acme', kind: 'ask' }, options: {}, controls: { Region: ['West', 'East', 'North'] } });
    expect(new URL(url).search).toBe('?Region=West,East,North');
  });

  it('encodes a comma inside one value so it is not read as a separator', () => {
    const url = buildEmbedUrl({ target: { origin: APP, org: 'acme', kind: 'ask' }, options: {}, controls: { Customer: ['Acme, Inc.'] } });
    expect(new URL(url).search).toBe('?Customer=Acme%2C%20Inc.');
  });

  it('keeps colons in values unencoded, as in a date range', () => {
    const url = buildEmbedUrl({
      target: { origin: APP, org: 'acme', kind: 'ask' },
      options: {},
      controls: { 'Date-Range': ['min:2024-01-01', 'max:2024-12-31'] },
    });
    expect(url).toContain('Date-Range=min:2024-01-01,max:2024-12-31');
    expect(url).not.toContain('%3A');
  });

  it('refuses an option key that is not a colon and a name', () => {
    const error = thrownBy(() => buildEmbedUrl({ target: { origin: APP, org: 'acme', kind: 'ask' }, options: { theme: 'Dark' }, controls: {} }));
    expect(error.code).toBe('INVALID_URL');
    expect(error.message).toContain('theme');
  });

  it('refuses :jwt passed as an ordinary option, since the signer sets it', () => {
    const error = thrownBy(() => buildEmbedUrl({ target: { origin: APP, org: 'acme', kind: 'ask' }, options: { ':jwt': 'x' }, controls: {} }));
    expect(error.code).toBe('INVALID_URL');
  });

  it('builds the content URL of a target without a query', () => {
    expect(targetUrl({ origin: APP, org: 'acme', kind: 'element', workbookName: 'Sales', workbookUrlId: '1a2b', tag: 'v2', elementId: 'e1' })).toBe(
      `${APP}/acme/workbook/Sales-1a2b/tag/v2/element/e1`,
    );
  });
});

describe('parseEmbedUrl refuses what is not a Sigma embed URL', () => {
  const notSigma: Array<[string, string]> = [
    ['the bare host', `${APP}/`],
    ['an org alone', `${APP}/acme`],
    ['a workbook section with no workbook', `${APP}/acme/workbook`],
    ['a folder', `${APP}/acme/folder/x`],
    ['a workbook segment ending in a hyphen, with no id', `${APP}/acme/workbook/Sales-`],
    ['an extra segment after the workbook', `${APP}/acme/workbook/Sales-1a2b/extra`],
    ['an extra segment after a page', `${APP}/acme/workbook/Sales-1a2b/page/p1/more`],
    ['a page with no id', `${APP}/acme/workbook/Sales-1a2b/page`],
    ['a tag after the page', `${APP}/acme/workbook/Sales-1a2b/page/p1/tag/v2`],
    ['a segment after ask', `${APP}/acme/ask/extra`],
  ];

  for (const [what, url] of notSigma) {
    it(`refuses ${what} with NOT_SIGMA_URL`, () => {
      expectRefused(url, 'NOT_SIGMA_URL');
    });
  }

  it('names the URL shapes it expects when it refuses a path', () => {
    const error = expectRefused(`${APP}/acme/folder/x`, 'NOT_SIGMA_URL');
    expect(error.message).toContain(`${APP}/acme/folder/x`);
    expect(error.message).toContain('/{org}/workbook/{name}-{id}');
    expect(error.message).toContain('/tag/{tag}');
    expect(error.message).toContain('/page/{pageId}');
    expect(error.message).toContain('/element/{elementId}');
    expect(error.message).toContain('/{org}/ask');
  });

  it('refuses text that is not a URL with INVALID_URL', () => {
    for (const input of ['', 'not a url', 'acme/workbook/Sales-1a2b', 'https://']) {
      expectRefused(input, 'INVALID_URL');
    }
  });

  it('refuses javascript: and ftp: URLs with INVALID_URL', () => {
    expectRefused('javascript:alert(1)', 'INVALID_URL');
    expectRefused('ftp://app.sigmacomputing.com/acme/workbook/Sales-1a2b', 'INVALID_URL');
  });

  it('refuses broken percent-encoding with INVALID_URL instead of a URIError', () => {
    for (const url of [
      `${APP}/acme/workbook/Sales%E0%A4%A-1a2b`,
      `${APP}/acme/workbook/Sales-1a2b?:theme=%ZZ`,
      `${APP}/acme/workbook/Sales-1a2b?Region=West,%E0%A4`,
      `${APP}/acme/workbook/Sales-1a2b?%E0=West`,
    ]) {
      const error = expectRefused(url, 'INVALID_URL');
      expect(error.message).toMatch(/percent-encoding/);
    }
  });
});

describe('resolveTarget', () => {
  const base = `${APP}/acme`;

  it('reads a path relative to the profile base URL', () => {
    const parsed = resolveTarget('workbook/Sales-1a2b', base);
    expect(parsed.target).toEqual({ origin: APP, org: 'acme', kind: 'workbook', workbookName: 'Sales', workbookUrlId: '1a2b' });
  });

  it('reads a relative path the same whether or not the base URL ends in a slash', () => {
    expect(resolveTarget('workbook/Sales-1a2b/page/p1', `${base}/`)).toEqual(resolveTarget('workbook/Sales-1a2b/page/p1', base));
  });

  it('reads an absolute path from the host of the base URL', () => {
    const parsed = resolveTarget('/globex/workbook/Sales-1a2b', 'http://127.0.0.1:5173/acme');
    expect(parsed.target.origin).toBe('http://127.0.0.1:5173');
    expect(parsed.target.org).toBe('globex');
    expect(parsed.target.workbookUrlId).toBe('1a2b');
  });

  it('keeps the query of a relative path', () => {
    const parsed = resolveTarget('workbook/Sales-1a2b?:theme=Dark&Region=West', base);
    expect(parsed.options).toEqual({ ':theme': 'Dark' });
    expect(parsed.controls).toEqual({ Region: ['West'] });
  });

  it('reads a full URL as it is, ignoring the base URL', () => {
    const parsed = resolveTarget('https://bi.acme.example/acme/ask', base);
    expect(parsed.target).toEqual({ origin: 'https://bi.acme.example', org: 'acme', kind: 'ask' });
  });

  it('refuses a relative path when there is no base URL, naming the profile and the fix', () => {
    const error = thrownBy(() => resolveTarget('workbook/Sales-1a2b', undefined, 'acme'));
    expect(error).toMatchObject({ code: 'INVALID_URL', field: 'url' });
    expect(error.message).toBe(
      '"workbook/Sales-1a2b" is a path, and profile "acme" has no base URL to resolve it against: give the full URL, starting with https://.',
    );
    expect(thrownBy(() => resolveTarget('workbook/Sales-1a2b', undefined)).message).toContain('this profile has no base URL');
  });

  it('refuses a javascript: URL even when a base URL is given', () => {
    const error = thrownBy(() => resolveTarget('javascript:alert(1)', base));
    expect(error.code).toBe('INVALID_URL');
  });
});

describe('mergeQuery', () => {
  it("takes the options and control values of both, the second's winning", () => {
    const url = { options: { ':theme': 'Light', ':lng': 'fr' }, controls: { Region: ['West'], Year: ['2024'] } };
    const form = { options: { ':theme': 'Dark' }, controls: { Region: ['East', 'North'] } };
    expect(mergeQuery(url, form)).toEqual({ options: { ':theme': 'Dark', ':lng': 'fr' }, controls: { Region: ['East', 'North'], Year: ['2024'] } });
    expect(mergeQuery(form, url).options[':theme']).toBe('Light');
    expect(mergeQuery({}, {})).toEqual({ options: {}, controls: {} });
  });
});

describe('workbookSlug', () => {
  it('writes a workbook name as its URL does', () => {
    expect(workbookSlug('Sales Performance')).toBe('Sales-Performance');
    expect(workbookSlug('  Q3   pipeline\treview ')).toBe('Q3-pipeline-review');
  });
});

describe('optionKeyProblem', () => {
  it('accepts a colon followed by a name', () => {
    for (const key of [':theme', ':menu_position', ':lng', ':hide_tooltip']) {
      expect(optionKeyProblem(key)).toBeUndefined();
    }
  });

  it('refuses a key without the leading colon, a bare colon, or one with other characters', () => {
    for (const key of ['theme', ':', ':the me', ':theme=Dark', '::theme', '']) {
      const problem = optionKeyProblem(key);
      expect(problem).toBeDefined();
      expect(problem).toContain(':theme=Dark');
    }
  });

  it('refuses :jwt and :embed, which the signer sets', () => {
    expect(optionKeyProblem(':jwt')).toMatch(/set by the signer/);
    expect(optionKeyProblem(':embed')).toMatch(/set by the signer/);
  });
});

describe('targets a person is still typing', () => {
  it('says "element id required" for an element target with no id yet', () => {
    const error = thrownBy(() => parseEmbedUrl(`${APP}/acme/workbook/Sales-1a2b/element/`));
    expect(error.code).toBe('NOT_SIGMA_URL');
    expect(error.message).toMatch(/^The element id is required: add it after \/element\//);
  });

  it('says the page id is missing for a page target with no id yet', () => {
    expect(thrownBy(() => parseEmbedUrl(`${APP}/acme/workbook/Sales-1a2b/page`)).message).toMatch(/^The page id is required/);
  });

  it('refuses "//a b" under a base URL as a target, with the fix', () => {
    const error = thrownBy(() => resolveTarget('//a b', `${APP}/acme`));
    expect(error.code).toBe('INVALID_URL');
    expect(error.field).toBe('url');
    expect(error.message).toContain('give a path such as workbook/Sales-1a2b');
  });

  const cases: [string, Pick<EmbedUrl, 'options' | 'controls'>][] = [
    ['a URL option value', { options: { ':theme': 'a\ud800' }, controls: {} }],
    ['a control value', { options: {}, controls: { region: ['\udc00'] } }],
    ['a control id', { options: {}, controls: { ['r\ud800']: ['x'] } }],
  ];
  for (const [where, embed] of cases) {
    it(`refuses a lone surrogate in ${where} with a coded error`, () => {
      const target = parseEmbedUrl(`${APP}/acme/workbook/Sales-1a2b`).target;
      const error = thrownBy(() => buildEmbedUrl({ target, ...embed }));
      expect(error.code).toBe('INVALID_URL');
      expect(error.message).toContain('broken character');
      expect(error.message).not.toMatch(/[\ud800-\udfff]/);
      // Where it is, as an escape the message names.
      expect(error.message).toMatch(/"[^"]*\\ud[89a-f][0-9a-f]{2}[^"]*" holds/);
    });
  }
});
