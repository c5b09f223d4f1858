#!/usr/bin/env node
/* global console, process */
// Regenerates l10n/bundle.l10n.json (the English bundle) from every `l10n.t('…')` literal in src/, and
// lists what the Russian and Italian files still lack. See l10n/README.md for the translate step.
//
//   npm run l10n:export              write the English bundle, list untranslated strings
//   npm run l10n:export -- --check   write nothing; exit 1 when the bundle is stale or a translation is missing
//   npm run l10n:export -- --todo    also write l10n/todo.<lang>.json: the missing strings, English as the value
//   npm run l10n:export -- --merge   merge translated l10n/todo.<lang>.json into the bundles and delete them
//
// The parsing is @vscode/l10n-dev's (the same tree-sitter analysis `vscode-l10n-dev export` runs). It only
// recognises `vscode.l10n.t`, and the webview strings (panelStrings.ts, compareStrings.ts, …) call
// `l10n.t` on a parameter so the browser harness can use them; those calls are renamed for the analysis.
import { readdir, readFile, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

export const LANGUAGES = ['ru', 'it'];
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function tsFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await tsFiles(full)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/** A bare `l10n.t(` (a parameter, not `vscode.l10n`) becomes `vscode.l10n.t(` so the analyzer sees it. */
export function forAnalysis(source) {
  if (!/(?<![\w.$])l10n\.t\(/.test(source)) return source;
  const renamed = source.replace(/(?<![\w.$])l10n\.t\(/g, 'vscode.l10n.t(');
  return /import \* as vscode from 'vscode'/.test(renamed) ? renamed : `import * as vscode from 'vscode';\n${renamed}`;
}

/** Every message of src/, keys sorted so the file diffs cleanly. */
export async function extractBundle(root = ROOT) {
  const files = await tsFiles(path.join(root, 'src'));
  const scripts = await Promise.all(files.map(async (f) => ({ contents: forAnalysis(await readFile(f, 'utf8')), extension: '.ts' })));
  const found = await getL10nJson(scripts);
  const sorted = {};
  for (const key of Object.keys(found).sort()) sorted[key] = typeof found[key] === 'string' ? found[key] : found[key].message;
  return sorted;
}

export async function readJson(file, fallback = {}) {
  return existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : fallback;
}

/** The `{0}`-style placeholders of a message, sorted (order may change in a translation, the set may not). */
export function placeholders(message) {
  return [...message.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();
}

/** What a translation lacks against its English source: missing/empty keys and placeholder mismatches. */
export function translationGaps(english, translated) {
  const missing = [];
  const mismatched = [];
  for (const [key, value] of Object.entries(english)) {
    const t = translated[key];
    const text = typeof t === 'object' && t !== null ? t.message : t;
    if (typeof text !== 'string' || text.trim() === '') missing.push(key);
    else if (placeholders(typeof value === 'string' ? value : value.message).join() !== placeholders(text).join()) mismatched.push(key);
  }
  return { missing, mismatched };
}

const stringify = (o) => `${JSON.stringify(o, null, 2)}\n`;

async function main(args) {
  const check = args.includes('--check');
  const bundleFile = path.join(ROOT, 'l10n', 'bundle.l10n.json');
  const english = await extractBundle();
  const current = await readJson(bundleFile);
  const stale = stringify(current) !== stringify(english);
  if (stale && !check) await writeFile(bundleFile, stringify(english));

  let problems = check && stale ? 1 : 0;
  if (check && stale) console.error('l10n/bundle.l10n.json is stale: run npm run l10n:export');
  const nls = await readJson(path.join(ROOT, 'package.nls.json'));
  for (const lang of LANGUAGES) {
    const bundlePath = path.join(ROOT, 'l10n', `bundle.l10n.${lang}.json`);
    const nlsPath = path.join(ROOT, `package.nls.${lang}.json`);
    const todoPath = path.join(ROOT, 'l10n', `todo.${lang}.json`);
    if (args.includes('--merge') && existsSync(todoPath)) {
      const todo = await readJson(todoPath);
      const bundle = await readJson(bundlePath);
      const nlsT = await readJson(nlsPath);
      for (const [k, v] of Object.entries(todo.bundle ?? {})) bundle[k] = v;
      for (const [k, v] of Object.entries(todo.nls ?? {})) nlsT[k] = v;
      await writeFile(bundlePath, stringify(sortedLike(english, bundle)));
      await writeFile(nlsPath, stringify(sortedLike(nls, nlsT)));
      await rm(todoPath);
      console.log(`merged ${todoPath}`);
    }
    const bundleGaps = translationGaps(english, await readJson(bundlePath));
    const nlsGaps = translationGaps(nls, await readJson(nlsPath));
    const missing = bundleGaps.missing.length + nlsGaps.missing.length;
    const mismatched = [...bundleGaps.mismatched, ...nlsGaps.mismatched];
    if (missing + mismatched.length > 0) problems++;
    console.log(`${lang}: ${missing} untranslated, ${mismatched.length} with other placeholders than English`);
    for (const k of mismatched) console.log(`  placeholders differ: ${JSON.stringify(k)}`);
    if (args.includes('--todo') && missing > 0) {
      const pick = (from, keys) => Object.fromEntries(keys.map((k) => [k, from[k]]));
      await writeFile(todoPath, stringify({ bundle: pick(english, bundleGaps.missing), nls: pick(nls, nlsGaps.missing) }));
      console.log(`  wrote ${path.relative(ROOT, todoPath)}: translate the values, then npm run l10n:export -- --merge`);
    }
  }
  console.log(`${Object.keys(english).length} strings${stale ? (check ? ' (bundle stale)' : ' (bundle rewritten)') : ''}`);
  if (check && problems > 0) process.exitCode = 1;
}

/** The translation's entries in the English file's order; keys English no longer has are dropped. */
function sortedLike(english, translated) {
  const out = {};
  for (const key of Object.keys(english)) if (key in translated) out[key] = translated[key];
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
