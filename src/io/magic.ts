// What kind of media a result is, read from its first bytes: the one place for file signatures
// (images reuse the sniffing that checks input images). A server's Content-Type or a file name
// can lie; the saved file's extension comes from here.
import * as path from 'node:path';
import { sniffImageType } from '../api/images';
import { DownloadError } from './downloadError';

export type MediaType = 'png' | 'jpeg' | 'webp' | 'mp3' | 'wav' | 'mp4';

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

const ascii = (bytes: Uint8Array, at: number, text: string): boolean =>
  bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

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
