/** OAuth tokens in the Craft form: signed with, never saved with the draft. */
import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../shared/api';
import { draftOf, loadDraft, oauthOf, saveDraft, type Draft, type DraftStorage } from '../renderer/draft';

const TOKEN = 'ya29.plaintext-oauth-token';
const CONNECTION_TOKEN = 'dapi-plaintext-connection-token';

function memoryStorage(): DraftStorage & { items: Record<string, string> } {
  const items: Record<string, string> = {};
  return { items, getItem: (key) => items[key] ?? null, setItem: (key, value) => void (items[key] = value) };
}

const draft: Draft = {
  profile: 'acme',
  url: 'workbook/Sales-1a2b3c',
  options: {},
  controls: {},
  claims: { sub: 'ada@example.com', ver: '1.1' },
  oauth: { token: TOKEN, connections: { warehouse: CONNECTION_TOKEN } },
};

describe('OAuth tokens in the draft', () => {
  it('are sent to sign with: the signing request takes them', () => {
    expect(requestSchemas['token:sign'].safeParse({ ...draft, remember: true }).success).toBe(true);
  });

  it('are never written to storage, and a reload brings the draft back without them', () => {
    const storage = memoryStorage();
    saveDraft(draft, storage);
    expect(JSON.stringify(storage.items)).not.toContain(TOKEN);
    expect(JSON.stringify(storage.items)).not.toContain(CONNECTION_TOKEN);
    const { oauth, ...rest } = draft;
    expect(oauth).toBeDefined();
    expect(loadDraft(storage)).toEqual(rest);
  });

  it('are left behind when a draft is made from another (a history entry, say)', () => {
    expect(draftOf(draft, 'acme')).not.toHaveProperty('oauth');
  });

  it('are none when the fields are empty; a connection row stays while its token is typed', () => {
    expect(oauthOf('', {})).toBeUndefined();
    expect(oauthOf(TOKEN, {})).toEqual({ token: TOKEN });
    expect(oauthOf('', { warehouse: '' })).toEqual({ connections: { warehouse: '' } });
    // The signer refuses an empty token, saying so.
    const refused = requestSchemas['token:sign'].safeParse({ ...draft, oauth: oauthOf('', { warehouse: '' }) });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0].message).toBe('an OAuth token cannot be empty');
  });
});
