// A local media file's duration from its header, for per-minute estimates: music-metadata (ESM-only,
// so loaded with a dynamic import, which esbuild inlines in the CommonJS bundle and Node resolves
// at run time for the unbundled tests). Reads the header, not the whole file; an MP3 without a
// length header is measured from its frames, streamed. undefined when nothing can be told.

export interface MediaInfo {
  durationSeconds?: number;
  /** The container as music-metadata names it ("MPEG", "WAVE", "MPEG-4/isom", …). */
  container?: string;
  hasAudio: boolean;
}

type MusicMetadata = typeof import('music-metadata', { with: { 'resolution-mode': 'import' } });
let loaded: Promise<MusicMetadata> | undefined;

export async function readMediaInfo(file: string): Promise<MediaInfo> {
  const mm = await (loaded ??= import('music-metadata'));
  let meta: Awaited<ReturnType<MusicMetadata['parseFile']>>;
  try {
    meta = await mm.parseFile(file, { duration: true, skipCovers: true, skipPostHeaders: true });
  } catch {
    return { hasAudio: false };
  }
  const d = meta.format.duration;
  return {
    ...(d !== undefined && Number.isFinite(d) && d >= 0 ? { durationSeconds: d } : {}),
    ...(meta.format.container ? { container: meta.format.container } : {}),
    hasAudio: meta.format.numberOfChannels !== undefined || meta.format.codec !== undefined || d !== undefined,
  };
}

export async function mediaDurationSeconds(file: string): Promise<number | undefined> {
  return (await readMediaInfo(file)).durationSeconds;
}
