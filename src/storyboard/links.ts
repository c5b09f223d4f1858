// The only text a generation writes into a storyboard: one link line directly under a shot's block
// (`![fox-wide](media/x.png) <!-- airforce -->` for images, `[fox-wide.mp4](media/x.mp4) <!-- airforce -->`
// for video and audio), replaced on the next generation, and an `id:` line for a shot that had none.
// Only a line carrying the marker (an HTML comment: invisible in the preview) is ever replaced, so
// the person's own links under a shot are left alone. Pure text edits, found again by the shot's id
// so an edit made meanwhile is never overwritten.
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

/** Ends every link line the extension writes: how it tells its own line from the person's. */
export const LINK_MARKER = '<!-- airforce -->';

/** An id as link text: Markdown's own characters backslash-escaped, so `a]b` cannot end the text early. */
export function linkText(id: string): string {
  return id.replace(/[\\`*_[\]<>!]/g, (c) => `\\${c}`);
}

/** The link line for a shot's saved files (several images: several links on the one line), with the marker. */
export function linkLine(kind: ShotKind, id: string, relPaths: readonly string[]): string {
  const links = relPaths.map((p) => {
    const target = linkTarget(p);
    const text = linkText(id);
    if (kind === 'image') return `![${text}](${target})`;
    return `[${text}${path.extname(p)}](${target})`;
  });
  return `${links.join(' ')} ${LINK_MARKER}`;
}

/** One link: `[text](target)` or `![text](target)`, the text possibly holding escapes. */
const ONE_LINK = /!?\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)/g;
const ONLY_LINKS = /^\s*(?:!?\[(?:\\.|[^\]\\])*\]\([^)\s]*\)\s*)+$/;
/** What versions before the marker wrote for video and audio: the id plus the file's own extension. */
const LEGACY_MEDIA_EXT = new Set(['.mp4', '.mp3', '.wav']);

/**
 * Whether `line` is the link line the extension wrote for shot `id`: it carries the marker, or (written
 * before the marker existed) it holds nothing but links labelled with the bare id (images) or the id
 * plus a video/audio extension that its target ends in too.
 */
export function isLinkLineOf(line: string, id: string): boolean {
  const trimmed = line.trimEnd();
  if (trimmed.endsWith(LINK_MARKER)) return ONLY_LINKS.test(trimmed.slice(0, -LINK_MARKER.length));
  if (!ONLY_LINKS.test(trimmed)) return false;
  for (const m of trimmed.matchAll(ONE_LINK)) {
    const image = m[0].startsWith('!');
    const label = m[1]!;
    const ext = path.extname(m[2]!).toLowerCase();
    const ok = image ? label === id : label === `${id}${ext}` && LEGACY_MEDIA_EXT.has(ext);
    if (!ok) return false;
  }
  return true;
}

/** The link targets of the line under a block, when that line is the shot's link line. */
export function linkedTargets(board: Storyboard, block: ShotBlock): string[] {
  if (!block.closed || block.id === undefined) return [];
  const line = board.lines[block.closeLine + 1];
  if (line === undefined || !isLinkLineOf(line, block.id)) return [];
  const out: string[] = [];
  for (const m of line.matchAll(ONE_LINK)) {
    try {
      out.push(decodeURI(m[2]!));
    } catch {
      out.push(m[2]!);
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
