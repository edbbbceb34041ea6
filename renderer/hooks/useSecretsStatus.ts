/** Where secrets live on this machine (secrets:status), asked again whenever `refreshKey` changes. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EmbedConsoleApi } from '../../shared/api';
import type { SecretsStatus } from '../../shared/secrets';

export function useSecretsStatus(api: EmbedConsoleApi, refreshKey?: unknown): { status?: SecretsStatus; error?: string; refresh: () => Promise<void> } {
  const [state, setState] = useState<{ status?: SecretsStatus; error?: string }>({});
  const asked = useRef(0);
  const refresh = useCallback(async () => {
    const ask = ++asked.current;
    const result = await api['secrets:status']({});
    // Only the latest answer counts: an older one may predate a change.
    if (ask === asked.current) setState(result.ok ? { status: result.data } : { error: result.message });
  }, [api]);
  useEffect(() => void refresh(), [refresh, refreshKey]);
  return { ...state, refresh };
}
