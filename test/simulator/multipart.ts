// A streaming multipart/form-data reader for the upload endpoints: the request is read as it
// arrives, text fields are kept (64 KiB each at most), file parts are hashed and counted with only
// their first `keepFileBytes` kept (to read a duration from), so a 100 MB upload never sits in
// memory. Over `maxBytes` (announced by Content-Length, or counted) → 413 payload_too_large.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError, invalid } from './errors';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  /** The first bytes (up to keepFileBytes). */
  head: Buffer;
}

export interface MultipartForm {
  fields: Map<string, string[]>;
  files: UploadedFile[];
  bytes: number;
}

export interface MultipartOptions {
  maxBytes: number;
  keepFileBytes?: number;
  /** Stop reading after this many body bytes and never answer (the stalled-upload fault). */
  stallAfter?: number;
}

const MAX_FIELD = 64 * 1024;
const MAX_HEAD = 16 * 1024;

export function tooLarge(max: number): ApiError {
  return new ApiError(413, 'payload_too_large', `Request body exceeds ${max} bytes.`, 'payload_too_large');
}

export function boundaryOf(req: IncomingMessage): string {
  const type = req.headers['content-type'] ?? '';
  const m = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  if (!m) throw invalid('Content-Type must be multipart/form-data with a boundary.', 'invalid_content_type');
  return m[1] ?? m[2] ?? '';
}

/** Resolves once the whole body is read; never resolves under `stallAfter` (the socket stays open). */
export function readMultipart(req: IncomingMessage, opts: MultipartOptions): Promise<MultipartForm> {
  const announced = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(announced) && announced > opts.maxBytes) return Promise.reject(tooLarge(opts.maxBytes));
  const boundary = boundaryOf(req);
  const parser = new Parser(boundary, opts.keepFileBytes ?? 0);
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let failed: unknown;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (opts.stallAfter !== undefined && bytes >= opts.stallAfter) {
        req.pause();
        req.removeAllListeners('data');
        return;
      }
      if (failed) return;
      if (bytes > opts.maxBytes) failed = tooLarge(opts.maxBytes);
      else {
        try {
          parser.push(chunk);
        } catch (err) {
          failed = err;
        }
      }
      // Keep draining after a failure so the error answer can be delivered.
    });
    req.on('end', () => {
      if (failed) return reject(failed);
      if (!parser.finished) return reject(invalid('The multipart body ended before its closing boundary.', 'invalid_multipart'));
      resolve({ fields: parser.fields, files: parser.files, bytes });
    });
    req.on('error', reject);
  });
}

class Parser {
  readonly fields = new Map<string, string[]>();
  readonly files: UploadedFile[] = [];
  finished = false;
  private buf = Buffer.alloc(0);
  private state: 'preamble' | 'head' | 'body' | 'done' = 'preamble';
  private readonly delimiter: Buffer;
  private part?: { name: string; filename?: string; type: string; chunks: Buffer[]; size: number; hash?: ReturnType<typeof createHash>; head: Buffer[]; kept: number };

  constructor(
    boundary: string,
    private readonly keep: number,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  push(chunk: Buffer): void {
    // The first boundary has no CRLF before it: pretend it had.
    this.buf = this.buf.length === 0 && this.state === 'preamble' ? Buffer.concat([Buffer.from('\r\n'), chunk]) : Buffer.concat([this.buf, chunk]);
    for (;;) {
      if (this.state === 'done') return void (this.buf = Buffer.alloc(0));
      if (this.state === 'preamble') {
        const at = this.buf.indexOf(this.delimiter);
        if (at < 0) return void (this.buf = this.buf.subarray(Math.max(0, this.buf.length - this.delimiter.length)));
        this.buf = this.buf.subarray(at + this.delimiter.length);
        this.state = 'head';
        continue;
      }
      if (this.state === 'head') {
        if (this.buf.length < 2) return;
        if (this.buf.subarray(0, 2).toString() === '--') {
          this.state = 'done';
          this.finished = true;
          continue;
        }
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (this.buf.length > MAX_HEAD) throw invalid('A multipart part header is too long.', 'invalid_multipart');
          return;
        }
        this.startPart(this.buf.subarray(2, end).toString('utf8'));
        this.buf = this.buf.subarray(end + 4);
        this.state = 'body';
        continue;
      }
      // body: everything before a possible delimiter belongs to the part.
      const at = this.buf.indexOf(this.delimiter);
      if (at < 0) {
        const safe = Math.max(0, this.buf.length - this.delimiter.length);
        this.take(this.buf.subarray(0, safe));
        this.buf = this.buf.subarray(safe);
        return;
      }
      this.take(this.buf.subarray(0, at));
      this.endPart();
      this.buf = this.buf.subarray(at + this.delimiter.length);
      this.state = 'head';
    }
  }

  private startPart(head: string): void {
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(head)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw invalid('A multipart part has no name.', 'invalid_multipart');
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /^content-type:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? 'text/plain';
    this.part = { name, filename, type, chunks: [], size: 0, head: [], kept: 0, hash: filename === undefined ? undefined : createHash('sha256') };
  }

  private take(bytes: Buffer): void {
    const p = this.part;
    if (!p || bytes.length === 0) return;
    p.size += bytes.length;
    if (p.hash) {
      p.hash.update(bytes);
      if (p.kept < this.keep) {
        const piece = Buffer.from(bytes.subarray(0, this.keep - p.kept));
        p.head.push(piece);
        p.kept += piece.length;
      }
      return;
    }
    if (p.size > MAX_FIELD) throw invalid(`The field '${p.name}' is too long.`, 'field_too_long', p.name);
    p.chunks.push(Buffer.from(bytes));
  }

  private endPart(): void {
    const p = this.part;
    this.part = undefined;
    if (!p) return;
    if (p.hash) {
      this.files.push({ field: p.name, filename: p.filename ?? '', contentType: p.type, size: p.size, sha256: p.hash.digest('hex'), head: Buffer.concat(p.head) });
      return;
    }
    const list = this.fields.get(p.name) ?? [];
    list.push(Buffer.concat(p.chunks).toString('utf8'));
    this.fields.set(p.name, list);
  }
}
