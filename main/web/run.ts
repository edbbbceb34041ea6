/** Browser mode as `embed-console ui` and `npm start` run it: the app over loopback HTTP, beside the session's local embed host. */
import { fileURLToPath } from 'node:url';
import type { HostSession } from '../startup';
import { startWebServer } from './server';

/** The built renderer sits next to the bundle that serves it (scripts/build.mjs). */
const RENDERER = fileURLToPath(new URL('./renderer', import.meta.url));

export async function runBrowserMode(session: HostSession, port?: number): Promise<{ url: string; close: () => Promise<void> }> {
  const web = await startWebServer({ core: session.home.core, staticDir: RENDERER, port, log: session.home.notify }).catch(async (error: unknown) => {
    await session.host.close();
    throw error;
  });
  return {
    url: web.url,
    close: async () => {
      await web.close();
      await session.host.close();
    },
  };
}
