// The panel host's map from image tokens to files. The webview never names a path: for each file the
// person picked, dropped or that lies in the workspace, the host checks it (inside a workspace folder
// unless the person picked it; an image by its bytes) and hands out a random token, kept here per
// panel. What comes back is resolved and checked again before its bytes are read. No vscode import.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { MAX_IMAGE_BYTES, sniffImageType } from '../../api/images';
import { MAX_THUMB_SOURCE_BYTES, isInsideFolder, thumbDataUrl } from './images';
import { isImageToken } from '../protocolConstants';

/** Why a file was not admitted or cannot be used; the panel words it for the person. */
export type ImageRefusal = 'outside-workspace' | 'not-found' | 'not-a-file' | 'not-an-image' | 'too-large' | 'unknown-token';

export interface ImageFiles {
  realpath(p: string): Promise<string>;
  stat(p: string): Promise<{ size: number; isFile(): boolean }>;
  readFile(p: string): Promise<Uint8Array>;
  /** The first `n` bytes (enough to sniff a type without reading a big file). */
  readHead(p: string, n: number): Promise<Uint8Array>;
}

const nodeFiles: ImageFiles = {
  realpath: (p) => fsp.realpath(p),
  stat: (p) => fsp.stat(p),
  readFile: (p) => fsp.readFile(p),
  async readHead(p, n) {
    const handle = await fsp.open(p, 'r');
    try {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await handle.read(buf, 0, n, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
};

export interface ImageRegistryOptions {
  /** Absolute paths of the workspace folders on this machine (file: scheme only). */
  workspaceFolders: () => readonly string[];
  files?: ImageFiles;
  /** Tests may pin tokens; production uses crypto randomness. */
  newToken?: () => string;
  /** Old tokens are forgotten beyond this many. */
  maxEntries?: number;
}

interface Entry {
  /** The path as the person knows it (what a record keeps as its source). */
  path: string;
  label: string;
  /** The person chose this file in a dialog or VS Code's UI: it may lie outside the workspace. */
  picked: boolean;
}

export type Admitted = { ok: true; token: string; label: string; thumb?: string } | { ok: false; label: string; reason: ImageRefusal };
export type Usable = { ok: true; path: string; realPath: string; label: string } | { ok: false; label?: string; reason: ImageRefusal };

export class ImageRegistry {
  private readonly byToken = new Map<string, Entry>();
  /** Real path → token, so the same file keeps one token (the app dedupes by it). */
  private readonly byRealPath = new Map<string, string>();
  private readonly files: ImageFiles;
  private readonly newToken: () => string;
  private readonly maxEntries: number;

  constructor(private readonly options: ImageRegistryOptions) {
    this.files = options.files ?? nodeFiles;
    this.newToken = options.newToken ?? (() => `img:${randomBytes(18).toString('base64url')}`);
    this.maxEntries = options.maxEntries ?? 256;
  }

  tokens(): string[] {
    return [...this.byToken.keys()];
  }

  /** True when the person picked this file earlier in this panel (a drop of it needs no workspace). */
  wasPicked(fsPath: string): boolean {
    for (const e of this.byToken.values()) if (e.picked && e.path === fsPath) return true;
    return false;
  }

  /**
   * Checks a local file and issues its token with a thumbnail. `picked`: the person chose it, so it may
   * lie outside the workspace; otherwise it must resolve (symlinks followed) inside a workspace folder.
   * A relative path is taken relative to the workspace folders.
   */
  async admit(source: string, picked: boolean): Promise<Admitted> {
    const label = path.basename(source) || source.slice(0, 80);
    const located = await this.locate(source, picked);
    if (!located.ok) return { ok: false, label, reason: located.reason };
    const { fsPath, realPath } = located;
    let size: number;
    try {
      const info = await this.files.stat(realPath);
      if (!info.isFile()) return { ok: false, label, reason: 'not-a-file' };
      size = info.size;
    } catch {
      return { ok: false, label, reason: 'not-found' };
    }
    if (size > MAX_IMAGE_BYTES) return { ok: false, label, reason: 'too-large' };
    let thumb: string | undefined;
    try {
      if (size <= MAX_THUMB_SOURCE_BYTES) {
        const bytes = await this.files.readFile(realPath);
        thumb = thumbDataUrl(bytes);
        if (!thumb && !sniffImageType(bytes)) return { ok: false, label, reason: 'not-an-image' };
      } else if (!sniffImageType(await this.files.readHead(realPath, 16))) {
        return { ok: false, label, reason: 'not-an-image' };
      }
    } catch {
      return { ok: false, label, reason: 'not-found' };
    }
    const token = this.remember(realPath, { path: fsPath, label, picked });
    return { ok: true, token, label, ...(thumb ? { thumb } : {}) };
  }

  /** The file behind a token, checked again (workspace, unless picked) just before its bytes are read. */
  async use(token: string): Promise<Usable> {
    const entry = isImageToken(token) ? this.byToken.get(token) : undefined;
    if (!entry) return { ok: false, reason: 'unknown-token' };
    const located = await this.locate(entry.path, entry.picked);
    if (!located.ok) return { ok: false, label: entry.label, reason: located.reason };
    return { ok: true, path: entry.path, realPath: located.realPath, label: entry.label };
  }

  private remember(realPath: string, entry: Entry): string {
    const known = this.byRealPath.get(realPath);
    const existing = known ? this.byToken.get(known) : undefined;
    if (known && existing) {
      // Picked once stays picked; a later drop of the same file keeps the token.
      this.byToken.set(known, { ...entry, picked: entry.picked || existing.picked });
      return known;
    }
    const token = this.newToken();
    this.byToken.set(token, entry);
    this.byRealPath.set(realPath, token);
    while (this.byToken.size > this.maxEntries) {
      const oldest = this.byToken.keys().next().value as string;
      this.byToken.delete(oldest);
      for (const [p, t] of this.byRealPath) if (t === oldest) this.byRealPath.delete(p);
    }
    return token;
  }

  /**
   * Resolves a source to its real path. Unless picked, a path outside every workspace folder is refused
   * before the file system is asked anything, and the real path (symlinks followed) must stay inside.
   */
  private async locate(source: string, picked: boolean): Promise<{ ok: true; fsPath: string; realPath: string } | { ok: false; reason: ImageRefusal }> {
    const folders = this.options.workspaceFolders();
    const candidates = path.isAbsolute(source) ? [path.normalize(source)] : folders.map((f) => path.join(f, source));
    const allowed = picked ? candidates : candidates.filter((c) => folders.some((f) => isInsideFolder(c, path.resolve(f))));
    if (allowed.length === 0) return { ok: false, reason: 'outside-workspace' };
    let reason: ImageRefusal = 'not-found';
    for (const fsPath of allowed) {
      let realPath: string;
      try {
        realPath = await this.files.realpath(fsPath);
      } catch {
        continue;
      }
      if (picked || (await this.insideWorkspace(realPath, folders))) return { ok: true, fsPath, realPath };
      reason = 'outside-workspace';
    }
    return { ok: false, reason };
  }

  private async insideWorkspace(realPath: string, folders: readonly string[]): Promise<boolean> {
    for (const folder of folders) {
      const realFolder = await this.files.realpath(folder).catch(() => path.resolve(folder));
      if (isInsideFolder(realPath, realFolder)) return true;
    }
    return false;
  }
}
