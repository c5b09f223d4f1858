// Input-image helpers for the panel's host: which files count as images, how a dropped URI becomes
// a path, and the small data: URL thumbnail the webview shows (the webview cannot read workspace
// files: its resource roots stop at dist/, media/ and the output folder). No vscode import.
import * as path from 'path';

export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.webp'];
/** Bigger files get no thumbnail (a placeholder shows instead); the webview shrinks the rest. */
export const MAX_THUMB_SOURCE_BYTES = 2 * 1024 * 1024;

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

export function isImagePath(fsPath: string): boolean {
  return IMAGE_EXTENSIONS.includes(path.extname(fsPath).toLowerCase());
}

export function isHttpsSource(source: string): boolean {
  return /^https:\/\/[^\s/]+/i.test(source);
}

export function imageMimeType(fsPath: string): string | undefined {
  return MIME_BY_EXTENSION[path.extname(fsPath).toLowerCase()];
}

/** A data: URL for the thumbnail, or undefined when the file is not an image or too big. */
export function thumbDataUrl(fsPath: string, bytes: Uint8Array): string | undefined {
  const mime = imageMimeType(fsPath);
  if (!mime || bytes.byteLength > MAX_THUMB_SOURCE_BYTES) return undefined;
  return `data:${mime};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
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

