// What the file server's headers say about resuming: whether a 206 continues our part file, whether
// a 416 confirms its end, and the lengths a response announces. Pure functions of headers and the
// transfer state.
import type { FileResponse } from './httpTransport';

export interface TransferState {
  url: string;
  received: number;
  /** The length the first response announced; every later 206 must announce the same. */
  total: number | undefined;
  /** ETag and Last-Modified of the full response; sent as If-Range, and a 206 naming others is another file. */
  etag: string | undefined;
  lastModified: string | undefined;
  /** False once a response came compressed: byte offsets then mean nothing, so retries start over. */
  rangeable: boolean;
  resumed: number;
  restarted: number;
  /** Range probes sent, at `probedAt` bytes, to confirm the end of a body whose length was never announced. */
  probes: number;
  probedAt: number | undefined;
}

/** Why a 206 cannot continue the part file, or undefined when it can. */
export function partialMismatch(res: FileResponse, state: TransferState): string | undefined {
  const raw = res.header('content-range');
  const range = parseContentRange(raw ?? null);
  if (!range || range.start !== state.received || isEncoded(res)) return `unexpected Content-Range ${JSON.stringify(raw)}`;
  if (state.total !== undefined && range.total !== undefined && range.total !== state.total) {
    return `its size changed from ${state.total} to ${range.total} bytes`;
  }
  const etag = res.header('etag');
  if (state.etag !== undefined && etag !== undefined && etag !== state.etag) return `its ETag changed to ${etag}`;
  const lastModified = res.header('last-modified');
  if (state.etag === undefined && state.lastModified !== undefined && lastModified !== undefined && lastModified !== state.lastModified) {
    return 'its Last-Modified date changed';
  }
  return undefined;
}

// A 416 to `Range: bytes=<received>-` says the file ends here when its `Content-Range: bytes */<size>`
// (or the total announced earlier) agrees with what was received.
export function endConfirmed(res: FileResponse, state: TransferState): boolean {
  if (state.received === 0) return false;
  const m = /^bytes\s+\*\/(\d+)$/i.exec(res.header('content-range')?.trim() ?? '');
  const size = m?.[1] !== undefined ? Number(m[1]) : undefined;
  if (size !== undefined && size !== state.received) return false;
  if (state.total !== undefined) return state.total === state.received;
  if (size === undefined) return false;
  state.total = size;
  return true;
}

export function isEncoded(res: FileResponse): boolean {
  const encoding = res.header('content-encoding')?.trim().toLowerCase();
  return !!encoding && encoding !== 'identity';
}

export function declaredLength(res: FileResponse): number | undefined {
  // A compressed body's Content-Length counts compressed bytes, not the decoded ones we write.
  if (isEncoded(res)) return undefined;
  const raw = res.header('content-length');
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `bytes 100-199/1000` → {start: 100, total: 1000}; `*` total → undefined total. */
export function parseContentRange(value: string | null): { start: number; end: number; total: number | undefined } | undefined {
  const m = value ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim()) : null;
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  const total = m[3] === '*' ? undefined : Number(m[3]);
  if (end < start || (total !== undefined && end >= total)) return undefined;
  return { start, end, total };
}
