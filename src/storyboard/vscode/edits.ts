// Writes into a storyboard document as undoable WorkspaceEdits (open or not, saved or not): the link
// line under a shot and the `id:` lines of shots that had none. Each edit is computed from the
// document's text at the moment it is applied, one at a time per document, and finds its shot by id.
import * as path from 'path';
import * as vscode from 'vscode';
import { idEdit, linkEdit, linkLine, newShotId, relativeLink, type TextEdit } from '../links';
import { parseStoryboard, type ShotBlock, type Storyboard } from '../parse';
import type { ShotKind } from '../shot';

const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after the document's earlier edits (their line numbers would otherwise be stale). */
function serial<T>(uri: vscode.Uri, fn: () => Promise<T>): Promise<T> {
  const key = uri.toString();
  const next = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => queues.get(key) === settled && queues.delete(key));
  return next;
}

function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  for (const e of edits) {
    if (e.replace) we.replace(doc.uri, doc.lineAt(e.line).range, e.text);
    else if (e.line < doc.lineCount) we.insert(doc.uri, new vscode.Position(e.line, 0), e.text + eol);
    else we.insert(doc.uri, doc.lineAt(doc.lineCount - 1).range.end, eol + e.text);
  }
  return we;
}

/** The folder links are relative to: the Markdown file's own, or the workspace's for an untitled one. */
function linkBase(doc: vscode.TextDocument): string {
  if (doc.uri.scheme === 'file') return doc.uri.fsPath;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  return path.join(root, 'untitled.md');
}

/**
 * Puts (or replaces) the link line under shot `id`. False when the document no longer holds the
 * shot (renamed, deleted): nothing is written then.
 */
export function writeLink(uri: vscode.Uri, id: string, kind: ShotKind, files: readonly string[]): Promise<boolean> {
  return serial(uri, async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const board = parseStoryboard(doc.getText());
    const base = linkBase(doc);
    const edit = linkEdit(
      board,
      id,
      linkLine(
        kind,
        id,
        files.map((f) => relativeLink(base, f)),
      ),
    );
    if (!edit) return false;
    if (edit.replace && doc.lineAt(edit.line).text === edit.text) return true;
    return vscode.workspace.applyEdit(toWorkspaceEdit(doc, [edit]));
  });
}

/**
 * Gives every listed block without an id one (`id: shot-<n>`, unique in the document), in one edit.
 * Resolves to the document's storyboard afterwards and the ids by block index.
 */
export function ensureIds(uri: vscode.Uri, wanted: (board: Storyboard) => readonly ShotBlock[]): Promise<{ board: Storyboard; ids: Map<number, string> }> {
  return serial(uri, async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    let board = parseStoryboard(doc.getText());
    const ids = new Map<number, string>();
    const edits: TextEdit[] = [];
    const taken = new Set<string>();
    for (const block of wanted(board)) {
      if (block.id !== undefined) {
        ids.set(block.index, block.id);
        continue;
      }
      const id = newShotId(board, block, taken);
      taken.add(id);
      ids.set(block.index, id);
      edits.push(idEdit(block, id));
    }
    if (edits.length > 0) {
      if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(doc, edits)))) throw new Error(vscode.l10n.t('Could not write the shot ids into {0}.', doc.uri.fsPath));
      board = parseStoryboard(doc.getText());
    }
    return { board, ids };
  });
}
