import { describe, expect, it } from 'vitest';
import { buildPayload, payloadOf, checkClaims, claimsFromPayload, claimsToSend, formatDuration, type ClaimField, type ClaimsInput } from '../shared/claims';
import { thrownBy } from './support/errors';

// A clock with a fractional second, so flooring and rounding give different iat values.
const NOW_MS = 1_700_000_000_987;
const NOW_S = 1_700_000_000;
const context = { clientId: 'client-abc', jti: 'jti-0001', now: NOW_MS };
const valid: ClaimsInput = { sub: 'ada@example.com' };

function issuesFor(input: Partial<ClaimsInput>) {
  return checkClaims({ ...valid, ...input });
}

function fieldsOf(input: Partial<ClaimsInput>): ClaimField[] {
  return issuesFor(input).map((issue) => issue.field);
}

describe('buildPayload', () => {
  it('builds the required claims: sub, iss as the client id, jti, iat in whole seconds and a one-hour exp by default', () => {
    expect(buildPayload(valid, context)).toEqual({
      sub: 'ada@example.com',
      iss: 'client-abc',
      jti: 'jti-0001',
      iat: NOW_S,
      exp: NOW_S + 3600,
    });
  });

  it('floors the clock to the second for iat, never rounding into the future', () => {
    const payload = buildPayload(valid, { ...context, now: 1_700_000_000_999 });
    expect(payload.iat).toBe(1_700_000_000);
  });

  it('sets exp to iat plus the chosen session length', () => {
    const payload = buildPayload({ ...valid, sessionLength: 600 }, context);
    expect(payload.exp - payload.iat).toBe(600);
    expect(payload.exp).toBe(NOW_S + 600);
  });

  it('accepts a session of exactly 30 days', () => {
    const payload = buildPayload({ ...valid, sessionLength: 30 * 86_400 }, context);
    expect(payload.exp - payload.iat).toBe(2_592_000);
  });

  it('adds aud "sigmacomputing" for ver 1.1, which Sigma requires', () => {
    const payload = buildPayload({ ...valid, ver: '1.1' }, context);
    expect(payload.ver).toBe('1.1');
    expect(payload.aud).toBe('sigmacomputing');
  });

  it('sends no aud for ver 1.0', () => {
    const payload = buildPayload({ ...valid, ver: '1.0' }, context);
    expect(payload.ver).toBe('1.0');
    expect(payload).not.toHaveProperty('aud');
  });

  it('sends neither ver nor aud when no version is chosen', () => {
    const payload = buildPayload(valid, context);
    expect(payload).not.toHaveProperty('ver');
    expect(payload).not.toHaveProperty('aud');
  });

  it('maps the optional claims of an external user to their snake_case names', () => {
    const payload = buildPayload(
      {
        ...valid,
        accountType: 'Pro',
        teams: ['Sales', 'EMEA'],
        firstName: 'Ada',
        lastName: 'Lovelace',
        userAttributes: { region: 'West', tier: 'gold' },
        evalConnectionId: 'conn-42',
      },
      context,
    );
    expect(payload).toEqual({
      sub: 'ada@example.com',
      iss: 'client-abc',
      jti: 'jti-0001',
      iat: NOW_S,
      exp: NOW_S + 3600,
      account_type: 'Pro',
      teams: ['Sales', 'EMEA'],
      first_name: 'Ada',
      last_name: 'Lovelace',
      user_attributes: { region: 'West', tier: 'gold' },
      eval_connection_id: 'conn-42',
    });
    expect(payload).not.toHaveProperty('accountType');
    expect(payload).not.toHaveProperty('userAttributes');
  });

  it('omits optional claims that are left empty', () => {
    const payload = buildPayload({ ...valid, accountType: '', teams: [], firstName: '', lastName: '', userAttributes: {}, evalConnectionId: '' }, context);
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'iss', 'jti', 'sub']);
  });

  it('throws INVALID_CLAIMS naming the field to fix when the claims break a rule', () => {
    const error = thrownBy(() => buildPayload({ sub: 'not-an-email' }, context));
    expect(error.code).toBe('INVALID_CLAIMS');
    expect(error.field).toBe('sub');
    expect(error.message).toContain('not-an-email');
  });

  it('throws INVALID_CLAIMS on the session length field for a session longer than 30 days', () => {
    const error = thrownBy(() => buildPayload({ ...valid, sessionLength: 2_592_001 }, context));
    expect(error.code).toBe('INVALID_CLAIMS');
    expect(error.field).toBe('sessionLength');
    expect(error.toFailure()).toEqual({ ok: false, code: 'INVALID_CLAIMS', message: error.message, field: 'sessionLength' });
  });
});

