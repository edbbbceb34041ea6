/**
 * The CLI, the app and the host are separate processes on one data dir. Run as users run them,
 * at once and killed mid-write, they must lose nothing: no profile, no secret, no jti.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keychainService } from '../main/core/home';
import { CLI, runCli, tempHome } from './support/cli';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const WORKBOOK = 'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b3c';

async function keychainAccounts(home: string): Promise<string[]> {
  const keytar = (await import('keytar')).default;
  return (await keytar.findCredentials(keychainService({ EMBED_CONSOLE_HOME: home }))).map((c) => c.account).sort();
}

async function profileNames(home: string): Promise<string[]> {
  const run = await runCli(['profile', 'list', '--json'], { home });
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as Array<{ name: string }>).map((p) => p.name).sort();
}

/** Files a crashed atomic write leaves: `<file>.<number>`. */
const strayTempFiles = (home: string) => readdirSync(home).filter((name) => /\.json\.\d+$|\.jsonl\.\d+$|\.vault\.\d+$/.test(name));

describe.runIf(keychain)('many processes on one data dir (real keychain)', () => {
  const homes: Array<ReturnType<typeof tempHome>> = [];
  const newHome = () => {
    const made = tempHome();
    homes.push(made);
    return made.home;
  };
  afterAll(async () => {
    const keytar = (await import('keytar')).default;
    for (const { home, cleanup } of homes) {
      for (const account of await keychainAccounts(home)) await keytar.deletePassword(keychainService({ EMBED_CONSOLE_HOME: home }), account);
      cleanup();
    }
  });

  it('20 profile adds at once, 5 rounds: 100 profiles, each with its secret, and no secret left over', async () => {
    const home = newHome();
    for (let round = 0; round < 5; round++) {
      const runs = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          runCli(['profile', 'add', `p${round}-${i}`, '--client-id', `client-${round}-${i}`], { home, input: `secret-${round}-${i}` }),
        ),
      );
      for (const run of runs) expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Saved profile/) });
    }
    const names = (await profileNames(home)).filter((n) => n !== 'local-demo');
    expect(names).toHaveLength(100);
    expect(await keychainAccounts(home)).toEqual(names.map((n) => `embed:${n}`).sort());
    const listed = await runCli(['profile', 'list'], { home });
    expect(listed.stderr).not.toMatch(/no profile names/);
    // 100 processes, 20 at a time: on two busy cores that outlasts the default 30 s.
  }, 120_000);

  it('20 signs while an inspect compacts the ledger: every jti is kept', async () => {
    const home = newHome();
    expect((await runCli(['profile', 'add', 'acme', '--client-id', 'client-1'], { home, input: 'the-secret' })).code).toBe(0);
    const ledger = join(home, 'ledger.jsonl');
    for (let round = 0; round < 3; round++) {
      // Enough expired lines that the next read rewrites the journal.
      const expired = Array.from(
        { length: 1500 },
        (_, i) => `\n${JSON.stringify({ jti: `old-${round}-${i}`, exp: 1, seenAt: '2020-01-01T00:00:00.000Z', source: 'test' })}`,
      );
      writeFileSync(ledger, `${existsSync(ledger) ? readFileSync(ledger, 'utf8') : ''}${expired.join('')}`);
      const signs = Array.from({ length: 20 }, () => runCli(['sign', '--profile', 'acme', '--url', WORKBOOK, '--sub', 'ada@example.com', '--json'], { home }));
      const inspect = runCli(['inspect', 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJ4IiwiZXhwIjo5OTk5OTk5OTk5fQ.c2ln'], { home });
      const signed = await Promise.all(signs);
      await inspect;
      const jtis = signed.map((run) => JSON.parse(run.stdout).payload.jti as string);
      const kept = readFileSync(ledger, 'utf8');
      for (const jti of jtis) expect(kept).toContain(`"jti":"${jti}"`);
      expect(kept).not.toContain(`"old-${round}-0"`);
    }
  });

  it('kill -9 at random points of a save, 200 times: no saved profile lost, no unreadable file, orphans listed then pruned', async () => {
    // Twenty homes side by side, ten kills each. Every other kill is aimed inside the save (once
    // the profiles file's lock is taken: the keychain write, the file write), the others land
    // anywhere. A lock left by a killed writer is recovered once stale; the homes wait in parallel.
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, h) => {
        const home = newHome();
        const saved = new Set<string>();
        for (let k = 0; k < 10; k++) {
          const name = `k${h}-${k}-${randomUUID().slice(0, 8)}`;
          const child = spawn(process.execPath, [CLI, 'profile', 'add', name, '--client-id', `client-${name}`], {
            env: { ...process.env, EMBED_CONSOLE_HOME: home },
            stdio: ['pipe', 'pipe', 'ignore'],
          });
          let stdout = '';
          child.stdout.on('data', (chunk) => (stdout += chunk));
          child.stdin.end(`secret-${name}`);
          const kill = () => child.kill('SIGKILL');
          const timers = [setTimeout(kill, k % 2 ? 100 + Math.random() * 900 : 5_000)];
          const watcher = watch(home, (_event, file) => {
            if (k % 2 === 0 && file === 'profiles.json.lock') timers.push(setTimeout(kill, Math.random() * 15));
          });
          await new Promise((done) => child.on('close', done));
          watcher.close();
          timers.forEach(clearTimeout);
          if (stdout.startsWith('Saved profile')) saved.add(name);
          // After each kill: the file reads, and every save that said "Saved" is still there.
          const names = await profileNames(home);
          for (const name of saved) expect(names).toContain(name);
        }
        return { home, saved };
      }),
    );

    let orphansSeen = 0;
    for (const { home, saved } of results) {
      // The next write cleans up what a killed writer left.
      expect((await runCli(['profile', 'add', 'after', '--client-id', 'after-1'], { home, input: 'after-secret' })).code).toBe(0);
      expect(strayTempFiles(home)).toEqual([]);
      const names = await profileNames(home);
      for (const name of saved) expect(names).toContain(name);

      const listed = await runCli(['profile', 'list'], { home });
      const orphaned = (await keychainAccounts(home)).filter((account) => !names.includes(account.slice('embed:'.length)));
      if (orphaned.length) {
        orphansSeen += orphaned.length;
        for (const account of orphaned) expect(listed.stderr).toContain(account);
        const pruned = await runCli(['profile', 'prune'], { home });
        expect(pruned.stdout).toMatch(new RegExp(`^Removed ${orphaned.length} secrets? no profile named`));
      }
      expect(await keychainAccounts(home)).toEqual(
        names
          .filter((n) => n !== 'local-demo')
          .map((n) => `embed:${n}`)
          .sort(),
      );
    }
    // Not a goal, a sign the kills landed mid-save at least sometimes.
    console.info(`kill -9 test: ${orphansSeen} orphaned secrets found and pruned`);
  }, 600_000);
});
