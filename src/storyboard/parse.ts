// A storyboard is any Markdown file; each shot is a fenced code block whose info string is
// `airforce`. Inside: `key: value` lines, `#` comments (whole lines, or after a value — never inside
// the prompt), and `prompt`/`input` continuing on indented lines. Other fenced blocks are skipped so
// a sample inside a ````markdown fence is not taken for a shot. Pure: text in, positions out.

/** One `key: value` line (with its continuation lines for prompt/input). */
export interface ShotField {
  key: string;
  /** The value as written, comment removed; continuation lines joined by a space. */
  value: string;
  line: number;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
  /** The last continuation line (= line when none). */
  lastLine: number;
}

export interface ParseProblem {
  line: number;
  start: number;
  end: number;
  message: string;
}

export interface ShotBlock {
  /** 0-based position among the document's shots. */
  index: number;
  fenceLine: number;
  /** The closing fence's line; the last line of the document when the block is not closed. */
  closeLine: number;
  closed: boolean;
  fields: ShotField[];
  /** Last one wins when a key repeats (the repeat is a problem). */
  byKey: ReadonlyMap<string, ShotField>;
  id?: string;
  problems: ParseProblem[];
}

export interface Storyboard {
  blocks: ShotBlock[];
  lines: readonly string[];
}

/** Keys whose value may go on over indented lines; `#` inside them is text, not a comment. */
export const TEXT_KEYS: ReadonlySet<string> = new Set(['prompt', 'input']);

const OPEN_FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/;
const KEY_LINE = /^([A-Za-z_][\w-]*)\s*:(.*)$/;

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

export { mayHoldShots } from './fence';

function isClosing(line: string, fence: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return m !== null && m[1]![0] === fence[0] && m[1]!.length >= fence.length;
}

/** The value without a trailing ` # comment` (a `#` after whitespace), and where it ends. */
function stripComment(raw: string): string {
  const m = /(^|\s)#/.exec(raw);
  return m ? raw.slice(0, m.index) : raw;
}

export function parseStoryboard(text: string): Storyboard {
  const lines = splitLines(text);
  const blocks: ShotBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = OPEN_FENCE.exec(lines[i]!);
    if (!open) {
      i++;
      continue;
    }
    const fence = open[2]!;
    let close = i + 1;
    while (close < lines.length && !isClosing(lines[close]!, fence)) close++;
    if (open[3] === 'airforce') blocks.push(parseBlock(lines, i, Math.min(close, lines.length - 1), close < lines.length, blocks.length));
    i = close + 1;
  }
  return { blocks, lines };
}

function parseBlock(lines: readonly string[], fenceLine: number, closeLine: number, closed: boolean, index: number): ShotBlock {
  const fields: ShotField[] = [];
  const byKey = new Map<string, ShotField>();
  const problems: ParseProblem[] = [];
  if (!closed) problems.push({ line: fenceLine, start: 0, end: lines[fenceLine]!.length, message: 'this airforce block has no closing fence' });
  const last = closed ? closeLine - 1 : closeLine;
  let current: ShotField | undefined;
  for (let l = fenceLine + 1; l <= last; l++) {
    const line = lines[l]!;
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const indent = line.length - line.trimStart().length;
    if (indent > 0 && current && TEXT_KEYS.has(current.key)) {
      // A continuation: the text is kept whole, `#` included.
      current.value = current.value === '' ? trimmed : `${current.value} ${trimmed}`;
      current.lastLine = l;
      continue;
    }
    if (trimmed.startsWith('#')) continue;
    const m = KEY_LINE.exec(trimmed);
    if (!m) {
      const message = indent > 0 && current ? `only prompt and input continue on indented lines (this follows ${current.key})` : 'expected "key: value"';
      problems.push({ line: l, start: indent, end: line.length, message });
      current = undefined;
      continue;
    }
    const key = m[1]!;
    const rawValue = m[2]!;
    const valueOffset = indent + trimmed.length - rawValue.length;
    const kept = TEXT_KEYS.has(key) ? rawValue : stripComment(rawValue);
    const lead = kept.length - kept.trimStart().length;
    const value = kept.trim();
    const field: ShotField = { key, value, line: l, keyStart: indent, valueStart: valueOffset + lead, valueEnd: valueOffset + lead + value.length, lastLine: l };
    if (byKey.has(key)) problems.push({ line: l, start: indent, end: indent + key.length, message: `${key} is given twice; the last one counts` });
    fields.push(field);
    byKey.set(key, field);
    current = field;
  }
  const id = byKey.get('id')?.value;
  return { index, fenceLine, closeLine, closed, fields, byKey, ...(id ? { id } : {}), problems };
}

/** The shot whose block holds `line` (fence lines included), if any. */
export function blockAt(board: Storyboard, line: number): ShotBlock | undefined {
  return board.blocks.find((b) => line >= b.fenceLine && line <= b.closeLine);
}

export function findShot(board: Storyboard, id: string): ShotBlock | undefined {
  return board.blocks.find((b) => b.id === id);
}
