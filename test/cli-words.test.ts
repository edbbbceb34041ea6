/**
 * What the CLI says to bad input, through the built CLI: words for people (no method name, schema
 * path, NaN or "undefined"), a coded error with a fix instead of INTERNAL, and untrusted text
 * (a pasted URL, a .env) that cannot drive the terminal.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from './support/cli';
import { startHost, type HostProcess } from './support/host';

const BASE = 'https://app.sigmacomputing.com/acme';
const { home, cleanup } = tempHome();
const env = { ACME_SECRET: 'acme-secret-for-tests' };
const cli = (...args: string[]) => runCli(args, { home, env });
let host: HostProcess;
beforeAll(async () => {
  host = await startHost(home);
  expect((await cli('profile', 'add', 'acme', '--client-id', 'acme-client', '--base-url', BASE, '--secret-env', 'ACME_SECRET')).code).toBe(0);
});
afterAll(async () => {
  await host.stop();
  cleanup();
});

/** What no message to a person may hold. */
const INTERNAL_WORDS = /profiles:|token:|Invalid \S+ request|please report|undefined|NaN|\bname: |\bclaims\./i;
// Control characters but the line breaks the printer writes, and bidi controls.
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function refused(args: string[], message: RegExp) {
  const run = await cli(...args);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(INTERNAL_WORDS);
  expect(run.stderr).not.toMatch(RAW);
  return run;
}

describe('bad input, in words for people (the built CLI)', () => {
  it('names the field and the rule for a profile name, not the method and the schema path', async () => {
    await refused(
      ['profile', 'add', 'bad name', '--client-id', 'x', '--secret-env', 'ACME_SECRET'],
      /^embed-console: The profile name is not accepted \("bad name"\): a profile name is 1-64/,
    );
  });

  it('refuses a client id with a space or ESC, from profile add and import-env alike', async () => {
    for (const clientId of ['a b', 'a\u001b[8mb']) {
      await refused(
        ['profile', 'add', 'p1', '--client-id', clientId, '--secret-env', 'ACME_SECRET'],
        /The client id is not accepted .*: a client id has no spaces or control characters\./,
      );
      const file = join(home, 'quickstart.env');
      writeFileSync(file, `CLIENT_ID=${clientId}\nSECRET=s\nBASE_URL=${BASE}/workbook/Sales-1a2b\n`);
      await refused(['import-env', file, '--profile', 'p2'], /^embed-console: In the \.env, the client id is not accepted/);
    }
  });

  it('tells a 6,000-character secret in a .env its length and the limit, never the secret', async () => {
    const file = join(home, 'long.env');
    const secret = 'S'.repeat(6000);
    writeFileSync(file, `CLIENT_ID=ab\nSECRET=${secret}\nBASE_URL=${BASE}/workbook/Sales-1a2b\n`);
    const run = await refused(['import-env', file, '--profile', 'p3'], /the secret is 6,000 characters long; at most 4,096 characters are accepted\./);
    expect(run.stderr + run.stdout).not.toContain('SSSSSSSS');
  });

  it('refuses --attr __proto__=x with a reason instead of dropping it, and keeps constructor as data', async () => {
    await refused(
      ['sign', '--profile', 'acme', '--url', 'workbook/Sales-1a2b', '--sub', 'ada@example.com', '--attr', '__proto__=x'],
      /The name "__proto__" in the user attributes cannot be used/,
    );
    const kept = await cli('sign', '--profile', 'acme', '--url', 'workbook/Sales-1a2b', '--sub', 'ada@example.com', '--attr', 'constructor=x', '--json');
    expect(JSON.parse(kept.stdout).payload.user_attributes).toEqual({ constructor: 'x' });
  });

  it("gives sign --url '//a b' on a profile with a base URL a coded error with the fix, not INTERNAL", async () => {
    await refused(
      ['sign', '--profile', 'acme', '--url', '//a b', '--sub', 'ada@example.com'],
      /"\/\/a b" is neither a full URL nor a path under https:\/\/app\.sigmacomputing\.com\/acme: give a path such as workbook\/Sales-1a2b/,
    );
  });

  it('says "element id required" for an element target with no id', async () => {
    await refused(
      ['sign', '--profile', 'acme', '--url', 'workbook/Sales-1a2b/element/', '--sub', 'ada@example.com'],
      /The element id is required: add it after \/element\//,
    );
  });
});

describe('untrusted text in the terminal (the built CLI, the real local embed host)', () => {
  const WORKBOOK = 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';
  // Each a way a pasted URL could print a line of its own, or hide or reorder the verdict.
  const VECTORS = ['%0Avalid%3A%20Verified', '%0D%1B%5B2K', '%1B%5B8m', '%E2%80%AE', '%C2%9B31m', '%E2%81%A6', '%7F%08'];

  it('escapes control and bidi characters in option names and values, control ids and values, and :embed', async () => {
    const signed = (await cli('sign', '--profile', 'local-demo', '--url', WORKBOOK, '--sub', 'ada@example.com')).stdout.trim();
    for (const vector of VECTORS) {
      const url = `${signed.replace(':embed=true', `:embed=true${vector}`)}&:theme=${vector}&:x${vector}=1&${vector}=${vector}`;
      const run = await cli('inspect', url);
      expect({ vector, raw: RAW.test(run.stdout + run.stderr) }).toEqual({ vector, raw: false });
      // One verdict line, the real one.
      expect(run.stdout.match(/^ {2}(NOT )?valid: /gm)).toHaveLength(1);
      expect(run.stdout.split('\n').filter((line) => /^\s*valid: Verified/.test(line) && !line.includes('profile'))).toEqual([]);
    }
  });
});
