// What a failed image/audio call means for the money, and the words for a job whose fate is unknown
// or whose call is gone: kept apart from jobs.ts, which only acts on the verdict.
import { errorCode, errorStatus } from '../taskApi';

export const SYNC_FATE_UNKNOWN_IN_WINDOW =
  'Sent, but the connection was lost before Airforce answered: whether it was made (and billed) is unknown, and such a request cannot be looked up. It was not sent again: "Send again" may be billed twice.';
/** Starts like REQUEST_GONE_MESSAGE: callers offer "Generate again" for both. */
export const SYNC_REQUEST_GONE_MESSAGE = 'The request is no longer available (the window was restarted while it was being sent): use "Generate again" to fill the form anew.';

export const UPLOAD_CANCELLED = 'Upload cancelled before its last byte was sent: nothing was made or billed. "Try again" sends it anew.';

/** The person's Cancel during an upload (tracker.cancelSync): the abort reason its failure reads as. */
export function uploadCancelled(): Error {
  return Object.assign(new Error(UPLOAD_CANCELLED), { notSent: true });
}

/** The abort reason when the person cancelled an upload (nothing made); undefined for any other abort. */
export function cancelledUpload(signal: AbortSignal): Error | undefined {
  const reason: unknown = signal.aborted ? signal.reason : undefined;
  return reason instanceof Error && (reason as { notSent?: unknown }).notSent === true ? reason : undefined;
}

/** The POST was accepted (2xx) but its answer stalled, broke off or could not be parsed. */
export function syncAnswerUnreadable(reason: string): string {
  return `Airforce accepted the request, so it was probably made and billed, but its answer could not be read (${reason.replace(/[.\s]+$/, '')}): the result is lost. It was not sent again: "Send again" may be billed twice.`;
}

/**
 * What a failed call (or the read of its answer) means for the money: `lost` = the POST may have
 * arrived, its answer never came; `unreadable` = it was accepted (2xx) and its answer lost; `refused`
 * = nothing was made (the connection never opened, or the provider reported an error event), so
 * "Try again" is safe; `final` = the server refused the request itself.
 */
const UPLOAD_NOT_SENT: ReadonlySet<string> = new Set(['upload_cut', 'upload_stalled', 'upload_too_large', 'upload_unreadable']);

export function failureKind(err: unknown): 'lost' | 'unreadable' | 'refused' | 'final' {
  const code = errorCode(err);
  if (code === 'create_outcome_unknown') return 'lost';
  const status = errorStatus(err);
  if (status !== undefined && status >= 200 && status < 300) return 'unreadable';
  if (code === 'provider_error' || (err as { notSent?: unknown } | undefined)?.notSent === true) return 'refused';
  // An upload cut or stalled before its last byte, or refused as too large: nothing was made or billed.
  if (code !== undefined && UPLOAD_NOT_SENT.has(code)) return 'refused';
  return 'final';
}
