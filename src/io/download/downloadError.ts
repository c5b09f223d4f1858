// The one error type of the download path, kept apart so the transport, the URL policy and the
// downloader can all throw it without importing each other.

export type DownloadErrorCode =
  /** The result URL was refused (403/404/410): stale or expired. Never refreshed here; see jobs/downloads.ts. */
  | 'expired'
  | 'http'
  | 'size_mismatch'
  | 'network'
  | 'aborted'
  | 'unsafe_path'
  /** The result URL or a redirect hop breaks the policy (scheme, downgrade, private address, too many hops). */
  | 'unsafe_url'
  /** Writing the file failed (disk full, permissions); `cause` holds the fs error. */
  | 'io'
  /** Base64 or bytes that are not a media type the caller accepts (by magic number), or not base64. */
  | 'unsupported_type'
  /** Base64 or bytes over the caller's size cap. */
  | 'too_large';

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
