// Shared by the l10n tests: the repository root (the tests run from out*/test/unit) and the export
// script's functions (scripts/l10n-export.mjs, an ES module loaded with import()).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'airforce-media') return dir;
  }
  throw new Error('no airforce-media package.json above the test');
}

export type Messages = Record<string, string | { message: string }>;

export interface ExportScript {
  LANGUAGES: string[];
  extractBundle(root?: string): Promise<Record<string, string>>;
  placeholders(message: string): string[];
  translationGaps(english: Messages, translated: Messages): { missing: string[]; mismatched: string[] };
  forAnalysis(source: string): string;
}

export async function exportScript(): Promise<ExportScript> {
  return (await import(pathToFileURL(path.join(repoRoot(), 'scripts', 'l10n-export.mjs')).href)) as ExportScript;
}

export function readJson(...parts: string[]): Messages {
  return JSON.parse(readFileSync(path.join(repoRoot(), ...parts), 'utf8')) as Messages;
}

/** A stand-in for vscode.l10n that reads a bundle the way VS Code does (key = message). */
export function bundleL10n(bundle: Messages) {
  return {
    t(message: string, ...args: Array<string | number | boolean>): string {
      const entry = bundle[message];
      const text = typeof entry === 'string' ? entry : (entry?.message ?? message);
      return text.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
    },
  };
}
