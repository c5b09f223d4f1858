// Part file names (`<final>.part-<hex>`) and the start-up cleaning of those a crash left behind.
// Kept free of other modules: the activation bundle runs the cleaning.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export const PART_MARKER = '.part-';
const PART_NAME = /\.part-[0-9a-f]{8,}$/;

export function isPartFileName(name: string): boolean {
  return PART_NAME.test(name);
}

/**
 * Removes part files left in `dir` by a crash or a killed window. Only those whose last write is at
 * least `olderThanMs` old, so a download running in another window survives. Returns the count.
 */
export async function cleanStaleParts(dir: string, olderThanMs = 0, now: () => number = Date.now): Promise<number> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return 0;
    throw e;
  }
  let removed = 0;
  for (const name of names) {
    if (!isPartFileName(name)) continue;
    const full = path.join(dir, name);
    try {
      const st = await fsp.lstat(full);
      if (!st.isFile() || now() - st.mtimeMs < olderThanMs) continue;
      await fsp.unlink(full);
      removed++;
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw e; // another window cleaned it first
    }
  }
  return removed;
}

export function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
