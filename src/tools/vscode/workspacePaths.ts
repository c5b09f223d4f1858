// The files a tool's input names: workspace-relative paths (or a multi-root workspace's
// `<folder name>/<path>`), resolved to a file inside an open workspace folder by its real path, so a
// `..` or a symbolic link cannot make a tool read (and upload) anything outside the workspace.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const inside = (root: string, file: string): boolean => {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

/** The workspace folders' real paths. */
async function roots(): Promise<string[]> {
  return Promise.all((vscode.workspace.workspaceFolders ?? []).map((f) => fsp.realpath(f.uri.fsPath).catch(() => f.uri.fsPath)));
}

/** Where `given` may point: itself when absolute, else under each folder (and `<name>/…` under that folder). */
function candidates(given: string): string[] {
  if (path.isAbsolute(given)) return [given];
  const folders = vscode.workspace.workspaceFolders ?? [];
  const out = folders.map((f) => path.join(f.uri.fsPath, given));
  const [first, ...rest] = given.split(/[\\/]/);
  const named = folders.find((f) => f.name === first);
  if (named && rest.length > 0) out.push(path.join(named.uri.fsPath, ...rest));
  return out;
}

/** The absolute path of the workspace file `given` names; rejects with a sentence an agent can act on. */
export async function resolveWorkspaceFile(given: string): Promise<string> {
  if ((vscode.workspace.workspaceFolders ?? []).length === 0)
    throw new Error(vscode.l10n.t('No workspace folder is open: the tools read and save files only inside the workspace.'));
  const folders = await roots();
  let outside = false;
  for (const candidate of candidates(given)) {
    const real = await fsp.realpath(candidate).catch(() => undefined);
    if (!real) continue;
    if (!folders.some((root) => inside(root, real))) {
      outside = true;
      continue;
    }
    if ((await fsp.stat(real)).isFile()) return candidate;
  }
  throw new Error(
    outside
      ? vscode.l10n.t('{0} is outside the open workspace folders; only workspace files are read.', given)
      : vscode.l10n.t('{0} is not a file in the workspace (give its path relative to the workspace folder).', given),
  );
}

/** How the result texts name a file: relative to the workspace (with its folder's name in a multi-root one). */
export function workspaceRelative(file: string): string {
  return vscode.workspace.asRelativePath(file, (vscode.workspace.workspaceFolders ?? []).length > 1);
}
