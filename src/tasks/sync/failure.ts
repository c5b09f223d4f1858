// What a failed image/audio call means for the money, and the words for an answer that was
// accepted but could not be read: kept apart from syncJobs.ts, which only acts on the verdict.
import { errorCode, errorStatus } from '../taskApi';

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
export function failureKind(err: unknown): 'lost' | 'unreadable' | 'refused' | 'final' {
  const code = errorCode(err);
  if (code === 'create_outcome_unknown') return 'lost';
  const status = errorStatus(err);
  if (status !== undefined && status >= 200 && status < 300) return 'unreadable';
  if (code === 'provider_error' || (err as { notSent?: unknown } | undefined)?.notSent === true) return 'refused';
  return 'final';
}
