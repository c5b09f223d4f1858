// Part files (`<final>.part-<hex>`) and the step that turns one into the final file without ever
// replacing an existing file, even when two downloads race for the same name.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { withNumberSuffix } from './fileNames';
import { sidecarHolder } from './sidecar';

export const PART_MARKER = '.part-';
const PART_NAME = /\.part-[0-9a-f]{8,}$/;
const MAX_SUFFIX = 9999;

// Hard links are refused on some volumes (FAT/exFAT, some network shares): then reserve the name
// with an exclusive create and rename over that placeholder.
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EACCES']);

export function isPartFileName(name: string): boolean {
  return PART_NAME.test(name);
}

/**
 * Gives `partPath` the name `desired`, or `-2`, `-3`… when taken. `link` fails with EEXIST instead
 * of replacing, so no existing file is ever overwritten. A base name is taken for the file and its
 * sidecar together: `x.jpg` is not used while `x.json` describes another file (say `x.png`), so a
 * later sidecar never replaces an earlier one. Returns the path used.
 */
export async function claimFinalName(partPath: string, desired: string, log: Logger = silentLogger): Promise<string> {
  let useLink = true;
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const candidate = n === 1 ? desired : withNumberSuffix(desired, n);
    if (await sidecarHolder(candidate)) continue;
    if (useLink) {
      try {
        await fsp.link(partPath, candidate);
        await fsp.unlink(partPath).catch((e: unknown) => log.warn(`download: could not remove ${path.basename(partPath)}: ${String(e)}`));
        return candidate;
      } catch (e) {
        const code = errnoCode(e);
        if (code === 'EEXIST') continue;
        if (!code || !LINK_UNSUPPORTED.has(code)) throw e;
        log.debug(`download: hard links unavailable (${code}); reserving the name instead`);
        useLink = false;
      }
    }
    try {
      await (await fsp.open(candidate, 'wx')).close();
    } catch (e) {
      if (errnoCode(e) === 'EEXIST') continue;
      throw e;
    }
    try {
      await fsp.rename(partPath, candidate);
    } catch (e) {
      await removeQuietly(candidate); // our empty placeholder
      throw e;
    }
    return candidate;
  }
  throw new Error(`No free file name for ${path.basename(desired)}.`);
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

export async function removeQuietly(file: string): Promise<void> {
  await fsp.unlink(file).catch(() => undefined);
}

function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