describe('checkClaims: sub', () => {
  it('accepts an ordinary email address', () => {
    expect(issuesFor({ sub: 'ada.lovelace+embed@example.co.uk' })).toEqual([]);
  });

  it('requires a sub', () => {
    const [issue] = issuesFor({ sub: '' });
    expect(issue.field).toBe('sub');
    expect(issue.message).toMatch(/required/);
  });

  it('treats a sub of only spaces as missing', () => {
    const [issue] = issuesFor({ sub: '   ' });
    expect(issue.field).toBe('sub');
    expect(issue.message).toMatch(/required/);
  });

  it("refuses a sub with whitespace, quoting Sigma's error", () => {
    for (const sub of ['ada @example.com', ' ada@example.com', 'ada@example.com\n']) {
      const issues = issuesFor({ sub });
      expect(issues).toHaveLength(1);
      expect(issues[0].field).toBe('sub');
      expect(issues[0].message).toMatch(/whitespace/);
      expect(issues[0].message).toContain('Invalid sub field in payload');
    }
  });

  it('refuses a sub that is not an email address', () => {
    for (const sub of ['ada', 'ada@', '@example.com', 'ada@example', 'ada@@example.com', 'ada@example..com']) {
      const issues = issuesFor({ sub });
      expect(issues.map((i) => i.field)).toEqual(['sub']);
      expect(issues[0].message).toMatch(/not an email address/);
    }
  });

  it('refuses a sub with an underscore, which Sigma rejects', () => {
    const issues = issuesFor({ sub: 'ada_lovelace@example.com' });
    expect(issues.map((i) => i.field)).toEqual(['sub']);
    expect(issues[0].message).toContain('"_"');
  });
});

describe('checkClaims: session length', () => {
  it('accepts a session of exactly 2592000 seconds (30 days)', () => {
    expect(issuesFor({ sessionLength: 2_592_000 })).toEqual([]);
  });

  it('refuses a session longer than 30 days, naming the limit in days and in seconds', () => {
    const issues = issuesFor({ sessionLength: 2_592_001 });
    expect(issues).toHaveLength(1);
    expect(issues[0].field).toBe('sessionLength');
    expect(issues[0].message).toContain('30-day');
    expect(issues[0].message).toContain('2592000');
  });

  it('says how long the refused session is in words a person reads', () => {
    const [issue] = issuesFor({ sessionLength: 40 * 86_400 });
    expect(issue.message).toContain('40 days');
  });

  it('refuses a session of zero, negative or fractional length', () => {
    for (const sessionLength of [0, -1, -3600, 1.5, 3600.25, Number.NaN]) {
      const issues = issuesFor({ sessionLength });
      expect(issues.map((i) => i.field)).toEqual(['sessionLength']);
      expect(issues[0].message).toMatch(/whole number of seconds/);
    }
  });

  it('accepts the shortest session, one second', () => {
    expect(issuesFor({ sessionLength: 1 })).toEqual([]);
  });
});

describe('checkClaims: internal and external users', () => {
  const externalOnly: Array<[ClaimField, string, Partial<ClaimsInput>]> = [
    ['accountType', 'account_type', { accountType: 'Pro' }],
    ['teams', 'teams', { teams: ['Sales'] }],
    ['firstName', 'first_name', { firstName: 'Ada' }],
    ['lastName', 'last_name', { lastName: 'Lovelace' }],
    ['userAttributes', 'user_attributes', { userAttributes: { region: 'West' } }],
  ];

  for (const [field, claim, input] of externalOnly) {
    it(`refuses ${claim} for an internal user, naming the claim`, () => {
      const issues = issuesFor({ internal: true, ...input });
      expect(issues).toHaveLength(1);
      expect(issues[0].field).toBe(field);
      expect(issues[0].message).toContain(claim);
      expect(issues[0].message).toContain('internal user');
    });

    it(`accepts ${claim} for an external user`, () => {
      expect(issuesFor({ internal: false, ...input })).toEqual([]);
    });
  }

  it('reports every external-only claim sent for an internal user, not just the first', () => {
    const fields = fieldsOf({
      internal: true,
      accountType: 'Pro',
      teams: ['Sales'],
      firstName: 'Ada',
      lastName: 'Lovelace',
      userAttributes: { region: 'West' },
    });
    expect(fields.sort()).toEqual(['accountType', 'firstName', 'lastName', 'teams', 'userAttributes']);
  });

  it('accepts an internal user whose external-only claims are left empty', () => {
    expect(issuesFor({ internal: true, accountType: '', teams: [], firstName: '', lastName: '', userAttributes: {} })).toEqual([]);
  });

  it('accepts an eval connection id for an internal user', () => {
    expect(issuesFor({ internal: true, evalConnectionId: 'conn-42' })).toEqual([]);
  });
});

