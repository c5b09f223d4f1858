// The bytes every completed task serves: the committed fixture MP4, or a deterministic generated
// file of a given size (the benchmark uses hundreds of MiB). Served by slicing, never copied.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Finds test/fixtures/<name> by walking up from this file (works from src and from out/). */
export function fixturePath(name: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'test', 'fixtures', name);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Fixture test/fixtures/${name} not found above ${__dirname}`);
    dir = parent;
  }
}

export function loadFixtureMp4(): Buffer {
  return readFileSync(fixturePath('sample.mp4'));
}

const BLOCK = 1 << 20;

/**
 * `size` deterministic bytes: a 1 MiB pseudo-random block repeated, each copy stamped with its
 * index so a misplaced chunk changes the checksum. Starts with an MP4 `ftyp` box for file sniffers.
 */
export function generateResultBytes(size: number): Buffer {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error('resultSizeBytes must be a non-negative integer');
  const block = Buffer.allocUnsafe(BLOCK);
  let x = 0x9e3779b9;
  for (let i = 0; i < BLOCK; i += 4) {
    // xorshift32: fast and reproducible.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block.writeUInt32LE(x >>> 0, i);
  }
  const out = Buffer.allocUnsafe(size);
  for (let off = 0, n = 0; off < size; off += BLOCK, n++) {
    block.writeUInt32LE(n, 0);
    block.copy(out, off, 0, Math.min(BLOCK, size - off));
  }
  const ftyp = Buffer.from('000000186674797069736f6d0000000069736f6d61766331', 'hex');
  ftyp.copy(out, 0, 0, Math.min(ftyp.length, size));
  return out;
}
