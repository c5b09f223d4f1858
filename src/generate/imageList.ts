// Input images as the forms hold them: host-issued tokens and https URLs, never paths. Shared by the
// video form (image/reference modes), the image form (images to edit) and the host's submit (pure).
import type { VideoMode } from '../api/schemas/schemas';
import type { ImageItem } from './protocol';
import { MAX_IMAGES, MAX_SOURCE_CHARS, isImageToken } from './protocolConstants';

/** Adds images the way the mode allows: image mode replaces, the others append without duplicates. */
export function addImages(current: readonly ImageItem[], added: readonly ImageItem[], mode: VideoMode): ImageItem[] {
  if (added.length === 0) return [...current];
  if (mode === 'image') return [added[added.length - 1]];
  const seen = new Set(current.map((i) => i.source));
  const merged = [...current];
  for (const item of added) {
    if (seen.has(item.source)) continue;
    seen.add(item.source);
    merged.push(item);
  }
  return merged.slice(0, MAX_IMAGES);
}

export function removeImage(current: readonly ImageItem[], source: string): ImageItem[] {
  return current.filter((i) => i.source !== source);
}

/**
 * The images the host can still resolve: https URLs and the tokens it says it knows. After VS Code
 * reloaded the panel, the host is new and older tokens are void (the person adds those files again).
 */
export function keepKnownImages(images: readonly ImageItem[], known: ReadonlySet<string>): ImageItem[] {
  return images.filter((i) => isHttpsUrl(i.source) || known.has(i.source));
}

export function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The create request's `input_images` for validation before any file is read: URLs as they are,
 * files as a stand-in (the host encodes them only once the request is known to be valid).
 */
export function placeholderImages(sources: readonly string[]): Array<{ url: string } | { b64_json: string }> {
  return sources.map((s) => (isHttpsUrl(s) ? { url: s.trim() } : { b64_json: 'pending' }));
}

/** Lines of a `text/uri-list` body (an Explorer drag): comments (#) and blanks removed. */
export function parseUriList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Label for an https image: the file name of its path, else the host. */
export function urlLabel(text: string): string {
  const url = new URL(text.trim());
  const last = url.pathname.split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : url.hostname;
}

/** Stored images, each checked: a token or an https URL; a raw path (an older version's state) is never sent back. */
export function restoreImages(v: unknown): ImageItem[] {
  return Array.isArray(v) ? v.filter(isImageItem).slice(0, MAX_IMAGES) : [];
}

function isImageItem(v: unknown): v is ImageItem {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.source === 'string' &&
    o.source.length > 0 &&
    o.source.length <= MAX_SOURCE_CHARS &&
    (isImageToken(o.source) || isHttpsUrl(o.source)) &&
    typeof o.label === 'string' &&
    (o.thumb === undefined || typeof o.thumb === 'string')
  );
}
