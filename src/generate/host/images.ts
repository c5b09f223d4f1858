// Input-image helpers for the panel's host: which files count as images, how a dropped URI becomes
// a path, and the small data: URL thumbnail the webview shows (the webview cannot read workspace
// files: its resource roots stop at dist/, media/ and the output folder). No vscode import.
import * as path from 'path';
import { sniffImageType, type ImageType } from '../../api/images';

export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.webp'];
/** Bigger files get no thumbnail (a placeholder shows instead); the webview shrinks the rest. */
export const MAX_THUMB_SOURCE_BYTES = 2 * 1024 * 1024;

const MIME: Readonly<Record<ImageType, string>> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

/** A first filter for pickers and menus only; the bytes decide (sniffImageType) before any use. */
export function isImagePath(fsPath: string): boolean {
  return IMAGE_EXTENSIONS.includes(path.extname(fsPath).toLowerCase());
}

export function isHttpsSource(source: string): boolean {
  return /^https:\/\/[^\s/?#]+[^\s]*$/i.test(source);
}

/** A data: URL for the thumbnail, typed by the bytes; undefined when they are no image or too many. */
export function thumbDataUrl(bytes: Uint8Array): string | undefined {
  const type = sniffImageType(bytes);
  if (!type || bytes.byteLength > MAX_THUMB_SOURCE_BYTES) return undefined;
  return `data:${MIME[type]};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/** True when `file` lies strictly inside `folder` (both already resolved, e.g. real paths). */
export function isInsideFolder(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The local paths a record's sources may name for "Generate again": absolute or workspace-relative
 * paths (checked against the workspace and by their bytes when used) and https URLs. Other schemes
 * (file:, http:, data:…) are dropped: they never come from this machine's own submit.
 */
export function rerunSources(sources: readonly string[]): string[] {
  return sources.filter((s) => isHttpsSource(s) || !/^[a-z][a-z0-9+.-]*:/i.test(s) || /^[a-z]:[\\/]/i.test(s));
}

/**
 * A record's images for "Generate again": its own sources (above), else the server's https
 * `input_image_url` of an imported task, as a URL the server fetches — never as a path.
 */
export function recordImageSources(r: { inputImageSources: readonly string[]; serverInputImageUrl?: string }): string[] {
  const own = rerunSources(r.inputImageSources);
  if (own.length > 0) return own;
  return r.serverInputImageUrl !== undefined && isHttpsSource(r.serverInputImageUrl) ? [r.serverInputImageUrl] : [];
}

export type DroppedSource = { kind: 'file'; path: string } | { kind: 'url'; url: string } | { kind: 'unsupported'; reason: string };

/**
 * Classifies one dropped URI. `file://` and `vscode-remote://` (the Explorer of a remote window) both
 * name a path on the machine the extension runs on; https stays a URL the server fetches. `toFsPath`
 * is vscode.Uri.parse(…).fsPath in production, so Windows drive letters come out right.
 */
export function classifyDroppedUri(uri: string, toFsPath: (fileUri: string) => string): DroppedSource {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === 'https') return { kind: 'url', url: uri };
  if (scheme === 'file') return { kind: 'file', path: toFsPath(uri) };
  if (scheme === 'vscode-remote') {
    // Keep only the path: the authority names the remote, which is where this extension host runs.
    const rest = uri.slice('vscode-remote://'.length);
    const slash = rest.indexOf('/');
    return slash < 0 ? { kind: 'unsupported', reason: 'no path' } : { kind: 'file', path: toFsPath(`file://${rest.slice(slash)}`) };
  }
  if (!scheme && path.isAbsolute(uri)) return { kind: 'file', path: uri };
  return { kind: 'unsupported', reason: `scheme ${scheme ?? '(none)'}` };
}
