// What kind of media a result is, read from its first bytes: the one place for file signatures
// (images reuse the sniffing that checks input images). A server's Content-Type or a file name
// can lie; the saved file's extension comes from here.
import * as path from 'node:path';
import { sniffImageType } from '../api/images';
import type { MediaType } from '../kinds';
import { DownloadError } from './download/downloadError';

export type { MediaType };

export const MEDIA_TYPES: readonly MediaType[] = ['png', 'jpeg', 'webp', 'mp3', 'wav', 'mp4'];

export const MEDIA_EXTENSIONS: Readonly<Record<MediaType, string>> = {
  png: 'png',
  jpeg: 'jpg',
  webp: 'webp',
  mp3: 'mp3',
  wav: 'wav',
  mp4: 'mp4',
};

/** Bytes enough for every signature below. */
export const SNIFF_BYTES = 12;

const ascii = (bytes: Uint8Array, at: number, text: string): boolean => bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

// An MPEG audio frame header: 11 sync bits, a version that is not "reserved" (01), a layer that is
// not "reserved" (00). Layer 00 with sync is AAC's ADTS, and JPEG's FF D8 has no sync bits.
function isMpegAudioFrame(b: Uint8Array): boolean {
  const b1 = b[1] ?? 0;
  return b[0] === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x18) !== 0x08 && (b1 & 0x06) !== 0;
}

/** The media type of a file starting with `head` (give at least SNIFF_BYTES), or undefined. */
export function sniffMediaType(head: Uint8Array): MediaType | undefined {
  const image = sniffImageType(head);
  if (image) return image;
  if (ascii(head, 0, 'ID3') || isMpegAudioFrame(head)) return 'mp3';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return 'wav';
  if (ascii(head, 4, 'ftyp')) return 'mp4'; // ISO base media: MP4 (and its M4A/MOV cousins)
  return undefined;
}

/** The type of a result starting with `head`, or DownloadError('unsupported_type') when `accept` has no place for it. */
export function checkMediaType(head: Uint8Array, accept: readonly MediaType[]): MediaType {
  const found = sniffMediaType(head);
  if (found && accept.includes(found)) return found;
  const wanted = accept.map((t) => MEDIA_EXTENSIONS[t].toUpperCase()).join(', ');
  throw new DownloadError('unsupported_type', `The result is not a ${wanted} file (${found ? found.toUpperCase() : 'unknown type'}).`);
}

/** `file` with the extension of `type` in place of its own. */
export function withMediaExtension(file: string, type: MediaType): string {
  const ext = path.extname(file);
  return `${ext ? file.slice(0, -ext.length) : file}.${MEDIA_EXTENSIONS[type]}`;
}

/** Bytes kept from a result's end: enough to find an end marker behind a little padding. */
export const TAIL_BYTES = 64;

const PNG_END = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]; // "IEND" and its fixed CRC
const JPEG_END = [0xff, 0xd9]; // EOI: entropy-coded data stuffs every 0xff, so only a marker reads ff d9

function endsWith(tail: Uint8Array, marker: readonly number[]): boolean {
  for (let at = tail.length - marker.length; at >= 0; at--) {
    if (marker.every((b, i) => tail[at + i] === b)) return true;
  }
  return false;
}

/**
 * Why an image is not whole by its own structure (a cut base64 string still decodes): PNG ends
 * with its IEND chunk, JPEG with its EOI marker, WebP holds at least the length its RIFF header
 * announces. `head` = the first SNIFF_BYTES, `tail` = the last TAIL_BYTES, `size` = every byte.
 * Undefined when whole, and for types without such a rule (audio, video).
 */
export function incompleteImage(type: MediaType, head: Uint8Array, tail: Uint8Array, size: number): string | undefined {
  const cut = (what: string): string => `The ${MEDIA_EXTENSIONS[type].toUpperCase()} image is cut short (${what}; ${size} bytes arrived).`;
  if (type === 'png') return endsWith(tail, PNG_END) ? undefined : cut('no IEND chunk at its end');
  if (type === 'jpeg') return endsWith(tail, JPEG_END) ? undefined : cut('no end-of-image marker');
  if (type === 'webp') {
    const announced = head.length >= 8 ? (head[4]! | (head[5]! << 8) | (head[6]! << 16) | (head[7]! << 24)) >>> 0 : Infinity;
    return size >= announced + 8 ? undefined : cut(`its header announces ${announced + 8} bytes`);
  }
  return undefined;
}
