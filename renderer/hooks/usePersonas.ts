/**
 * The personas (personas:list), asked when the app starts and again after each change: Craft
 * picks and saves them, Compare loads them side by side, so the shell holds them for both.
 */
import { useCallback, useEffect, useState } from 'react';
import type { EmbedConsoleApi, Persona } from '../../shared/api';
import type { ClaimsInput } from '../../shared/claims';
import type { Result } from '../../shared/errors';

export interface Personas {
  /** Undefined until the core first answers. */
  list?: Persona[];
  /** Why the list could not be read. */
  error?: string;
  /** Saves and lists again; a taken name is refused (PERSONA_EXISTS) unless `overwrite`. */
  save: (name: string, claims: ClaimsInput, overwrite: boolean) => Promise<Result<Persona>>;
  remove: (name: string) => Promise<Result<{ removed: boolean }>>;
}

export function usePersonas(api: EmbedConsoleApi): Personas {
  const [answer, setAnswer] = useState<{ list?: Persona[]; error?: string }>({});
  // A failed listing keeps the personas shown, and says why.
  const show = useCallback(
    (result: Result<Persona[]>) => setAnswer((shown) => (result.ok ? { list: result.data } : { list: shown.list, error: result.message })),
    [],
  );
  const refresh = useCallback(async () => show(await api['personas:list']({})), [api, show]);
  useEffect(() => {
    let current = true;
    void api['personas:list']({}).then((result) => current && show(result));
    return () => void (current = false);
  }, [api, show]);

  const changed = async <T>(result: Result<T>) => {
    if (result.ok) await refresh();
    return result;
  };
  return {
    ...answer,
    save: async (name, claims, overwrite) => changed(await api['personas:save']({ name, claims, overwrite })),
    remove: async (name) => changed(await api['personas:remove']({ name })),
  };
}
