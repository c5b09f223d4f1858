// A multipart/form-data body streamed from disk: text fields and file parts, with its exact
// Content-Length known before anything is sent (the files are stat'ed up front), and opened afresh
// for every attempt (a 429/503 retry sends it again). A file is read in 64 KiB chunks as the
// connection takes them, never whole, into ONE buffer reused for every chunk: a fresh buffer per
// chunk left ~32 MiB of spent buffers waiting for V8's external-memory trigger during a 100 MB
// upload (bench/uploadBench.ts). So a chunk is valid only until the next one is asked for: the
// transport is done with it by then (transport.ts), and a consumer that keeps chunks copies them.
// Only a file's basename travels, as the part's file name: the folders it sits in never leave the
// machine. Transport-agnostic: an async iterable of bytes that api/transport.ts writes into
// node:http (or copies into a half-duplex stream for an injected fetch).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** A body the request layer sends as is: its type, exact length, and a fresh byte stream per attempt. */
export interface StreamBody {
  readonly contentType: string;
  readonly length: number;
  /** The bytes; each chunk is valid only until the next one is asked for (its buffer is reused). */
  open(): AsyncIterable<Uint8Array>;
}

export type FormPart = { name: string; value: string } | { name: string; path: string; contentType?: string };

export interface FilePartInfo {
  name: string;
  path: string;
  /** The basename sent as the part's file name. */
  filename: string;
  size: number;
}

export interface MultipartBody extends StreamBody {
  readonly boundary: string;
  readonly files: readonly FilePartInfo[];
  /** Bytes of file content (what a size limit is about). */
  readonly fileBytes: number;
}

const CHUNK_BYTES = 64 * 1024;

/** The type sent for a media file, by extension; the server sniffs the bytes anyway. */
const TYPES: Readonly<Record<string, string>> = {
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.flac': 'audio/flac',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
};

export function mediaTypeFor(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** A header parameter value: quotes and line breaks escaped as browsers do (HTML's form encoding). */
function quoted(value: string): string {
  return `"${value.replace(/\r\n|\r|\n/g, '%0D%0A').replace(/"/g, '%22')}"`;
}

/** Stats every file part and lays out the body; throws the fs error for a missing or unreadable file. */
export async function multipartBody(parts: readonly FormPart[], boundary = `----airforce${randomBytes(12).toString('hex')}`): Promise<MultipartBody> {
  const enc = new TextEncoder();
  type Piece = Uint8Array | FilePartInfo;
  const pieces: Piece[] = [];
  const files: FilePartInfo[] = [];
  for (const part of parts) {
    if ('value' in part) {
      pieces.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(part.name)}\r\n\r\n${part.value}\r\n`));
      continue;
    }
    const stat = await fsp.stat(part.path);
    if (!stat.isFile()) throw new Error(`${path.basename(part.path)} is not a file`);
    const info: FilePartInfo = { name: part.name, path: part.path, filename: path.basename(part.path), size: stat.size };
    files.push(info);
    const type = part.contentType ?? mediaTypeFor(part.path);
    pieces.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(part.name)}; filename=${quoted(info.filename)}\r\nContent-Type: ${type}\r\n\r\n`));
    pieces.push(info);
    pieces.push(enc.encode('\r\n'));
  }
  pieces.push(enc.encode(`--${boundary}--\r\n`));
  const length = pieces.reduce((n, p) => n + (p instanceof Uint8Array ? p.byteLength : p.size), 0);
  return {
    boundary,
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    files,
    fileBytes: files.reduce((n, f) => n + f.size, 0),
    open: () => stream(pieces),
  };
}

async function* stream(pieces: readonly (Uint8Array | FilePartInfo)[]): AsyncGenerator<Uint8Array> {
  for (const p of pieces) {
    if (p instanceof Uint8Array) {
      yield p;
      continue;
    }
    // A file that changed size since it was measured would break the announced length: refuse it.
    let read = 0;
    const file = await fsp.open(p.path, 'r');
    try {
      const buf = Buffer.allocUnsafeSlow(CHUNK_BYTES);
      for (;;) {
        const { bytesRead } = await file.read(buf, 0, CHUNK_BYTES, null);
        if (bytesRead === 0) break;
        read += bytesRead;
        if (read > p.size) break;
        yield new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
      }
    } finally {
      await file.close();
    }
    if (read !== p.size) throw new Error(`${p.filename} changed while it was being sent (${p.size} bytes expected)`);
  }
}

export function isStreamBody(body: unknown): body is StreamBody {
  return typeof body === 'object' && body !== null && typeof (body as StreamBody).open === 'function';
}
