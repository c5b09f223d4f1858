// Transcript segments → SubRip (.srt) and WebVTT (.vtt) text. Pure and browser-safe. Segments are
// sorted by start; an empty one is left out; a cue never ends before it starts.
import type { TranscriptSegment } from './schemas/mediaSchemas';

type Cue = Pick<TranscriptSegment, 'start' | 'end' | 'text'> & { speaker?: string | null };

function clock(seconds: number, separator: ',' | '.'): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

function cues(segments: readonly Cue[]): { start: number; end: number; lines: string }[] {
  return [...segments]
    .filter((s) => s.text.trim() !== '' && Number.isFinite(s.start) && Number.isFinite(s.end))
    .sort((a, b) => a.start - b.start)
    .map((s) => {
      // A blank line would end the cue early in both formats.
      const text = s.text
        .trim()
        .replace(/\r\n?/g, '\n')
        .replace(/\n\s*\n+/g, '\n');
      return { start: s.start, end: Math.max(s.start, s.end), lines: s.speaker ? `${s.speaker}: ${text}` : text };
    });
}

export function toSrt(segments: readonly Cue[]): string {
  return cues(segments)
    .map((c, i) => `${i + 1}\n${clock(c.start, ',')} --> ${clock(c.end, ',')}\n${c.lines}\n`)
    .join('\n');
}

export function toVtt(segments: readonly Cue[]): string {
  // "-->" inside a cue's text would be read as timing.
  const body = cues(segments).map((c) => `${clock(c.start, '.')} --> ${clock(c.end, '.')}\n${c.lines.replace(/-->/g, '->')}\n`);
  return ['WEBVTT\n', ...body].join('\n');
}
