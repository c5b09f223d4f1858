// The subtitles a saved video plays with: the WebVTT file `<stem>.vtt` beside `<stem>.mp4` (what
// Transcribe writes), only there. No vscode import: stat and the read of the file's first bytes are
// handed in, so the rules are unit-tested; the host passes vscode.workspace.fs and the path is always
// the record's own (never one the webview named).
import * as path from 'path';
import { SUBTITLE_LANG_PATTERN } from '../protocolConstants';

/** Enough for the `WEBVTT` line and its header block (`Language:` and the like come before any cue). */
export const VTT_HEAD_BYTES = 1024;

export interface SubtitleIo {
  /** Undefined (or a rejection) when the file is not there. */
  stat(file: string): Promise<{ isFile: boolean; mtime: number } | undefined>;
  /** Up to `bytes` bytes from the start of the file, as UTF-8 text. */
  readHead(file: string, bytes: number): Promise<string>;
}

export interface FoundSubtitles {
  file: string;
  /** For the cache-busting query: a re-transcribed file loads anew. */
  mtime: number;
  /** The language its header names (`Language: en`), when it names a valid one. */
  lang?: string;
}

/** `<dir>/<stem>.vtt` for `<dir>/<stem>.<ext>`. */
export function subtitlesPathFor(videoPath: string): string {
  const { dir, name } = path.parse(videoPath);
  return path.join(dir, `${name}.vtt`);
}

/** The video's subtitles, if a WebVTT file lies beside it; a missing, unreadable or non-WebVTT file is no track. */
export async function findSubtitles(videoPath: string, io: SubtitleIo): Promise<FoundSubtitles | undefined> {
  if (path.extname(videoPath).toLowerCase() === '.vtt') return undefined;
  const file = subtitlesPathFor(videoPath);
  const stat = await io.stat(file).catch(() => undefined);
  if (!stat?.isFile) return undefined;
  const head = await io.readHead(file, VTT_HEAD_BYTES).catch(() => undefined);
  const header = head === undefined ? undefined : vttHeader(head);
  if (!header) return undefined;
  return { file, mtime: stat.mtime, ...(header.lang ? { lang: header.lang } : {}) };
}

/**
 * The header of a WebVTT file, or undefined if the text is not one (a browser would refuse it too):
 * the signature `WEBVTT` (after an optional BOM), then header lines up to the first blank line.
 * `Language:` is not in the WebVTT standard but common (YouTube and others write it).
 */
export function vttHeader(head: string): { lang?: string } | undefined {
  const text = head.replace(/^\uFEFF/, '');
  if (!/^WEBVTT(?:[ \t]|\r|\n|$)/.test(text)) return undefined;
  for (const line of text.split(/\r\n|\r|\n/).slice(1)) {
    if (line.trim() === '' || line.includes('-->')) break;
    const lang = /^Language:[ \t]*(\S+)[ \t]*$/i.exec(line)?.[1];
    if (lang !== undefined) return SUBTITLE_LANG_PATTERN.test(lang) ? { lang } : {};
  }
  return {};
}
