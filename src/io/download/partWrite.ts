// The one lifecycle of every result written to disk (a download, base64, a byte stream): the target
// is checked to lie inside the output folder, bytes go to a `wx` part file beside it, and the part
// gets its final name only when complete, never replacing a file; on any failure it is removed.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../util/logger';
import { ioError, wrapIo } from '../batchWriter';
import { DownloadError } from './downloadError';
import { resolveInside, UnsafePathError } from '../fileNames';
import { claimFinalName, PART_MARKER, removeQuietly } from './partFiles';

export interface PartWriteOptions {
  /** Absolute path the part file is named after (`<target>.part-<hex>`), inside the output folder. */
  target: string;
  /** Words for the io errors: "Could not create the <file> file", "Could not save the <saved>". */
  file: string;
  saved: string;
  fsync?: boolean;
  logger: Logger;
  /** false: the file gets no sidecar of its own (claimFinalName). */
  ownSidecar?: boolean;
}

/** What `fill` wrote: the path to claim (the target, or it with another extension) and what to hand back. */
export interface Filled<T> {
  desired: string;
  value: T;
}

/** Where `fileName` lands in `dir`, or DownloadError('unsafe_path') before anything is touched. */
export function safeTarget(dir: string, fileName: string): string {
  if (!path.isAbsolute(dir)) throw new DownloadError('unsafe_path', 'The output folder must be an absolute path.');
  try {
    return resolveInside(dir, fileName);
  } catch (e) {
    if (e instanceof UnsafePathError) throw new DownloadError('unsafe_path', e.message);
    throw e;
  }
}

/** Creates the part file, lets `fill` write it, then closes it and claims the final name. */
export async function writeThroughPart<T>(opts: PartWriteOptions, fill: (handle: fsp.FileHandle, partPath: string) => Promise<Filled<T>>): Promise<{ path: string; value: T }> {
  try {
    await fsp.mkdir(path.dirname(opts.target), { recursive: true });
  } catch (e) {
    throw ioError('Could not create the output folder', e);
  }
  const partPath = `${opts.target}${PART_MARKER}${randomBytes(6).toString('hex')}`;
  const handle = await wrapIo(() => fsp.open(partPath, 'wx'), `Could not create the ${opts.file} file`);
  let closed = false;
  let finished = false;
  try {
    const { desired, value } = await fill(handle, partPath);
    if (opts.fsync === true) await wrapIo(() => handle.sync(), `Could not flush the ${opts.file} to disk`);
    await wrapIo(() => handle.close(), `Could not close the ${opts.file} file`);
    closed = true;
    const finalPath = await wrapIo(() => claimFinalName(partPath, desired, opts.logger, opts.ownSidecar !== false), `Could not save the ${opts.saved}`);
    finished = true;
    return { path: finalPath, value };
  } finally {
    if (!closed) await handle.close().catch(() => undefined);
    if (!finished) await removeQuietly(partPath);
  }
}

/** The cancel error of every writer: a DownloadError('aborted') carrying the signal's reason. */
export function abortedError(signal: AbortSignal): DownloadError {
  return new DownloadError('aborted', 'The download was cancelled.', undefined, { cause: signal.reason });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal);
}
