// The source tree's import graph as the layering tests read it: every relative module a file names
// (value imports, `import type`, `import('…')` types and require()), resolved to a .ts file.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

const exists = (p: string): boolean => {
  try {
    return readdirSync(path.dirname(p)).includes(path.basename(p));
  } catch {
    return false;
  }
};

/** Every module a source file names, as absolute .ts paths (packages and missing files left out). */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1] as string);
  const out: string[] = [];
  for (const spec of specs) {
    const base = path.resolve(path.dirname(file), spec);
    const found = [`${base}.ts`, path.join(base, 'index.ts')].find(exists);
    if (found) out.push(found);
  }
  return out;
}

/** Every .ts file below `dir`. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}
