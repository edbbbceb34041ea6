/** What a pick in the content browser puts in the Craft form's target (shared/sigma-rest.ts). */
import { describe, expect, it } from 'vitest';
import { API_REGIONS, pickedTargetUrl } from '../shared/sigma-rest';
import { parseEmbedUrl } from '../shared/target';

const workbook = { name: 'Q3 Sales', url: 'https://app.sigmacomputing.com/acme/workbook/Q3-Sales-1a2b3c' };

describe('pickedTargetUrl', () => {
  it('is a path under the profile base URL when the workbook is there, so a change of host keeps it', () => {
    expect(pickedTargetUrl({ workbook }, 'https://app.sigmacomputing.com/acme')).toBe('workbook/Q3-Sales-1a2b3c');
    expect(pickedTargetUrl({ workbook }, 'https://app.sigmacomputing.com/acme/')).toBe('workbook/Q3-Sales-1a2b3c');
  });

  it('is the full URL when the workbook is elsewhere, or there is no base URL', () => {
    expect(pickedTargetUrl({ workbook }, 'https://app.sigmacomputing.com/other')).toBe(workbook.url);
    expect(pickedTargetUrl({ workbook }, 'https://app.sigmacomputing.com/acm')).toBe(workbook.url);
    expect(pickedTargetUrl({ workbook })).toBe(workbook.url);
  });

  it('adds the tag, page or element picked, in the shapes Sigma embeds', () => {
    const base = 'https://app.sigmacomputing.com/acme';
    expect(pickedTargetUrl({ workbook, pageId: 'p1' }, base)).toBe('workbook/Q3-Sales-1a2b3c/page/p1');
    expect(pickedTargetUrl({ workbook, elementId: 'e 1' }, base)).toBe('workbook/Q3-Sales-1a2b3c/element/e%201');
    expect(pickedTargetUrl({ workbook, tag: 'production' }, base)).toBe('workbook/Q3-Sales-1a2b3c/tag/production');
    expect(parseEmbedUrl(pickedTargetUrl({ workbook, elementId: 'e 1' })).target).toMatchObject({ kind: 'element', elementId: 'e 1', workbookUrlId: '1a2b3c' });
  });

  it("names the workbook in the URL when Sigma's API gives the url id alone", () => {
    const fromApi = { name: ' Q3  Sales / EMEA ', url: 'https://app.sigmacomputing.com/acme/workbook/1a2b3c' };
    expect(pickedTargetUrl({ workbook: fromApi, pageId: 'p1' }, 'https://app.sigmacomputing.com/acme')).toBe('workbook/Q3-Sales-%2F-EMEA-1a2b3c/page/p1');
    expect(parseEmbedUrl(pickedTargetUrl({ workbook: fromApi })).target).toMatchObject({ workbookName: 'Q3-Sales-/-EMEA', workbookUrlId: '1a2b3c' });
  });
});

describe('API_REGIONS', () => {
  it('are https API hosts, never the app host, each once', () => {
    for (const region of API_REGIONS) expect(region.url).toMatch(/^https:\/\/[a-z0-9.-]*api[a-z0-9.-]*\.sigmacomputing\.com$/);
    expect(new Set(API_REGIONS.map((r) => r.url)).size).toBe(API_REGIONS.length);
    expect(new Set(API_REGIONS.map((r) => r.id)).size).toBe(API_REGIONS.length);
  });
});
