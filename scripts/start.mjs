// `npm start` after the build: the desktop app where Electron can run, else the same app in
// browser mode, so the first command in the README works on every machine.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

/** Under Node the electron package exports its binary's path; it throws when none was installed. */
function electronBinary() {
  try {
    delete require.cache[require.resolve('electron')];
    const binary = require('electron');
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    return undefined;
  }
}

/** The package's own installer, once: it downloads from GitHub (or $ELECTRON_MIRROR). */
function tryInstall() {
  console.error('Embed Console: the Electron binary is missing; trying to download it (up to 60 s)...');
  const run = spawnSync(process.execPath, [require.resolve('electron/install.js')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.error) return run.error.code === 'ETIMEDOUT' ? 'the download timed out after 60 s' : run.error.message;
  const said = `${run.stderr}\n${run.stdout}`.split('\n').find((line) => /error/i.test(line));
  return said?.trim() ?? (run.status === 0 ? undefined : `the installer exited with code ${run.status}`);
}

/** Ctrl-C or a kill reaches the app too, and this script ends when the app has ended. */
function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

function browserMode(why, fix) {
  console.error(`\nEmbed Console: ${why} ${fix} Opening the same app in browser mode instead.\n`);
  const ui = spawn(process.execPath, ['bin/embed-console.js', 'ui', ...args], { cwd: root, stdio: 'inherit' });
  forwardSignals(ui);
  ui.on('error', (error) => {
    console.error(`Embed Console: browser mode did not start: ${error.message}`);
    process.exit(1);
  });
  ui.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const DOWNLOAD_FIX =
  'To get the desktop app, run "npm rebuild electron" (or "node node_modules/electron/install.js") on a machine with ' +
  'internet access, or set ELECTRON_MIRROR to a mirror you can reach (an internal one, say), then run "npm start" again.';

let binary = electronBinary();
let installError;
if (!binary) {
  installError = tryInstall();
  binary = electronBinary();
}

if (!binary) {
  const cause = installError ? ` (${installError})` : '';
  browserMode(`the Electron binary could not be downloaded from GitHub${cause}.`, DOWNLOAD_FIX);
} else {
  // A binary that cannot run here (no display, missing system libraries) fails within moments;
  // the app itself, once up, is left alone whatever its exit code.
  const QUICK_MS = 3_000;
  const launchedAt = Date.now();
  const electron = spawn(binary, ['.', ...args], { cwd: root, stdio: 'inherit' });
  forwardSignals(electron);
  electron.on('error', (error) => {
    browserMode(`Electron could not be started (${error.message}).`, DOWNLOAD_FIX);
  });
  electron.on('exit', (code, signal) => {
    if (code !== 0 && !signal && Date.now() - launchedAt < QUICK_MS) {
      browserMode(
        `Electron exited at once with code ${code}, so it cannot run on this machine as installed (no display, or missing system libraries).`,
        'Run "npm start" from a desktop session with the libraries Electron needs, or reinstall it with "npm rebuild electron".',
      );
      return;
    }
    process.exit(code ?? 1);
  });
}
