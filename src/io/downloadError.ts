// The one error type of the download path, kept apart so the transport, the URL policy and the
// downloader can all throw it without importing each other.

export type DownloadErrorCode =
  | 'expired'
  | 'http'
  | 'size_mismatch'
  | 'network'
  | 'aborted'
  | 'unsafe_path'
  /** The result URL or a redirect hop breaks the policy (scheme, downgrade, private address, too many hops). */
  | 'unsafe_url'
  /** Writing the file failed (disk full, permissions); `cause` holds the fs error. */
  | 'io';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DownloadError';
  }
}
