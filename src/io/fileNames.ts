// Names for saved videos and their sidecars. Pure: the same inputs always give the same name, and
// every name is safe on Windows, macOS and Linux (the workspace may be shared between them).
import * as path from 'node:path';

export const MAX_SLUG_LENGTH = 40;
export const MAX_FILE_NAME_LENGTH = 120;
const TASK_ID_CHARS = 8;
const FALLBACK_SLUG = 'video';

// Windows refuses these as a file's stem whatever the extension ("CON.mp4" is the console device).
const RESERVED_STEMS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// Forbidden on Windows, plus ASCII control characters (never useful in a name, risky in terminals).
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;

export interface VideoFileNameInput {
  prompt: string;
  taskId: string;
  date: Date;
}

/** `<yyyy-mm-dd>-<slug>-<first 8 of task id>.mp4`, using the local date. */
export function buildResultFileName({ prompt, taskId, date }: VideoFileNameInput): string {
  const parts = [localDate(date), slugify(prompt)];
  const id = asciiAlnum(taskId).slice(0, TASK_ID_CHARS);
  if (id) parts.push(id);
  return safeFileName(`${parts.join('-')}.mp4`);
}

/** ASCII slug: diacritics stripped, lower-case, runs of anything else become one '-'. */
export function slugify(text: string, maxLength = MAX_SLUG_LENGTH): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cutAtDash(slug, maxLength) || FALLBACK_SLUG;
}

/** `clip.mp4` → `clip.json`; a name without an extension just gains `.json`. */
export function sidecarNameFor(mp4Name: string): string {
  const base = path.basename(mp4Name);
  const ext = path.extname(base);
  return `${ext ? base.slice(0, -ext.length) : base}.json`;
}

/** `clip.mp4`, 2 → `clip-2.mp4`: the next candidate when a name is taken. */
export function withNumberSuffix(fileName: string, n: number): string {
  const ext = path.extname(fileName);
  const stem = ext ? fileName.slice(0, -ext.length) : fileName;
  return `${stem}-${n}${ext}`;
}

/**
 * Joins `name` to `dir` and refuses any result outside `dir` (`../`, absolute paths, drive
 * letters, NUL bytes). Returns the absolute path.
 */
export function resolveInside(dir: string, name: string): string {
  if (!name || name.includes('\0') || dir.includes('\0')) throw new UnsafePathError(name);
  const root = path.resolve(dir);
  const target = path.resolve(root, name);
  const rel = path.relative(root, target);
  if (!rel || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new UnsafePathError(name);
  }
  return target;
}

export class UnsafePathError extends Error {
  constructor(name: string) {
    super(`Refusing a file name that leaves the output folder: ${JSON.stringify(name.slice(0, 200))}`);
    this.name = 'UnsafePathError';
  }
}

/**
 * Makes any proposed file name portable: strips forbidden and control characters, trailing dots
 * and spaces (Windows drops them silently), reserved device stems, and caps the length while
 * keeping the extension.
 */
export function safeFileName(name: string, maxLength = MAX_FILE_NAME_LENGTH): string {
  const cleaned = name.replace(UNSAFE_CHARS, '-').replace(/[. ]+$/, '');
  let ext = path.extname(cleaned);
  if (ext.length > 16) ext = ''; // not a real extension: keep it part of the stem
  let stem = (ext ? cleaned.slice(0, -ext.length) : cleaned).replace(/[. ]+$/, '');
  if (!stem) stem = FALLBACK_SLUG;
  // Windows checks the part before the first dot ("nul.tar.gz" is still the device).
  const firstPart = stem.split('.')[0] ?? stem;
  if (RESERVED_STEMS.test(firstPart.trim())) stem = `_${stem}`;
  const room = Math.max(1, maxLength - ext.length);
  if (stem.length > room) stem = stem.slice(0, room).replace(/[. -]+$/, '') || FALLBACK_SLUG.slice(0, room);
  return `${stem}${ext}`;
}

function localDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'undated';
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function asciiAlnum(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// Cut to at most `max` chars, preferring the last '-' so words stay whole.
function cutAtDash(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const head = slug.slice(0, max);
  const wholeWord = slug[max] === '-';
  const dash = head.lastIndexOf('-');
  const cut = wholeWord ? head : dash > 0 ? head.slice(0, dash) : head;
  return cut.replace(/-+$/, '');
}
