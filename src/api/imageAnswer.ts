// Reads the answer of an image POST as it arrives: an event stream (`sse: true`: the whole answer in
// one `data:` event, then `[DONE]`) or plain JSON. Four 2 MB images are 10.7 MiB of base64, past the
// 8 MiB cap of small JSON answers, so this reader has its own cap sized for `n` images. The parser
// keeps an unfinished line as fragments (a 10 MiB `data:` line is joined once, not per chunk), and
// the body is read to its end so the keep-alive connection can be reused.
import { createParser } from 'eventsource-parser';
import { MiB } from './http/body';

/** Room for one image as base64 (a 12 MiB image) in the answer. */
export const IMAGE_ANSWER_BYTES_PER_IMAGE = 16 * MiB;
export const MIN_IMAGE_ANSWER_BYTES = 64 * MiB;

/** The largest image answer read for `n` images. */
export function imageAnswerCap(n: number | undefined): number {
  return Math.max(MIN_IMAGE_ANSWER_BYTES, Math.max(1, n ?? 1) * IMAGE_ANSWER_BYTES_PER_IMAGE);
}

export type ImageAnswer =
  /** The parsed JSON of the answer (the first data event of a stream). */
  | { kind: 'json'; json: unknown }
  | { kind: 'not-json' }
  /** An error event, or a data event whose payload is `{error: …}`: the provider's message. */
  | { kind: 'error'; message: string }
  | { kind: 'too-large'; received: number }
  /** An event stream that carried no data event. */
  | { kind: 'no-event' };

export interface SseEvent {
  event?: string;
  data: string;
}

export async function readImageAnswer(body: ReadableStream<Uint8Array>, sse: boolean, cap: number): Promise<ImageAnswer> {
  const reader = body.getReader();
  let first: SseEvent | undefined;
  const parser = createParser({
    onEvent: (m) => {
      if (!first && m.data !== '[DONE]') first = { event: m.event, data: m.data };
    },
  });
  const decoder = new TextDecoder();
  const plain: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > cap) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'too-large', received };
      }
      if (!sse) plain.push(value);
      else if (!first) parser.feed(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
  if (!sse) return parsed(Buffer.concat(plain).toString('utf8'));
  // A last event without its blank line still counts.
  if (!first) parser.feed(decoder.decode());
  if (!first) parser.reset({ consume: true });
  if (!first) return { kind: 'no-event' };
  const answer = parsed(first.data);
  if (answer.kind === 'json' || first.event === 'error') {
    const error = eventError(first.event, answer.kind === 'json' ? answer.json : undefined, first.data);
    if (error !== undefined) return { kind: 'error', message: error };
  }
  return answer;
}

function parsed(text: string): ImageAnswer {
  try {
    return { kind: 'json', json: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'not-json' };
  }
}

/** The events of a whole event-stream text (`[DONE]` included), through the same parser. */
export function parseSseEvents(text: string): SseEvent[] {
  const out: SseEvent[] = [];
  const parser = createParser({ onEvent: (m) => out.push({ event: m.event, data: m.data }) });
  parser.feed(text);
  parser.reset({ consume: true }); // a last event without its blank line still counts
  return out;
}

/** One parsed event of a stream (chat completions read theirs as they come). */
export function sseEventError(e: { event?: string; data: string }): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(e.data);
  } catch {
    json = undefined;
  }
  return eventError(e.event, json, e.data);
}

/** An `event: error` or a payload `{error: …}` sent inside a 200 stream: its message, else undefined. */
function eventError(event: string | undefined, json: unknown, data: string): string | undefined {
  if (json === undefined) return event === 'error' ? data.slice(0, 300) || 'the server sent an error event' : undefined;
  const rec = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const err = rec.error;
  if (event !== 'error' && err === undefined) return undefined;
  if (typeof err === 'string') return typeof rec.message === 'string' ? rec.message : err;
  if (typeof err === 'object' && err !== null && typeof (err as Record<string, unknown>).message === 'string') return (err as Record<string, string>).message;
  return typeof rec.message === 'string' ? rec.message : 'the server sent an error event';
}
