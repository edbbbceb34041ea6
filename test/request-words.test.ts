/** A request the contract refuses, said in the user's words: what the value must be, never the checker's own. */
import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../shared/api';
import { describeRequestIssue } from '../shared/request-words';

const refusal = (claims: Record<string, unknown>, more: Record<string, unknown> = {}) => {
  const request = { profile: 'acme', url: 'workbook/Sales-1a2b', claims: { sub: 'ada@example.com', ...claims }, ...more };
  const checked = requestSchemas['token:sign'].safeParse(request);
  if (checked.success) throw new Error('accepted');
  return describeRequestIssue(checked.error, request, 'token:sign');
};

describe('a refused request, in words', () => {
  it('says what kind of value is wanted: a list, names and values, text', () => {
    expect(refusal({ teams: 'Sales' })).toEqual({ message: 'The teams list must be a list.', field: 'teams' });
    expect(refusal({ userAttributes: ['West'] })).toEqual({ message: 'The user attributes must be a set of names and values.', field: 'userAttributes' });
    expect(refusal({ sub: 7 }).message).toBe('The user (sub) must be text.');
  });

  it('says an entry without a name needs one, in no words of the checker', () => {
    const { message } = refusal({}, { oauth: { connections: { '': 'token' } } });
    expect(message).toBe('The connection OAuth tokens entry "" has a name that is not accepted (empty, or too long); give every entry a name of its own.');
    expect(message).not.toMatch(/Invalid|record|undefined/);
  });
});
