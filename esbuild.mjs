// Bundles the extension (Node, CommonJS) as two files (and music-metadata as a third), and the webview scripts (browser, IIFE).
// dist/extension.js holds the activation path only; everything behind lazy.ts and coreLoader.ts
// (commands, API client, zod schemas, tracker, downloads, webview hosts) is dist/extension-lazy.js,
// required on the first command. `--outdir <dir>` builds elsewhere (the bundle test and the bench
// build the production files this way, so they measure exactly what ships).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 ? process.argv[outdirArg + 1] : 'dist';
if (!outdir) throw new Error('--outdir needs a folder');

// The second file's name, as the activation bundle requires it (relative to dist/extension.js).
const LAZY_FILE = 'extension-lazy.js';

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

/** @type {import('esbuild').BuildOptions} */
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };

// In the activation bundle, the two lazy loaders' targets become a run-time require of the second
// file. Modules both sides import are copied into each; no class of them is checked with
// `instanceof` across the two (ValidationError, for one, exists only in the second file).
/** @type {import('esbuild').Plugin} */
const lazySplit = {
  name: 'lazy-split',
  setup(build) {
    build.onResolve({ filter: /^\.\/(features|core)$/ }, (args) =>
      /[\\/]src[\\/](lazy|coreLoader)\.ts$/.test(args.importer) ? { path: `./${LAZY_FILE}`, external: true } : undefined,
    );
  },
};

// music-metadata (reading a media file's duration for a per-minute price) is large and needed only
// when an operation on a workspace file runs: its own file, dist/media-metadata.js, imported at run
// time by api/mediaDuration.ts (the unbundled tests import the package itself).
const MEDIA_METADATA_FILE = 'media-metadata.js';
/** @type {import('esbuild').Plugin} */
const mediaMetadataSplit = {
  name: 'media-metadata-split',
  setup(build) {
    build.onResolve({ filter: /^music-metadata$/ }, () => ({ path: `./${MEDIA_METADATA_FILE}`, external: true }));
  },
};

const builds = [
  {
    ...node,
    entryPoints: ['src/extension.ts'],
    outfile: path.join(outdir, 'extension.js'),
    plugins: [lazySplit],
    // Activation cost = evaluating this bundle (banner → footer) + the time inside activate();
    // VS Code's own wait between loading the module and calling activate() is not ours.
    // The CPU time beside it: what our own code used, whatever else the machine was doing.
    banner: { js: 'globalThis.__airforceLoadStart=performance.now();globalThis.__airforceLoadCpu=process.cpuUsage();' },
    footer: { js: 'globalThis.__airforceLoadEnd=performance.now();globalThis.__airforceLoadCpu=process.cpuUsage(globalThis.__airforceLoadCpu);' },
  },
  {
    ...node,
    // One module with both loaders' exports: core.ts (for the container) and features.ts (commands).
    stdin: { contents: "export * from './core';\nexport * from './features';\n", resolveDir: 'src', sourcefile: 'lazy-entry.ts', loader: 'ts' },
    outfile: path.join(outdir, LAZY_FILE),
    plugins: [mediaMetadataSplit],
  },
  {
    ...node,
    stdin: { contents: "export * from 'music-metadata';\n", resolveDir: '.', sourcefile: 'media-metadata-entry.ts', loader: 'ts' },
    outfile: path.join(outdir, MEDIA_METADATA_FILE),
  },
  {
    ...common,
    entryPoints: { panel: 'src/generate/app/main.ts', compare: 'src/compare/app/main.ts' },
    outdir: path.join(outdir, 'webview'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

// A production build starts from an empty folder so no development source map is shipped.
if (production) await fs.rm(outdir, { recursive: true, force: true });

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('[watch] watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
