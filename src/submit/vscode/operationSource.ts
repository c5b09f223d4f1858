// The workspace file an operation works on, measured before its price is asked: it must be a file
// inside an open workspace folder (nothing else is ever uploaded), its size and duration (read from
// its header, music-metadata) go into the request for the validator and the estimate, and its
// sha256 is taken once the cost is agreed, for the sidecar's link back to it.
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readMediaInfo } from '../../api/mediaDuration';
import type { JobRecord } from '../../jobs/types';

export type OperationSource = NonNullable<JobRecord['source']>;

/** The workspace folder holding `file` (by its real path), or undefined. */
async function workspaceRootOf(file: string): Promise<string | undefined> {
  const real = await fsp.realpath(file);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = await fsp.realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath);
    const rel = path.relative(root, real);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return root;
  }
  return undefined;
}

/**
 * Checks and measures `file`; rejects with a sentence the person can act on. The request gets
 * `source_bytes` and `source_duration_seconds` (never taken from a caller: measured here).
 */
export async function measureSource(file: unknown): Promise<OperationSource> {
  if (typeof file !== 'string' || file === '') throw new Error(vscode.l10n.t('Choose an audio or video file in the workspace.'));
  const stat = await fsp.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new Error(vscode.l10n.t('{0} is not a file that can be read.', path.basename(file)));
  const root = await workspaceRootOf(file);
  if (!root) throw new Error(vscode.l10n.t('{0} is outside the open workspace folders; only workspace files are uploaded.', path.basename(file)));
  const info = await readMediaInfo(file);
  return {
    path: file,
    relative: vscode.workspace.asRelativePath(file, false),
    bytes: stat.size,
    ...(info.durationSeconds !== undefined ? { durationSeconds: info.durationSeconds } : {}),
  };
}

/** The file's sha256, streamed (never read whole). */
export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The source of an earlier run, for "Run again": its path when the file there still has its hash
 * (or no hash was kept), else a file of the same size and hash in the same folder (renamed there).
 * undefined when it is gone.
 */
export async function locateSource(source: Pick<OperationSource, 'path' | 'sha256' | 'bytes'>): Promise<string | undefined> {
  const same = async (file: string): Promise<boolean> => {
    const stat = await fsp.stat(file).catch(() => undefined);
    if (!stat?.isFile() || (source.bytes !== undefined && stat.size !== source.bytes)) return false;
    return !source.sha256 || (await sha256Of(file).catch(() => '')) === source.sha256;
  };
  if (await same(source.path)) return source.path;
  if (!source.sha256) return undefined;
  const dir = path.dirname(source.path);
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(dir, name);
    if (file !== source.path && (await same(file))) return file;
  }
  return undefined;
}
