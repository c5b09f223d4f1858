// The import graph around src/lazy.ts: no chain of imports leads back to it, so the activation
// bundle stays apart from the lazily loaded one.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { importsOf, repoRoot as root } from './importGraph';

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
