/** The Craft form's draft as the renderer keeps it: in the browser's storage (a stub here), and as other views hand it over. */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry, InspectReport } from '../shared/api';
import { draftFromInspected, draftOf, initialDraft, loadDraft, saveDraft, type Draft, type DraftStorage } from '../renderer/draft';
import { chooseProfile } from '../renderer/profile-choice';

const KEY = 'embed-console:draft';

function memoryStorage(initial: Record<string, string> = {}): DraftStorage & { items: Record<string, string> } {
  const items = { ...initial };
  return { items, getItem: (key) => items[key] ?? null, setItem: (key, value) => void (items[key] = value) };
}

const draft: Draft = {
  profile: 'acme',
  url: 'workbook/Sales-1a2b3c/page/overview',
  options: { ':theme': 'Dark' },
  controls: { region: ['East', 'West'] },
  claims: { sub: 'grace@example.com', teams: ['Ops'], userAttributes: { tier: 'gold' }, sessionLength: 600 },
};

describe('the saved draft', () => {
  it('survives a reload: saved, then loaded as it was', () => {
    const storage = memoryStorage();
    saveDraft(draft, storage);
    expect(loadDraft(storage)).toEqual(draft);
  });

  it('is none on first start, and the form starts on local-demo with a demo user', () => {
    expect(loadDraft(memoryStorage())).toBeUndefined();
    expect(initialDraft()).toMatchObject({
      profile: 'local-demo',
      url: expect.stringMatching(/^workbook\/Sales-Performance-/),
      claims: { sub: 'ada@example.com' },
    });
  });

  it('drops a saved draft the core would refuse (an older build, an edit by hand), so the form starts afresh', () => {
    const stale = [
      { ...draft, profile: 'has spaces' },
      { ...draft, claims: { ...draft.claims, shoeSize: 42 } },
      { url: draft.url, claims: draft.claims },
    ];
    for (const saved of stale) expect(loadDraft(memoryStorage({ [KEY]: JSON.stringify(saved) })), JSON.stringify(saved)).toBeUndefined();
    expect(loadDraft(memoryStorage({ [KEY]: '{"profile": "acme", "url": ' }))).toBeUndefined();
  });

  it('keeps the draft when one claim is unusable (a session length saved empty, or as text), dropping that claim alone', () => {
    for (const sessionLength of [null, '600']) {
      const loaded = loadDraft(memoryStorage({ [KEY]: JSON.stringify({ ...draft, claims: { ...draft.claims, sessionLength } }) }));
      const { sessionLength: _dropped, ...claims } = draft.claims;
      expect(loaded).toEqual({ ...draft, claims });
    }
  });

  it('fills in the options and control values an older build did not save', () => {
    const { options: _o, controls: _c, ...older } = draft;
    expect(loadDraft(memoryStorage({ [KEY]: JSON.stringify(older) }))).toEqual({ ...draft, options: {}, controls: {} });
  });

  it('keeps working when the storage refuses: nothing saved, nothing thrown', () => {
    const refusing: DraftStorage = {
      getItem: () => {
        throw new Error('SecurityError: storage is disabled');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => saveDraft(draft, refusing)).not.toThrow();
    expect(loadDraft(refusing)).toBeUndefined();
  });
});

describe('a draft handed over by another view', () => {
  const entry: HistoryEntry = { ...draft, id: 'h-1', at: '2024-05-01T10:00:00.000Z', profile: 'acme', jti: '0b4e7c9e-0000-4000-8000-000000000000' };

  it('a reopened history entry is the draft it was, and still loads after a reload (its id, time and jti left behind)', () => {
    const reopened = draftOf(entry, entry.profile);
    expect(reopened).toEqual(draft);
    const storage = memoryStorage();
    // Even a draft spread from an entry is saved as a draft only.
    saveDraft({ ...entry }, storage);
    expect(JSON.parse(storage.items[KEY])).not.toHaveProperty('jti');
    expect(loadDraft(storage)).toEqual(draft);
  });

  const report = (parts: Partial<InspectReport>): InspectReport => ({
    header: { alg: 'HS256' },
    payload: null,
    signature: { valid: false, profile: null, reason: 'no secret verifies it' },
    target: null,
    findings: [],
    ...parts,
  });

  it('an inspected token opens with its claims, its target and the profile that verified it', () => {
    const opened = draftFromInspected(
      draft,
      report({
        payload: { sub: 'linus@example.com', teams: ['Ops'] },
        signature: { valid: true, profile: 'staging', reason: 'verified' },
        target: {
          origin: 'https://app.sigmacomputing.com',
          org: 'acme',
          kind: 'workbook',
          workbookName: 'Sales',
          workbookUrlId: '9z8y',
          options: { ':lng': 'fr' },
          controls: {},
        },
      }),
    );
    expect(opened).toEqual({
      profile: 'staging',
      url: 'https://app.sigmacomputing.com/acme/workbook/Sales-9z8y',
      options: { ':lng': 'fr' },
      controls: {},
      claims: { sub: 'linus@example.com', teams: ['Ops'] },
    });
  });

  it('what an inspected token does not say (no payload, no URL, no verifying profile) stays as the form had it', () => {
    expect(draftFromInspected(draft, report({}))).toEqual(draft);
  });
});

describe('the selected profile', () => {
  const listed = [{ name: 'local-demo' }, { name: 'acme' }];

  it('stays the one the draft names while it is listed', () => {
    expect(chooseProfile(listed, 'acme')).toBe('acme');
  });

  it('moves to the first listed when the draft names one removed meanwhile (by the CLI, in another window)', () => {
    expect(chooseProfile(listed, 'gone')).toBe('local-demo');
  });

  it('is the one just saved or imported, once asked for', () => {
    expect(chooseProfile([...listed, { name: 'quickstart' }], 'acme', 'quickstart')).toBe('quickstart');
  });

  it('with no profile listed, keeps the name the draft has', () => {
    expect(chooseProfile([], 'acme')).toBe('acme');
  });
});
