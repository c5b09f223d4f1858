// What the request log keeps: headers with credentials reduced to a harmless prefix, and JSON
// bodies with large base64 images replaced by their size and the sha256 of their decoded bytes.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { decodeBase64Image } from './validate';

const REDACTED_BEARER = 'Bearer sk-air-…';

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (name === 'authorization') out[name] = /^bearer\s/i.test(text) ? REDACTED_BEARER : '…';
    else if (name === 'x-api-key' || name === 'cookie') out[name] = '…';
    else out[name] = text;
  }
  return out;
}

export interface B64Summary {
  /** Length of the base64 string as sent. */
  length: number;
  /** Length of the decoded bytes (0 if it was not base64). */
  bytes: number;
  /** sha256 (hex) of the decoded bytes, to compare with the file the client read. */
  sha256: string;
}

/** Copies a parsed JSON body, replacing every `b64_json` string longer than 64 chars. */
export function summarizeBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(summarizeBody);
  // A key pasted into a body field must not end up in the log either.
  if (typeof value === 'string') return value.replace(/sk-air-[\w-]+/g, 'sk-air-…');
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'b64_json' && typeof v === 'string' && v.length > 64) {
      const bytes = decodeBase64Image(v) ?? Buffer.alloc(0);
      const summary: B64Summary = { length: v.length, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      out[k] = summary;
    } else {
      out[k] = summarizeBody(v);
    }
  }
  return out;
}