describe('checkClaims: teams and user attributes', () => {
  it('refuses an empty team name', () => {
    for (const teams of [['Sales', ''], ['  ']]) {
      const issues = issuesFor({ teams });
      expect(issues.map((i) => i.field)).toEqual(['teams']);
      expect(issues[0].message).toMatch(/empty/);
    }
  });

  it('refuses a user attribute without a name', () => {
    const nameless: Array<Record<string, string>> = [{ '': 'West' }, { ' ': 'West' }];
    for (const userAttributes of nameless) {
      const issues = issuesFor({ userAttributes });
      expect(issues.map((i) => i.field)).toEqual(['userAttributes']);
      expect(issues[0].message).toContain('name=value');
    }
  });

  it('accepts a named user attribute with an empty value', () => {
    expect(issuesFor({ userAttributes: { region: '' } })).toEqual([]);
  });
});

describe('checkClaims: ver', () => {
  it('refuses a version other than 1.0 or 1.1', () => {
    const issues = issuesFor({ ver: '2.0' as ClaimsInput['ver'] });
    expect(issues.map((i) => i.field)).toEqual(['ver']);
    expect(issues[0].message).toContain('"2.0"');
  });

  it('reports all problems at once, each tied to its field', () => {
    expect(fieldsOf({ sub: 'x', sessionLength: 0, teams: [''] }).sort()).toEqual(['sessionLength', 'sub', 'teams']);
  });
});

describe('formatDuration', () => {
  it('writes whole days as days, singular for one', () => {
    expect(formatDuration(86_400)).toBe('1 day');
    expect(formatDuration(30 * 86_400)).toBe('30 days');
  });

  it('writes whole hours as hours', () => {
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(5 * 3600)).toBe('5 h');
  });

  it('writes whole minutes as minutes, and 90 minutes as hours and minutes', () => {
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(90 * 60)).toBe('1 h 30 min');
  });

  it('writes short uneven lengths in minutes and seconds', () => {
    expect(formatDuration(90)).toBe('1 min 30 s');
    expect(formatDuration(1)).toBe('1 s');
  });

  it('writes long uneven lengths exactly, so one second over 30 days does not read as 30 days', () => {
    // 30 days and 1 second: 720.0003 h, rounded to one decimal.
    expect(formatDuration(2_592_001)).toBe('30 days 1 s');
    expect(formatDuration(99_999_999)).toBe('1157 days 9 h 46 min 39 s');
    expect(formatDuration(86_400 + 1)).toBe('1 day 1 s');
    expect(formatDuration(3600 + 1800 + 1)).toBe('1 h 30 min 1 s');
  });
});

describe('claimsToSend', () => {
  const everything = {
    sub: 'ada@example.com',
    accountType: 'Pro',
    teams: ['A'],
    firstName: 'Ada',
    lastName: 'L',
    userAttributes: { region: 'West' },
    evalConnectionId: 'c1',
    sessionLength: 600,
  };

  it('leaves out the external-only claims of an internal user, so the form can keep them for later', () => {
    expect(claimsToSend({ ...everything, internal: true })).toEqual({ sub: 'ada@example.com', internal: true, evalConnectionId: 'c1', sessionLength: 600 });
    expect(checkClaims(claimsToSend({ ...everything, internal: true }))).toEqual([]);
  });

  it("sends an external user's claims as they are", () => {
    expect(claimsToSend(everything)).toEqual(everything);
  });
});

describe('claimsFromPayload', () => {
  it('reads back the claims a payload was built from, so a pasted token can be opened in the form', () => {
    const claims = {
      sub: 'ada@example.com',
      accountType: 'Pro',
      teams: ['A', 'B'],
      firstName: 'Ada',
      lastName: 'L',
      userAttributes: { region: 'West' },
      evalConnectionId: 'c1',
      sessionLength: 600,
      ver: '1.1' as const,
    };
    expect(claimsFromPayload({ ...payloadOf(claims, { clientId: 'c', jti: 'j', now: 1_700_000_000_000 }) })).toEqual(claims);
  });

  it('keeps only what the form can hold from a payload of the wrong shape', () => {
    expect(claimsFromPayload({ sub: 42, teams: ['A', 3], user_attributes: { region: 'W', n: 1 }, ver: '2.0', iat: 'x', exp: 5 })).toEqual({
      sub: '',
      teams: ['A'],
      userAttributes: { region: 'W' },
    });
  });
});
