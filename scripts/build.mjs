// Bundles the Node side with esbuild: one file loads faster than hundreds, which keeps
// `embed-console sign` close to a bare `node -e`. keytar stays external: it is native; so do
// dbus-next's optional x11 and usocket, which it requires only where they are installed; and
// playwright-core, which finds its own files at run time (embed-console test).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';

rmSync('dist', { recursive: true, force: true });

// The Node side: the CLI (with the local embed host and browser mode) and the desktop app's
// main process, side by side so each finds embed-page.js and renderer/ next to itself.
await build({
  entryPoints: { cli: 'main/cli.ts', 'electron-main': 'main/electron/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['keytar', 'electron', 'x11', 'usocket', 'playwright-core'],
  // Bundled CommonJS dependencies (jsonwebtoken, write-file-atomic) use require and __filename.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
    ].join(' '),
  },
  splitting: true,
  sourcemap: true,
  logLevel: 'warning',
});

// Sandboxed preloads (the app window's and the preview webview's), which run in the page: one
// CommonJS file each, requiring nothing but 'electron'.
await build({
  entryPoints: { preload: 'main/electron/preload/app.ts', 'webview-preload': 'main/electron/preload/webview.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'chrome140',
  external: ['electron'],
  minify: true,
  logLevel: 'warning',
});

// The local embed host's page script, served next to the code that serves it.
await build({
  entryPoints: { 'embed-page': 'main/host/page/browser/embed-page.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
});

// The renderer: a Vite + React app that runs in Electron and in browser mode alike.
await viteBuild({
  root: 'renderer',
  base: './',
  logLevel: 'warn',
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true },
});
