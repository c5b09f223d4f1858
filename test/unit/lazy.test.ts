// The import graph around src/lazy.ts: no chain of imports leads back to it, so the activation
// bundle stays apart from the lazily loaded one.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..');

/** Every module a source file names: value imports, `import type`, `import('…')` types and require(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1] as string);
  const out: string[] = [];
  for (const spec of specs) {
    const base = path.resolve(path.dirname(file), spec);
    const found = [`${base}.ts`, path.join(base, 'index.ts')].find((p) => {
      try {
        return readdirSync(path.dirname(p)).includes(path.basename(p));
      } catch {
        return false;
      }
    });
    if (found) out.push(found);
  }
  return out;
}

describe('lazy loading without an import cycle', () => {
  it('no chain of imports (type imports included) leads from src/lazy.ts back to it', () => {
    const lazy = path.join(root, 'src', 'lazy.ts');
    const seen = new Set<string>();
    const cycles: string[] = [];
    const walk = (file: string, trail: string[]): void => {
      for (const next of importsOf(file)) {
        if (next === lazy) cycles.push([...trail, next].map((f) => path.relative(root, f)).join(' → '));
        else if (!seen.has(next)) {
          seen.add(next);
          walk(next, [...trail, next]);
        }
      }
    };
    walk(lazy, [lazy]);
    assert.deepEqual(cycles, []);
    // The walk really covers the features and the container (else it would prove nothing).
    for (const f of ['src/features.ts', 'src/commands/generate.ts', 'src/container.ts', 'src/coreLoader.ts', 'src/core.ts']) {
      assert.ok(seen.has(path.join(root, f)), `${f} is reached from lazy.ts`);
    }
  });
});
