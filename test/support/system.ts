/**
 * Tests that need a system component (the OS keychain, Chromium) run whenever it is there.
 * Where it is missing they are skipped with a printed reason, unless
 * EMBED_CONSOLE_REQUIRE_SYSTEM=1 (CI sets it): then the missing component fails the run.
 */
import { randomUUID } from 'node:crypto';

export const systemRequired = process.env.EMBED_CONSOLE_REQUIRE_SYSTEM === '1';

/** Returns whether to run; throws when the component is required but missing. */
export function requireOrSkip(component: string, problem: string | undefined): boolean {
  if (!problem) return true;
  const message = `${component} is not available (${problem}).`;
  if (systemRequired) throw new Error(`${message} EMBED_CONSOLE_REQUIRE_SYSTEM=1 requires it; run the tests with "npm test".`);
  console.warn(`Skipping tests that need ${message} Run them with "npm test" on a machine that has it.`);
  return false;
}

/** A real round trip through the OS keychain, under a throwaway service name. */
export async function hasKeychain(): Promise<boolean> {
  let problem: string | undefined;
  try {
    const { default: keytar } = await import('keytar');
    const service = `embed-console-probe-${randomUUID()}`;
    await keytar.setPassword(service, 'probe', 'probe');
    const back = await keytar.getPassword(service, 'probe');
    await keytar.deletePassword(service, 'probe');
    if (back !== 'probe') problem = 'the keychain did not return what was stored';
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  return requireOrSkip('the OS keychain', problem);
}
