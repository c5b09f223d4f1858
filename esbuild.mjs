// Bundles the extension (Node, CommonJS) and the webview script (browser, IIFE).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs/promises';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // Activation cost = evaluating this bundle (banner → footer) + the time inside activate();
    // VS Code's own wait between loading the module and calling activate() is not ours.
    banner: { js: 'globalThis.__airforceLoadStart=performance.now();' },
    footer: { js: 'globalThis.__airforceLoadEnd=performance.now();' },
  },
  {
    ...common,
    entryPoints: { panel: 'src/webview/app/main.ts', compare: 'src/webview/compareApp/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

// A production build starts from an empty dist/ so no development source map is shipped.
if (production) await fs.rm('dist', { recursive: true, force: true });

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('[watch] watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
