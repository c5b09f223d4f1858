// The ways a chat call fails beyond the transport's errors, each an AirforceError so the UI shows
// them like every other failure. Whether the person may simply try again is on the error, because
// it depends on whether the failed call was billed.
import { AirforceError, type AirforceErrorInit } from './http/errors';

type Init = Omit<AirforceErrorInit, 'message' | 'type' | 'code'>;

/**
 * A 200 whose answer is empty. With zero usage it is the gateway's "every provider failed" answer
 * (docs §9.7): nothing was billed, so "Try Again" is safe. Never an empty prompt.
 */
export class ChatEmptyAnswerError extends AirforceError {
  /** Zero usage: nothing was billed and trying again costs nothing extra. */
  readonly retryable: boolean;

  constructor(init: Init & { billed: boolean }) {
    super({
      ...init,
      message: init.billed
        ? 'The chat model answered with nothing usable (only reasoning, or blank text); the call was billed.'
        : 'The chat model answered with nothing: every provider failed and nothing was billed. Try again.',
      type: 'api_error',
      code: 'empty_answer',
    });
    this.name = 'ChatEmptyAnswerError';
    this.retryable = !init.billed;
  }
}

/**
 * The stream ended before the answer did (the connection dropped, or the server sent an error
 * event). What arrived is kept for the log only: half a prompt must never land in the prompt field.
 * The call was probably billed, so it is not re-sent without the person asking.
 */
export class ChatStreamCutError extends AirforceError {
  readonly retryable = false;
  /** The answer text received before the break (reasoning already removed). Diagnostic only. */
  readonly partial: string;

  constructor(init: Init & { partial: string; detail: string; code: 'stream_cut' | 'stream_error' }) {
    super({
      ...init,
      message: `The chat answer broke off after ${[...init.partial].length} characters (${init.detail}); the call was probably billed`,
      type: init.code === 'stream_cut' ? 'network_error' : 'api_error',
      code: init.code,
    });
    this.name = 'ChatStreamCutError';
    this.partial = init.partial;
  }
}
