/** Browser mode as `embed-console ui` and `npm start` run it: the app, plus a local embed host if none runs. */
import { fileURLToPath } from 'node:url';
import type { Home } from '../core/home';
import { LOCAL_DEMO, createLocalDemoOnFirstRun } from '../core/local-demo';
import { runEmbedHost } from '../host/run';
import { HOST_SERVICE } from '../host/server';
import { startWebServer } from './server';

/** The built renderer sits next to the bundle that serves it (scripts/build.mjs). */
const RENDERER = fileURLToPath(new URL('./renderer', import.meta.url));

/** Whether local-demo's base URL points at a local embed host on this machine that answers. */
async function localHostAnswers(home: Home): Promise<boolean> {
  const demo = (await home.profiles.list()).find((p) => p.name === LOCAL_DEMO);
  if (!demo?.baseUrl || new URL(demo.baseUrl).hostname !== '127.0.0.1') return false;
  try {
    const response = await fetch(new URL('/__host/health', demo.baseUrl), { signal: AbortSignal.timeout(500) });
    // The port may have gone to another program since: ask who answers.
    return response.ok && ((await response.json()) as { service?: unknown }).service === HOST_SERVICE;
  } catch {
    return false;
  }
}

export async function runBrowserMode(home: Home, port?: number): Promise<{ url: string; close: () => Promise<void> }> {
  await createLocalDemoOnFirstRun(home);
  // The app's own port first: if it is busy, nothing else has been started.
  const web = await startWebServer({ core: home.core, staticDir: RENDERER, port });
  let host;
  try {
    host = (await localHostAnswers(home)) ? undefined : await runEmbedHost(home);
  } catch (error) {
    await web.close();
    throw error;
  }
  return {
    url: web.url,
    close: async () => {
      await web.close();
      await host?.close();
    },
  };
}
