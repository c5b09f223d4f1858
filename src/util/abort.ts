// Cancellation helpers shared by the API client, the task followers and the downloader: one
// cancellable sleep, the errors an abort rejects with, a race against a signal, and a parent→child
// signal link. Timers are a parameter so tests can count what is still scheduled after an abort.

export type TimerHandle = unknown;

export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Always an AbortError: the signal's reason when it is one, else a fresh DOMException. For API callers. */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}

/** The signal's own reason when it is an Error (it says *why*, e.g. "The task was deleted."), else an AbortError. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(typeof reason === 'string' ? reason : 'The operation was aborted');
  err.name = 'AbortError';
  return err;
}

export function isAbortError(value: unknown): boolean {
  return value instanceof Error && value.name === 'AbortError';
}

/**
 * Resolves after `ms`; on abort rejects at once with `onAbort(signal)` (default: abortReason) and
 * leaves neither the timer nor the listener behind.
 */
export function sleep(ms: number, signal?: AbortSignal, timers: Timers = realTimers, onAbort: (signal: AbortSignal) => Error = abortReason): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(onAbort(signal));
      return;
    }
    const abort = (): void => {
      timers.clearTimeout(handle);
      reject(onAbort(signal as AbortSignal));
    };
    const handle = timers.setTimeout(
      () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** The API's sleep: an abort always rejects with an AbortError, whatever the signal's reason. */
export const sleepOrAbortError: Sleep = (ms, signal) => sleep(ms, signal, realTimers, abortError);

/**
 * `promise`, unless `signal` aborts first (then an AbortError). Only this wait ends: the promise
 * itself goes on, for other waiters.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * Aborts `child` (with the parent's reason) when `parent` aborts, so a request can also be ended on
 * its own (timeout, stall) without aborting the caller. Returns the unlink: call it when done so
 * no listener outlives the work.
 */
export function linkAbort(parent: AbortSignal | undefined, child: AbortController): () => void {
  if (!parent) return () => undefined;
  const onAbort = (): void => child.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return () => parent.removeEventListener('abort', onAbort);
}
