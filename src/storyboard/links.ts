// The only text a generation writes into a storyboard: one link line directly under a shot's block
// (`![fox-wide](media/x.png)` for images, `[fox-wide.mp4](media/x.mp4)` for video and audio),
// replaced on the next generation, and an `id:` line for a shot that had none. Pure text edits,
// found again by the shot's id so an edit made meanwhile is never overwritten.
import * as path from 'path';
import type { ShotBlock, Storyboard } from './parse';
import { findShot } from './parse';
import type { ShotKind } from './shot';

export interface TextEdit {
  line: number;
  /** Replace the whole line `line` (false: insert a new line before `line`). */
  replace: boolean;
  text: string;
}

/** A Markdown link target: forward slashes, and what would end or break the link percent-encoded. */
export function linkTarget(relPath: string): string {
  return relPath
    .split(/[\\/]/)
    .map((seg) => seg.replace(/[%\s()<>[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`))
    .join('/');
}

/** `file` relative to the Markdown file's folder, as the link should read. */
export function relativeLink(markdownFile: string, file: string): string {
  return path.relative(path.dirname(markdownFile), file).split(path.sep).join('/');
}

/** The link line for a shot's saved files (several images: several links on the one line). */
export function linkLine(kind: ShotKind, id: string, relPaths: readonly string[]): string {
  return relPaths
    .map((p) => {
      const target = linkTarget(p);
      if (kind === 'image') return `![${id}](${target})`;
      const ext = path.extname(p);
      return `[${id}${ext}](${target})`;
    })
    .join(' ');
}

const LINK = /^\s*!?\[([^\]]*)\]\(([^)\s]*)\)/;

/** Whether `line` is a link line of shot `id` (label = the id, or the id + the file's extension). */
export function isLinkLineOf(line: string, id: string): boolean {
  const m = LINK.exec(line);
  if (!m) return false;
  const label = m[1]!;
  return label === id || (label.startsWith(`${id}.`) && !label.slice(id.length + 1).includes('.'));
}

/** The link targets of the line under a block, when that line is the shot's link line. */
export function linkedTargets(board: Storyboard, block: ShotBlock): string[] {
  if (!block.closed || block.id === undefined) return [];
  const line = board.lines[block.closeLine + 1];
  if (line === undefined || !isLinkLineOf(line, block.id)) return [];
  const out: string[] = [];
  for (const m of line.matchAll(/!?\[[^\]]*\]\(([^)\s]*)\)/g)) {
    try {
      out.push(decodeURI(m[1]!));
    } catch {
      out.push(m[1]!);
    }
  }
  return out;
}

/**
 * The edit that puts `text` under shot `id`: replaces its link line, or inserts one. Undefined when
 * the document no longer holds that shot (closed), so nothing else is touched.
 */
export function linkEdit(board: Storyboard, id: string, text: string): TextEdit | undefined {
  const block = findShot(board, id);
  if (!block || !block.closed) return undefined;
  const under = block.closeLine + 1;
  const current = board.lines[under];
  if (current !== undefined && isLinkLineOf(current, id)) return { line: under, replace: true, text };
  return { line: under, replace: false, text };
}

/** `shot-<n>` not yet used: n starts at the block's position (1-based). */
export function newShotId(board: Storyboard, block: ShotBlock, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set([...board.blocks.map((b) => b.id).filter((i): i is string => i !== undefined), ...taken]);
  let n = block.index + 1;
  while (used.has(`shot-${n}`)) n++;
  return `shot-${n}`;
}

/** The `id:` line written first in a block that has none. */
export function idEdit(block: ShotBlock, id: string): TextEdit {
  return { line: block.fenceLine + 1, replace: false, text: `id: ${id}` };
}

/** Applies edits to text (tests, and the bench); later lines first so earlier positions hold. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  for (const e of [...edits].sort((a, b) => b.line - a.line)) {
    if (e.replace) lines[e.line] = e.text;
    else lines.splice(e.line, 0, e.text);
  }
  return lines.join(eol);
}
