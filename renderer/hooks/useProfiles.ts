/**
 * The profiles (profiles:list), asked when the app starts and again after each change, and the
 * one selected: the draft's profile, kept to one that is listed (profile-choice.ts).
 */
import { useCallback, useEffect, useState } from 'react';
import type { EmbedConsoleApi, ProfileView } from '../../shared/api';
import { chooseProfile } from '../profile-choice';

export interface Profiles {
  /** Undefined until the core first answers. */
  list?: ProfileView[];
  error?: string;
  selected?: ProfileView;
  select: (name: string) => void;
  /** Asks for the list again; `wanted` is selected once it is listed (a profile just saved). */
  refresh: (wanted?: string) => Promise<void>;
}

/**
 * `selectedName` and `setSelected` are where the selection lives (the draft's profile);
 * `setSelected` takes the name, or a function of the current one.
 */
export function useProfiles(api: EmbedConsoleApi, selectedName: string, setSelected: (choose: (current: string) => string) => void): Profiles {
  const [answer, setAnswer] = useState<{ list?: ProfileView[]; error?: string }>({});

  const show = useCallback(
    (result: Awaited<ReturnType<EmbedConsoleApi['profiles:list']>>, wanted?: string) => {
      if (!result.ok) return setAnswer((shown) => ({ list: shown.list, error: result.message }));
      setAnswer({ list: result.data });
      setSelected((current) => chooseProfile(result.data, current, wanted));
    },
    [setSelected],
  );
  useEffect(() => {
    let current = true;
    void api['profiles:list']({}).then((result) => current && show(result));
    return () => void (current = false);
  }, [api, show]);

  const refresh = useCallback(async (wanted?: string) => show(await api['profiles:list']({}), wanted), [api, show]);
  const select = useCallback((name: string) => setSelected(() => name), [setSelected]);
  return { ...answer, selected: answer.list?.find((p) => p.name === selectedName), select, refresh };
}
