// Bounds every read of an answer's body by our own timers: an idle timer reset by every chunk (SSE
// keep-alive comments included) and an overall deadline. A server that sends headers and then
// stalls, or trickles a byte now and then forever, ends in a timeout instead of a job that waits
// for ever. On expiry the request is aborted (the transport destroys the socket) and the stream
// errors with the error the caller words; a broken body is worded by the caller too.

export interface BodyTimers {
  /** Longest wait for the next chunk. */
  idleMs: number;
  /** Epoch ms after which no chunk is waited for. */
  deadline: number;
  now: () => number;
  /** The error of an expired wait (`received` bytes so far). */
  expired(kind: 'idle' | 'overall', received: number): Error;
  /** The error for a body that broke (the caller's abort included) after `received` bytes. */
  broken(cause: unknown, received: number): Error;
  /** Ends the request (destroys its socket). */
  abort(reason: Error): void;
  /** Called once when the body ended, failed or was cancelled. */
  onEnd?(): void;
}

export function timedBody(source: ReadableStream<Uint8Array>, t: BodyTimers): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let received = 0;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    t.onEnd?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      pull: async (controller) => {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await readWithin(reader, t, received);
        } catch (err) {
          end();
          controller.error(err);
          return;
        }
        if (chunk.done) {
          end();
          controller.close();
          return;
        }
        received += chunk.value.byteLength;
        controller.enqueue(chunk.value);
      },
      cancel: async (reason) => {
        end();
        await reader.cancel(reason).catch(() => undefined);
      },
    },
    // Pulled only while someone reads: the idle timer measures the server, not a slow consumer.
    { highWaterMark: 0 },
  );
}

function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, t: BodyTimers, received: number): Promise<ReadableStreamReadResult<Uint8Array>> {
  const left = t.deadline - t.now();
  const kind = t.idleMs < left ? 'idle' : 'overall';
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(
      () => {
        settled = true;
        const err = t.expired(kind, received);
        t.abort(err);
        void reader.cancel(err).catch(() => undefined);
        reject(err);
      },
      Math.max(0, Math.min(t.idleMs, left)),
    );
    reader.read().then(
      (r) => {
        clearTimeout(timer);
        if (!settled) resolve(r);
      },
      (e: unknown) => {
        clearTimeout(timer);
        if (!settled) reject(t.broken(e, received));
      },
    );
  });
}
