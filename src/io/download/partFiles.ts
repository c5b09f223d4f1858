// Part files (`<final>.part-<hex>`) and the step that turns one into the final file without ever
// replacing an existing file, even when two downloads race for the same name.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../util/logger';
import { silentLogger } from '../../util/logger';
import { withNumberSuffix } from '../fileNames';
import { sidecarHolder } from '../sidecar';

// Start-up cleaning lives apart so the activation bundle can use it without the sidecar code.
import { errnoCode } from './staleParts';
export { cleanStaleParts, isPartFileName, PART_MARKER } from './staleParts';

const MAX_SUFFIX = 9999;

// Hard links are refused on some volumes (FAT/exFAT, some network shares): then reserve the name
// with an exclusive create and rename over that placeholder.
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EACCES']);

/**
 * Gives `partPath` the name `desired`, or `-2`, `-3`… when taken. `link` fails with EEXIST instead
 * of replacing, so no existing file is ever overwritten. A base name is taken for the file and its
 * sidecar together: `x.jpg` is not used while `x.json` describes another file (say `x.png`), so a
 * later sidecar never replaces an earlier one. Returns the path used. `ownSidecar: false`: the file
 * gets no sidecar (a transcript's subtitles), so `x.srt` may sit beside the `x.json` of `x.mp4`.
 */
export async function claimFinalName(partPath: string, desired: string, log: Logger = silentLogger, ownSidecar = true): Promise<string> {
  let useLink = true;
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const candidate = n === 1 ? desired : withNumberSuffix(desired, n);
    if (ownSidecar && (await sidecarHolder(candidate))) continue;
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

export async function removeQuietly(file: string): Promise<void> {
  await fsp.unlink(file).catch(() => undefined);
}
