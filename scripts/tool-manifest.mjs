#!/usr/bin/env node
/* global console, process */
// Writes package.json's `contributes.languageModelTools` from src/tools/manifest.ts: the tools' names,
// descriptions and the input schemas derived from the API's zod schemas (src/tools/toolSchemas.ts),
// so the manifest never drifts from what the tools validate with (test/unit/tools/manifest.test.ts
// fails when it does).
//
//   npm run tools:manifest              rewrite package.json
//   npm run tools:manifest -- --check   write nothing; exit 1 when package.json differs
import { readFile, writeFile, rm, mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = path.join(ROOT, 'package.json');

/** The contributions, built by bundling src/tools/manifest.ts (zod included) and loading it. */
async function contributions() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'airforce-tools-'));
  const outfile = path.join(dir, 'manifest.cjs');
  try {
    await esbuild.build({ entryPoints: [path.join(ROOT, 'src', 'tools', 'manifest.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning' });
    return createRequire(import.meta.url)(outfile).toolContributions();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const text = await readFile(PACKAGE, 'utf8');
const pkg = JSON.parse(text);
pkg.contributes.languageModelTools = await contributions();
const next = `${JSON.stringify(pkg, null, 2)}\n`;
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error('package.json: contributes.languageModelTools differs from src/tools/manifest.ts; run `npm run tools:manifest`.');
    process.exit(1);
  }
} else if (next !== text) {
  await writeFile(PACKAGE, next);
  console.log(`package.json: ${pkg.contributes.languageModelTools.length} language model tools written.`);
}
