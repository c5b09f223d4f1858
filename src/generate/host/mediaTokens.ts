// The panel host's map from media tokens to workspace audio and video files, for the operation forms
// (Transcribe, Voice changer). The webview never names a path: a file the person picked or dropped is
// admitted only when it resolves (symlinks followed) inside a workspace folder, has one of the media
// extensions and fits the upload limit; it is measured (duration from its header) and gets a random
// token, kept here per panel. A token that comes back is checked again before the submit reads it
// (which measures it once more itself). No vscode import.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { readMediaInfo } from '../../api/mediaDuration';
import { isMediaSource, MAX_SOURCE_BYTES } from '../../api/rules/validationMedia';
import type { MediaItem } from '../protocol';
import { isMediaToken } from '../protocolConstants';
import { isInsideFolder } from './images';

/** Why a file was not admitted or cannot be used; the panel words it for the person. */
export type MediaRefusal = 'outside-workspace' | 'not-found' | 'not-a-file' | 'not-media' | 'too-large' | 'unknown-token';

export interface MediaFiles {
  realpath(p: string): Promise<string>;
  stat(p: string): Promise<{ size: number; isFile(): boolean }>;
  /** The duration in seconds read from the file's header; undefined when it cannot be told. */
  duration(p: string): Promise<number | undefined>;
}

const nodeFiles: MediaFiles = {
  realpath: (p) => fsp.realpath(p),
  stat: (p) => fsp.stat(p),
  duration: async (p) => (await readMediaInfo(p)).durationSeconds,
};

export interface MediaRegistryOptions {
  /** Absolute paths of the workspace folders on this machine (file: scheme only). */
  workspaceFolders: () => readonly string[];
  files?: MediaFiles;
  /** Tests may pin tokens; production uses crypto randomness. */
  newToken?: () => string;
  maxBytes?: number;
  /** Old tokens are forgotten beyond this many. */
  maxEntries?: number;
}

export type MediaAdmitted = { ok: true; item: MediaItem } | { ok: false; label: string; reason: MediaRefusal };
export type MediaUsable = { ok: true; path: string; label: string } | { ok: false; label?: string; reason: MediaRefusal };

export class MediaRegistry {
  /** Token → the path as the person knows it (what the record keeps as the source). */
  private readonly byToken = new Map<string, { path: string; label: string }>();
  private readonly files: MediaFiles;
  private readonly newToken: () => string;

  constructor(private readonly options: MediaRegistryOptions) {
    this.files = options.files ?? nodeFiles;
    this.newToken = options.newToken ?? (() => `med:${randomBytes(18).toString('base64url')}`);
  }

  tokens(): string[] {
    return [...this.byToken.keys()];
  }

  /** Checks a local file (absolute, or relative to a workspace folder), measures it and issues its token. */
  async admit(source: string): Promise<MediaAdmitted> {
    const label = path.basename(source) || source.slice(0, 80);
    if (!isMediaSource(source)) return { ok: false, label, reason: 'not-media' };
    const located = await this.locate(source);
    if (!located.ok) return { ok: false, label, reason: located.reason };
    let bytes: number;
    try {
      const info = await this.files.stat(located.realPath);
      if (!info.isFile()) return { ok: false, label, reason: 'not-a-file' };
      bytes = info.size;
    } catch {
      return { ok: false, label, reason: 'not-found' };
    }
    if (bytes > (this.options.maxBytes ?? MAX_SOURCE_BYTES)) return { ok: false, label, reason: 'too-large' };
    // An unreadable header is no refusal: the price is then unknown, and the cost question says so.
    const seconds = await this.files.duration(located.realPath).catch(() => undefined);
    const token = this.remember({ path: located.fsPath, label });
    return { ok: true, item: { token, label, bytes, ...(seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? { durationSeconds: seconds } : {}) } };
  }

  /** The file behind a token, checked again (still inside the workspace, still a file) just before the submit. */
  async use(token: string): Promise<MediaUsable> {
    const entry = isMediaToken(token) ? this.byToken.get(token) : undefined;
    if (!entry) return { ok: false, reason: 'unknown-token' };
    const located = await this.locate(entry.path);
    if (!located.ok) return { ok: false, label: entry.label, reason: located.reason };
    return { ok: true, path: entry.path, label: entry.label };
  }

  private remember(entry: { path: string; label: string }): string {
    for (const [token, known] of this.byToken) if (known.path === entry.path) return token;
    const token = this.newToken();
    this.byToken.set(token, entry);
    while (this.byToken.size > (this.options.maxEntries ?? 64)) this.byToken.delete(this.byToken.keys().next().value as string);
    return token;
  }

  /** A path outside every workspace folder is refused before the file system is asked; its real path must stay inside too. */
  private async locate(source: string): Promise<{ ok: true; fsPath: string; realPath: string } | { ok: false; reason: MediaRefusal }> {
    const folders = this.options.workspaceFolders();
    const candidates = path.isAbsolute(source) ? [path.normalize(source)] : folders.map((f) => path.join(f, source));
    const inside = candidates.filter((c) => folders.some((f) => isInsideFolder(c, path.resolve(f))));
    if (inside.length === 0) return { ok: false, reason: 'outside-workspace' };
    let reason: MediaRefusal = 'not-found';
    for (const fsPath of inside) {
      const realPath = await this.files.realpath(fsPath).catch(() => undefined);
      if (realPath === undefined) continue;
      for (const folder of folders) {
        const realFolder = await this.files.realpath(folder).catch(() => path.resolve(folder));
        if (isInsideFolder(realPath, realFolder)) return { ok: true, fsPath, realPath };
      }
      reason = 'outside-workspace';
    }
    return { ok: false, reason };
  }
}
