/**
 * `embed-console profile api` and `embed-console api ...`, run as a user runs them: the built
 * CLI against `embed-console host` in a process of its own, whose REST API stands in for Sigma's
 * and which gave local-demo its REST API credentials when it started.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEAMS, DEMO_WORKBOOKS } from '../main/host/demo-org';
import { API_REGIONS } from '../shared/sigma-rest';
import { forgetProfiles, readTree, runCli, tempHome, type CliRun } from './support/cli';
import { demoSecret, readTreeButDemoSecrets } from './support/demo-secrets';
import { startHost, type HostProcess } from './support/host';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const API_SECRET = `cli-api-secret-${randomUUID()}`;
const SALES = DEMO_WORKBOOKS[0];

describe.runIf(keychain)('embed-console api (against the local embed host)', () => {
  const { home, cleanup } = tempHome();
  const runs: CliRun[] = [];
  const cli = async (args: string[], input?: string) => {
    const run = await runCli(args, { home, input });
    runs.push(run);
    return run;
  };
  let host: HostProcess;

  beforeAll(async () => {
    host = await startHost(home);
  });
  afterAll(async () => {
    await host.stop();
    for (const run of runs) expect(run.stdout + run.stderr).not.toContain(API_SECRET);
    expect(readTree(home)).not.toContain(API_SECRET);
    // Nor local-demo's secrets, which every listing above was signed with, outside their own file.
    for (const secret of [demoSecret(home, 'api'), demoSecret(home)]) {
      for (const run of runs) expect(run.stdout + run.stderr).not.toContain(secret);
      expect(readTreeButDemoSecrets(home)).not.toContain(secret);
    }
    await forgetProfiles(home);
    cleanup();
  });

  it("lists the org's workbooks with their ids, tags and URLs", async () => {
    const run = await cli(['api', 'workbooks', '--profile', 'local-demo']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = run.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+WORKBOOK ID\s+TAGS\s+URL$/);
    expect(rows).toHaveLength(DEMO_WORKBOOKS.length);
    expect(rows[0]).toMatch(new RegExp(`^Sales Performance\\s+${SALES.workbookId}\\s+production\\s+${host.url}/demo/workbook/${SALES.workbookUrlId}$`));
  });

  it('prints the listing as JSON for scripts, and searches by name', async () => {
    const run = await cli(['api', 'workbooks', '--profile', 'local-demo', '--search', 'customer', '--json']);
    expect(run.code).toBe(0);
    const listing = JSON.parse(run.stdout);
    expect(listing).toEqual({ entries: [expect.objectContaining({ name: 'Customer Health', workbookId: DEMO_WORKBOOKS[1].workbookId })], complete: true });
  });

  it('lists pages, elements, teams and members', async () => {
    const pages = await cli(['api', 'pages', SALES.workbookId, '--profile', 'local-demo']);
    expect(pages.stdout).toMatch(/^PAGE ID\s+NAME\noverview\s+Overview\norders\s+Orders\n$/);
    const elements = await cli(['api', 'elements', SALES.workbookId, 'overview', '--profile', 'local-demo', '--json']);
    expect(JSON.parse(elements.stdout).entries.map((e: { elementId: string }) => e.elementId)).toEqual(SALES.pages[0].elements.map((e) => e.elementId));
    const teams = await cli(['api', 'teams', '--profile', 'local-demo']);
    expect(
      teams.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((row) => row.split(/\s{2,}/)[0]),
    ).toEqual(DEMO_TEAMS.map((t) => t.name));
    const members = await cli(['api', 'members', 'ada@', '--profile', 'local-demo']);
    expect(members.stdout).toMatch(/^EMAIL\s+NAME\s+TYPE\s+MEMBER ID\nada@example\.com\s+Ada Lovelace\s+Viewer\s+mem-ada\n$/);
    const nobody = await cli(['api', 'members', 'nobody@', '--profile', 'local-demo']);
    expect(nobody).toMatchObject({ code: 0, stdout: 'No members match.\n' });
  });

  it('fails with one line that says what to fix', async () => {
    const missing = await cli(['api', 'pages', 'no-such-workbook', '--profile', 'local-demo']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/^embed-console: Sigma found nothing to list the pages of workbook no-such-workbook \(HTTP 404\).*\n$/);
    const noProfile = await cli(['api', 'teams', '--profile', 'nobody']);
    expect(noProfile).toMatchObject({ code: 1 });
    expect(noProfile.stderr).toContain('No profile named "nobody"');
    expect(await cli(['api', 'teams'])).toMatchObject({ code: 2, stderr: expect.stringContaining("required option '--profile <name>'") });
    expect(await cli(['api', 'elements', SALES.workbookId, '--profile', 'local-demo'])).toMatchObject({ code: 2 });
  });

  it('stores REST API credentials for a profile, the secret from stdin, then browses with them', async () => {
    expect((await cli(['profile', 'add', 'acme', '--client-id', 'embed-acme'], 'embed-secret')).code).toBe(0);
    const none = await cli(['api', 'teams', '--profile', 'acme']);
    expect(none).toMatchObject({ code: 1 });
    expect(none.stderr).toContain('embed-console profile api acme --client-id <id> --region <region>');

    const saved = await cli(['profile', 'api', 'acme', '--client-id', 'api-acme', '--api-url', host.url], `${API_SECRET}\n`);
    expect(saved).toMatchObject({ code: 0 });
    expect(saved.stdout).toBe(`Saved the REST API credentials of "acme" (client id api-acme, ${host.url}); the secret is in the OS keychain.\n`);
    // The host shares this home's keychain, so it knows these credentials as Sigma would know its own.
    expect((await cli(['api', 'teams', '--profile', 'acme'])).code).toBe(0);

    const listed = JSON.parse((await cli(['profile', 'list', '--json'])).stdout);
    expect(listed.find((p: { name: string }) => p.name === 'acme').api).toEqual({
      clientId: 'api-acme',
      baseUrl: host.url,
      hasSecret: true,
      secretIn: { store: 'keychain' },
    });
  });

  it('takes a region for the API base, and refuses what is not one', async () => {
    const region = API_REGIONS.find((r) => r.id === 'aws-eu')!;
    expect((await cli(['profile', 'add', 'euro', '--client-id', 'embed-euro'], 'embed-secret')).code).toBe(0);
    expect((await cli(['profile', 'api', 'euro', '--client-id', 'api-euro', '--region', 'aws-eu'], API_SECRET)).code).toBe(0);
    const listed = JSON.parse((await cli(['profile', 'list', '--json'])).stdout);
    expect(listed.find((p: { name: string }) => p.name === 'euro').api.baseUrl).toBe(region.url);

    expect(await cli(['profile', 'api', 'euro', '--client-id', 'x', '--region', 'mars'], API_SECRET)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('aws-eu'),
    });
    expect(await cli(['profile', 'api', 'euro', '--client-id', 'x'], API_SECRET)).toMatchObject({ code: 2, stderr: expect.stringContaining('--region') });
    const empty = await cli(['profile', 'api', 'euro', '--client-id', 'x', '--region', 'aws-eu'], '');
    expect(empty).toMatchObject({ code: 1, stderr: expect.stringContaining('No REST API secret on standard input; pipe it in') });

    expect(await cli(['profile', 'api', 'euro', '--remove'])).toMatchObject({ code: 0, stdout: 'Removed the REST API credentials of "euro".\n' });
    const after = JSON.parse((await cli(['profile', 'list', '--json'])).stdout);
    expect(after.find((p: { name: string }) => p.name === 'euro')).not.toHaveProperty('api');
  });
});
