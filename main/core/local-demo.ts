/**
 * The local-demo profile: made on first run so the console works at once, with no Sigma
 * account, against the local embed host (embeds and REST API alike). Its secrets are random and
 * live in the keychain like any other.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Result } from '../../shared/errors';
import type { Home } from './home';

export const LOCAL_DEMO = 'local-demo';

const newSecret = () => randomBytes(32).toString('base64url');

/** On first run (no profiles file yet), creates local-demo; says why when it cannot. */
export async function createLocalDemoOnFirstRun(home: Home, baseUrl?: string): Promise<void> {
  if (existsSync(home.profiles.file)) return;
  const result = await home.core['profiles:save']({
    name: LOCAL_DEMO,
    clientId: `local-demo-${randomBytes(8).toString('hex')}`,
    secret: newSecret(),
    baseUrl,
  });
  // A locked keychain is said by whatever command needs it; local-demo is tried again next run.
  if (!result.ok && result.code !== 'KEYCHAIN_UNAVAILABLE') home.notify(`Could not create the ${LOCAL_DEMO} profile: ${result.message}`);
}

/**
 * The local embed host points local-demo at itself each time it starts (its port changes): the
 * embed base URL at its demo org, the REST API credentials at its API. A secret the keychain
 * lost is made anew: nobody else knows it anyway.
 */
export async function pointLocalDemoAt(home: Home, urls: { embed: string; api: string }): Promise<void> {
  await createLocalDemoOnFirstRun(home, urls.embed);
  const listed = await home.core['profiles:list']({});
  const demo = listed.ok ? listed.data.find((p) => p.name === LOCAL_DEMO) : undefined;
  if (!demo) return;
  const failed = (what: string, result: Result<unknown>) => {
    if (!result.ok) home.notify(`Could not point the ${LOCAL_DEMO} profile's ${what} at the local embed host: ${result.message}`);
  };

  if (demo.baseUrl !== urls.embed || demo.hasSecret === false) {
    const result = await home.core['profiles:save']({
      name: LOCAL_DEMO,
      clientId: demo.clientId,
      baseUrl: urls.embed,
      overwrite: true,
      ...(demo.hasSecret === false && { secret: newSecret() }),
    });
    failed('embed credentials', result);
  }
  if (demo.api?.baseUrl !== urls.api || demo.api.hasSecret === false) {
    const result = await home.core['profiles:set-api']({
      name: LOCAL_DEMO,
      api: {
        clientId: demo.api?.clientId ?? `local-demo-api-${randomBytes(8).toString('hex')}`,
        baseUrl: urls.api,
        // A new base takes the secret again (it is only sent where it was entered for); nobody else knows it.
        secret: newSecret(),
      },
    });
    failed('REST API credentials', result);
  }
}
