// Bundles the Node side with esbuild: one file loads faster than hundreds, which keeps
// `embed-console sign` close to a bare `node -e`. keytar stays external: it is native.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'main/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['keytar'],
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

// The local embed host's page script, served next to the code that serves it.
await build({
  entryPoints: { 'embed-page': 'main/host/page/embed-page.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
});
