/**
 * The finding text the app and the CLI show, fuzzed with control and bidi characters in every
 * place a pasted token or URL carries text: claims, header, option names and values, control
 * ids and values, :embed. No finding may hold one raw (shared/visible.ts makes them escapes),
 * nor "undefined" or NaN; and the CLI's report made of them neither.
 */
import { describe, expect, it } from 'vitest';
import { analyzePasted } from '../shared/inspect';
import { formatReport } from '../main/inspect-report';
import { visible } from '../shared/visible';

const NASTY = ['\u001b[8m', '\n', '\r', '\u202e', '\u2066', '\u200f', '\u009b31m', '\u007f', '\u2028', '\ud800', '\ufeff'];
const RAW =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NOW = 1_790_000_000_000;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (header: Record<string, unknown>, payload: Record<string, unknown>) => `${b64(header)}.${b64(payload)}.c2ln`;

function pastes(bad: string): string[] {
  const claims = {
    sub: `ada${bad}@example.com`,
    iss: `c${bad}`,
    jti: `j${bad}`,
    iat: 1_789_999_000,
    exp: 1_790_003_600,
    account_type: bad,
    teams: [bad],
    user_attributes: { [bad]: bad },
    tenant: bad,
  };
  const jwt = token({ alg: `HS${bad}`, kid: `k${bad}`, typ: bad }, claims);
  // Half a UTF-16 pair has no UTF-8 form: its bytes as a broken paste would carry them.
  const e = bad === '\ud800' ? '%ED%A0%80' : encodeURIComponent(bad);
  return [
    jwt,
    token({}, { ...claims, sub: bad, ver: bad, exp: bad }),
    `https://app.sigmacomputing.com/acme/workbook/S-1?:jwt=${jwt}&:embed=${e}&:theme=${e}&:x${e}=1&${e}=${e}&:nonce=${e}`,
    `https://app.sigmacomputing.com/a${e}/workbook/S${e}-1/page/${e}?:jwt=${jwt}`,
  ];
}

describe('finding text with control and bidi characters in what was pasted', () => {
  for (const bad of NASTY) {
    it(`shows ${visible(bad)} as an escape in every finding and in the terminal report`, () => {
      for (const paste of pastes(bad)) {
        const analysis = analyzePasted(paste, NOW);
        for (const f of analysis.findings) {
          expect({ code: f.code, raw: RAW.test(f.message) }).toEqual({ code: f.code, raw: false });
          expect(f.message).not.toMatch(/\bundefined\b|\bNaN\b/);
        }
        const report = formatReport(
          {
            header: analysis.header,
            payload: analysis.payload,
            signature: { valid: false, profile: null, reason: 'Not verified.' },
            target: analysis.target,
            findings: analysis.findings,
          },
          NOW,
        );
        // The report's own line breaks are all it may hold.
        expect(RAW.test(report.replace(/\n/g, ''))).toBe(false);
      }
    });
  }
});
