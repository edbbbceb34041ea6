/**
 * The local-demo profile: made on first run so the console works at once, with no Sigma
 * account, against the local embed host. Its secret is random and lives in the keychain like
 * any other.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
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
 * The local embed host points local-demo at itself each time it starts (its port changes),
 * and gives it a new secret if the keychain lost it: nobody else knows that secret anyway.
 */
export async function pointLocalDemoAt(home: Home, baseUrl: string): Promise<void> {
  await createLocalDemoOnFirstRun(home, baseUrl);
  const listed = await home.core['profiles:list']({});
  const demo = listed.ok ? listed.data.find((p) => p.name === LOCAL_DEMO) : undefined;
  if (!demo || (demo.baseUrl === baseUrl && demo.hasSecret !== false)) return;
  const result = await home.core['profiles:save']({
    name: LOCAL_DEMO,
    clientId: demo.clientId,
    baseUrl,
    overwrite: true,
    ...(demo.hasSecret === false && { secret: newSecret() }),
  });
  if (!result.ok) home.notify(`Could not point the ${LOCAL_DEMO} profile at ${baseUrl}: ${result.message}`);
}
