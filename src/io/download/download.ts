// Saves a pre-signed result URL to disk: streamed in constant memory to a `wx` part file (the
// request loop with its resume and verification is transfer.ts), and renamed into place only when
// every byte arrived — under the extension its bytes show, when the caller lists what it accepts.
import { promises as fsp } from 'node:fs';
import type { Agent as HttpsAgent } from 'node:https';
import * as path from 'node:path';
import type { Logger } from '../../util/logger';
import { silentLogger } from '../../util/logger';
import { wrapIo } from '../batchWriter';
import { fetchTransport } from './httpTransport';
import { nodeTransport } from './nodeTransport';
import { checkMediaType, SNIFF_BYTES, withMediaExtension, type MediaType } from '../magic';
import { safeTarget, throwIfAborted, writeThroughPart } from './partWrite';
import { checkResultUrl, systemLookup, type HostLookup, type ResultUrlPolicy } from './resultUrl';
import type { TransferState } from './rangeChecks';
import { fetchAll } from './transfer';

export { cleanStaleParts } from './partFiles';
export { DownloadError, type DownloadErrorCode } from './downloadError';
export { parseContentRange } from './rangeChecks';
export { urlForLog } from './transfer';

export interface DownloadOptions {
  /** Pre-signed result URL. Never given an Authorization header. */
  url: string;
  /** Absolute output folder; created (recursively) if missing. */
  dir: string;
  /** From `buildResultFileName`; must resolve inside `dir`. */
  fileName: string;
  /**
   * Downloads through this fetch instead of node:http(s). Default: node:http(s) (nodeTransport.ts;
   * in VS Code its modules are patched for proxies and system certificates, as its fetch is).
   */
  fetch?: typeof fetch;
  /** node:https only: the agent for https result URLs (tests trust their certificate). Default: the global one. */
  httpsAgent?: HttpsAgent;
  /**
   * `airforce.baseUrl` is loopback (the local simulator): result URLs and redirects may then go to
   * loopback, over http too. Otherwise only https to public addresses. Default false.
   */
  baseIsLoopback?: boolean;
  /** Resolves host names so names pointing at private addresses are refused. Default: the system resolver; null: skip. */
  lookup?: HostLookup | null;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
  /** Re-requests allowed after a broken stream, short body or 5xx (Range resume when possible). Default 3. */
  maxResumes?: number;
  /** A request that delivers no bytes for this long counts as broken. Default 60 000. */
  idleTimeoutMs?: number;
  /** Pause before the n-th re-request is n × this. Default 500. */
  retryDelayMs?: number;
  /**
   * fsync before the rename, so even a power cut right after can't leave a short file under the
   * final name. Costs ~20 % throughput on large files; default false (the OS writes it back soon).
   */
  fsync?: boolean;
  /**
   * The types the result may be: its first bytes are checked before the rename (anything else is
   * refused) and pick the file's extension. Default: not checked, the name stays as given.
   */
  accept?: readonly MediaType[];
  logger?: Logger;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** Range requests answered with a matching 206 (bytes appended). */
  resumed: number;
  /** Times the part file was truncated and the download began again (Range ignored or mismatched). */
  restarted: number;
  /** The sniffed type, when `accept` was given. */
  type?: MediaType;
}

export async function downloadToFile(opts: DownloadOptions): Promise<DownloadResult> {
  const log = opts.logger ?? silentLogger;
  const policy: ResultUrlPolicy = { baseIsLoopback: opts.baseIsLoopback === true };
  const lookup = opts.lookup === undefined ? systemLookup : opts.lookup;
  if (lookup) policy.lookup = lookup;
  const transport = opts.fetch ? fetchTransport(opts.fetch, policy) : nodeTransport(policy, opts.httpsAgent ? { httpsAgent: opts.httpsAgent } : {});
  const target = safeTarget(opts.dir, opts.fileName);
  checkResultUrl(opts.url, policy);
  throwIfAborted(opts.signal);

  const { accept } = opts;
  const part = { target, file: 'download', saved: 'video', fsync: opts.fsync, logger: log };
  const saved = await writeThroughPart<{ state: TransferState; type?: MediaType }>(part, async (handle, partPath) => {
    const state = await fetchAll(opts, transport, handle, log);
    if (!accept) return { desired: target, value: { state } };
    const type = checkMediaType(await wrapIo(() => readHead(partPath), 'Could not read the download file'), accept);
    return { desired: withMediaExtension(target, type), value: { state, type } };
  });
  const { state, type } = saved.value;
  log.info(`download: saved ${state.received} bytes to ${path.basename(saved.path)}`);
  return { path: saved.path, bytes: state.received, resumed: state.resumed, restarted: state.restarted, ...(type ? { type } : {}) };
}

/** The first bytes of the part file (opened for writing only, as `wx`): enough to tell its type. */
async function readHead(file: string): Promise<Uint8Array> {
  const handle = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
