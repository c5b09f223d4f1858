// Where videos may be written: the output folder's real path, inside the workspace folder's real
// path. A symlinked output folder (or a symlinked parent) pointing elsewhere is refused, so neither
// a download nor the stale-part cleanup ever touches a folder outside the workspace.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export const OUTPUT_DIRECTORY_SETTING = 'airforce.outputDirectory';

export class OutputFolderError extends Error {
  readonly setting = OUTPUT_DIRECTORY_SETTING;
  constructor(message: string) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

/**
 * The real path of `folder` (absolute; it need not exist yet: the deepest existing ancestor is
 * resolved and the rest appended). Throws OutputFolderError, naming the setting, when it lies
 * outside the real path of `workspaceRoot` or passes through a broken link.
 */
export async function resolveOutputDir(workspaceRoot: string, folder: string): Promise<string> {
  if (!path.isAbsolute(folder)) {
    throw new OutputFolderError(`The "${OUTPUT_DIRECTORY_SETTING}" folder must resolve to an absolute path.`);
  }
  const root = await fsp.realpath(workspaceRoot);
  const real = await realPathOfDeepestAncestor(path.resolve(folder));
  const rel = path.relative(root, real);
  if (rel.startsWith(`..${path.sep}`) || rel === '..' || path.isAbsolute(rel)) {
    throw new OutputFolderError(
      `The output folder ${folder} leads to ${real}, outside the workspace folder. ` +
        `Point the "${OUTPUT_DIRECTORY_SETTING}" setting (or the link) at a folder inside the workspace.`,
    );
  }
  return real;
}

async function realPathOfDeepestAncestor(folder: string): Promise<string> {
  const missing: string[] = [];
  let current = folder;
  let recreated = 0;
  for (;;) {
    try {
      return path.join(await fsp.realpath(current), ...missing);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    // realpath says ENOENT for a link whose target is gone: that name exists and must not be created over.
    const st = await fsp.lstat(current).catch(() => undefined);
    // A real folder here was made between the two calls (another save creating the output folder at
    // the same moment): resolve it again rather than call it a broken link.
    if (st && !st.isSymbolicLink() && recreated++ < 3) continue;
    if (st) {
      throw new OutputFolderError(`The output folder ${folder} passes through a broken link (${current}); check the "${OUTPUT_DIRECTORY_SETTING}" setting.`);
    }
    const parent = path.dirname(current);
    if (parent === current) return path.join(current, ...missing);
    missing.unshift(path.basename(current));
    current = parent;
  }
}
