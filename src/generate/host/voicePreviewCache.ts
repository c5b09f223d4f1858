// Voice previews for the speech form: each voice's `preview_url` (a file on the API host) is fetched
// once WITHOUT the key — the headers are built here, empty — under the result-URL policy (https, or
// loopback when the base URL is), into a cache folder the webview may load from. The name is built
// locally (the voice id, sanitised, plus a hash of it) and the extension comes from the bytes.
// No vscode import.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { DownloadError } from '../../io/download/downloadError';
import { fetchTransport } from '../../io/download/httpTransport';
import { writeResult } from '../../io/results';
import { systemLookup, type HostLookup } from '../../io/download/resultUrl';
import type { MediaType } from '../../io/magic';
import type { Logger } from '../../util/logger';

/** A preview is a few seconds of audio; anything larger is not one. */
export const MAX_PREVIEW_BYTES = 5 * 1024 * 1024;
const PREVIEW_TYPES: readonly MediaType[] = ['mp3', 'wav'];
const TIMEOUT_MS = 30_000;

export interface VoicePreviewOptions {
  voiceId: string;
  url: string;
  /** Absolute cache folder; created if missing. */
  dir: string;
  /** airforce.baseUrl is loopback (the simulator): a loopback preview URL is allowed too. */
  baseIsLoopback: boolean;
  fetch?: typeof fetch;
  /** Default: the system resolver (names pointing at private addresses are refused); null: skip. */
  lookup?: HostLookup | null;
  signal?: AbortSignal;
  logger?: Logger;
}

/** `voice-<id, safe characters only>-<8 hex of its hash>`: distinct ids never share a file. */
export function previewStem(voiceId: string): string {
  const safe = voiceId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return `voice-${safe}-${createHash('sha256').update(voiceId).digest('hex').slice(0, 8)}`;
}

/** The cached preview's path, or undefined. */
async function cached(dir: string, stem: string): Promise<string | undefined> {
  for (const type of PREVIEW_TYPES) {
    const file = path.join(dir, `${stem}.${type}`);
    const stat = await fsp.stat(file).catch(() => undefined);
    if (stat?.isFile() && stat.size > 0) return file;
  }
  return undefined;
}

/** The preview file: the cached one, else downloaded (part file, renamed when complete). */
export async function voicePreviewFile(o: VoicePreviewOptions): Promise<string> {
  const stem = previewStem(o.voiceId);
  const hit = await cached(o.dir, stem);
  if (hit) return hit;
  const lookup = o.lookup === undefined ? systemLookup : o.lookup;
  const transport = fetchTransport(o.fetch ?? globalThis.fetch, { baseIsLoopback: o.baseIsLoopback, ...(lookup ? { lookup } : {}) });
  const signal = o.signal ? AbortSignal.any([o.signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS);
  const res = await transport(o.url, {}, signal);
  if (res.status !== 200) {
    res.cancel();
    throw new DownloadError('http', `The voice preview could not be loaded (HTTP ${res.status}).`, res.status);
  }
  try {
    const written = await writeResult({
      source: { bytes: res.body },
      dir: o.dir,
      fileName: `${stem}.mp3`, // the extension is replaced by the sniffed type's
      accept: PREVIEW_TYPES,
      maxBytes: MAX_PREVIEW_BYTES,
      signal,
      ...(o.logger ? { logger: o.logger } : {}),
    });
    return written.path;
  } finally {
    res.cancel(); // a refused or cut body must not hold the connection
  }
}
