// Turns a local image into the `{b64_json}` the create body takes. The size is checked before the
// read (no 200 MB file pulled into memory by mistake) and the type by magic bytes, not the extension.
import { promises as fsp } from 'node:fs';

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export type ImageType = 'png' | 'jpeg' | 'webp';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, PNG)) return 'png';
  if (startsWith(bytes, JPEG)) return 'jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  return undefined;
}

export class ImageFileError extends Error {
  constructor(
    message: string,
    readonly code: 'not_a_file' | 'too_large' | 'unsupported_type' | 'unreadable',
    readonly path: string,
  ) {
    super(message);
    this.name = 'ImageFileError';
  }
}

export interface ImageFs {
  stat(path: string): Promise<{ size: number; isFile(): boolean }>;
  readFile(path: string): Promise<Uint8Array>;
}

const nodeFs: ImageFs = { stat: (p) => fsp.stat(p), readFile: (p) => fsp.readFile(p) };

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Reads a PNG/JPEG/WebP file (≤ 20 MiB) as plain base64, no data-URL prefix. */
export async function encodeImageFile(path: string, fs: ImageFs = nodeFs): Promise<{ b64_json: string }> {
  let info: { size: number; isFile(): boolean };
  try {
    info = await fs.stat(path);
  } catch (err) {
    throw new ImageFileError(`Cannot read image ${path}: ${err instanceof Error ? err.message : String(err)}`, 'unreadable', path);
  }
  if (!info.isFile()) throw new ImageFileError(`Image ${path} is not a file`, 'not_a_file', path);
  if (info.size > MAX_IMAGE_BYTES) {
    throw new ImageFileError(`Image ${path} is ${mib(info.size)}; the limit is ${mib(MAX_IMAGE_BYTES)}`, 'too_large', path);
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (err) {
    throw new ImageFileError(`Cannot read image ${path}: ${err instanceof Error ? err.message : String(err)}`, 'unreadable', path);
  }
  // The file may have grown between stat and read.
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new ImageFileError(`Image ${path} is ${mib(bytes.length)}; the limit is ${mib(MAX_IMAGE_BYTES)}`, 'too_large', path);
  }
  if (!sniffImageType(bytes)) {
    throw new ImageFileError(`Image ${path} is not a PNG, JPEG or WebP file`, 'unsupported_type', path);
  }
  return { b64_json: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
}
