/** The embed as code: what the snippets say, and the Node one run for real (its route) against the local host. */
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_URL_PATH } from '../shared/host-snippets';
import { SECRET_VARIABLE, snippet, type SnippetInput } from '../shared/snippets';
import { parseEmbedUrl } from '../shared/target';
import { runCli, tempHome } from './support/cli';
import { demoSecret } from './support/demo-secrets';
import { startHost, type HostProcess } from './support/host';
import { hasKeychain } from './support/system';

const NODE_MODULES = fileURLToPath(new URL('../node_modules', import.meta.url));
const WORKBOOK = 'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b3c/page/p1';

const input = (url = WORKBOOK): SnippetInput => {
  const { target } = parseEmbedUrl(url);
  return {
    clientId: 'client-1',
    claims: { sub: 'ada@example.com', accountType: 'Viewer', teams: ['Sales', 'West'], userAttributes: { region: 'West' }, sessionLength: 600, ver: '1.1' },
    embed: { target, options: { ':theme': 'Dark' }, controls: { Region: ['East', 'West'] } },
  };
};

describe('snippets', () => {
  it('sign in Node with jsonwebtoken, the client id as keyid, the secret from the environment, a fresh URL per request on the route', () => {
    const code = snippet('node', input());
    expect(code).toContain(`request.url.split('?')[0] !== '${SIGNED_URL_PATH}'`);
    expect(code).toContain("'Cache-Control': 'no-store'");
    expect(code).toContain('response.end(JSON.stringify({ url: signedEmbedUrl() }));');
    expect(code).toContain("{ algorithm: 'HS256', keyid: CLIENT_ID }");
    expect(code).toContain('const CLIENT_ID = "client-1";');
    expect(code).toContain(`process.env.${SECRET_VARIABLE}`);
    expect(code).toContain('exp: iat + 600');
    expect(code).toMatch(/"aud": "sigmacomputing"[\s\S]*"user_attributes": \{\s*"region": "West"/);
    expect(code).toContain(`"${WORKBOOK}?:jwt=" + encodeURIComponent(token) + "&:embed=true&:theme=Dark&Region=East,West"`);
  });

  it('sign in Python with PyJWT, the kid in the headers, the secret from the environment', () => {
    const code = snippet('python', input());
    expect(code).toContain('jwt.encode(payload, SECRET, algorithm="HS256", headers={"kid": CLIENT_ID})');
    expect(code).toContain(`SECRET = os.environ["${SECRET_VARIABLE}"]`);
    expect(code).toContain('"exp": iat + 600');
  });

  it('give the URL with a place for the token, options and control values after it', () => {
    expect(snippet('url', input())).toBe(`${WORKBOOK}?:jwt={token}&:embed=true&:theme=Dark&Region=East,West\n`);
  });

  it('leave out the claims an internal user may not send', () => {
    const code = snippet('node', { ...input(), claims: { ...input().claims, internal: true } });
    expect(code).not.toMatch(/account_type|teams|user_attributes/);
    expect(code).toContain('"sub": "ada@example.com"');
  });
});

const keychain = await hasKeychain();

describe.runIf(keychain)('the Node snippet, run for real (real keychain, real local embed host)', () => {
  const { home, cleanup } = tempHome();
  let host: HostProcess;
  let secret: string;
  let demo: { clientId: string; baseUrl: string };

  beforeAll(async () => {
    host = await startHost(home);
    const listed = JSON.parse((await runCli(['profile', 'list', '--json'], { home })).stdout) as Array<{ name: string; clientId: string; baseUrl: string }>;
    demo = listed.find((p) => p.name === 'local-demo')!;
    secret = demoSecret(home);
  });
  afterAll(async () => {
    await host?.stop();
    await runCli(['profile', 'remove', 'local-demo'], { home });
    cleanup();
  });

  /** Runs the snippet as a server on a free port; resolves with its route's address once it listens. */
  const serve = (file: string, env: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, [file], { env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const listening = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const route = /^Signed embed URLs at (http:\/\/localhost:\d+\S+)$/m.exec(out)?.[1];
        if (route) resolve(route);
      });
      child.once('exit', (code) => reject(new Error(`the Node snippet exited with ${code}: ${out}`)));
    });
    return { child, listening };
  };

  it('serves URLs the local embed host accepts on its route, a fresh one per request, and never holds the secret', async () => {
    const code = snippet('node', { ...input(`${demo.baseUrl}/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c`), clientId: demo.clientId });
    expect(code).not.toContain(secret);
    const file = join(home, 'embed.cjs');
    writeFileSync(file, code);
    const { child, listening } = serve(file, { ...process.env, NODE_PATH: NODE_MODULES, [SECRET_VARIABLE]: secret });
    try {
      const route = await listening;
      expect(new URL(route).pathname).toBe(SIGNED_URL_PATH);
      const answers = await Promise.all([fetch(route), fetch(route)]);
      expect(answers.map((a) => [a.status, a.headers.get('cache-control')])).toEqual([
        [200, 'no-store'],
        [200, 'no-store'],
      ]);
      const [url, second] = await Promise.all(answers.map(async (a) => ((await a.json()) as { url: string }).url));
      expect(second).not.toBe(url);
      expect((await fetch(new URL('/elsewhere', route))).status).toBe(404);

      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('"sub":"ada@example.com"');

      const inspected = await runCli(['inspect', url, '--json'], { home });
      const report = JSON.parse(inspected.stdout);
      expect(report.signature).toMatchObject({ valid: true, profile: 'local-demo' });
      expect(report.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    } finally {
      child.kill();
    }
  });

  it('refuses to run without the secret in the environment, saying which variable to set', async () => {
    const file = join(home, 'embed-no-secret.cjs');
    writeFileSync(file, snippet('node', { ...input(), clientId: demo.clientId }));
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: NODE_MODULES };
    delete env[SECRET_VARIABLE];
    await expect(promisify(execFile)(process.execPath, [file], { env })).rejects.toMatchObject({
      stderr: expect.stringContaining(`Set ${SECRET_VARIABLE} to the embed secret.`),
    });
  });
});
