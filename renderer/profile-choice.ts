/** Which profile the app works with once the list is known. Pure, for useProfiles. */
import type { ProfileView } from '../shared/api';

/**
 * The one asked for (a profile just saved or imported), else the current one while it is still
 * listed, else the first listed (the current one was removed); with no profile listed, the
 * current name stays, to say what is missing.
 */
export function chooseProfile(listed: readonly Pick<ProfileView, 'name'>[], current: string, wanted?: string): string {
  if (wanted !== undefined) return wanted;
  if (listed.some((p) => p.name === current)) return current;
  return listed[0]?.name ?? current;
}
