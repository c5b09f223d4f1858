// Reads the answer of an image POST as it arrives: an event stream (`sse: true`: the whole answer in
// one `data:` event, then `[DONE]`) or plain JSON. Four 2 MB images are 10.7 MiB of base64, past the
// 8 MiB cap of small JSON answers, so this reader has its own cap sized for `n` images. Lines are
// split on the bytes as they come (a 10 MiB `data:` line is never re-scanned per chunk), and the
// body is read to its end so the keep-alive connection can be reused.
import { MiB } from './body';

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
  const lines = new LineSplitter();
  let first: SseEvent | undefined;
  const events = new EventBuilder((e) => {
    if (!first && e.data !== '[DONE]') first = e;
  });
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
      else if (!first) for (const line of lines.push(value)) events.line(line);
    }
  } finally {
    reader.releaseLock();
  }
  if (!sse) return parsed(Buffer.concat(plain).toString('utf8'));
  // A last event without its blank line still counts.
  if (!first) for (const line of [...lines.end(), '']) events.line(line);
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

/** Every event of a whole event-stream text (`[DONE]` included). */
export function parseSseEvents(text: string): SseEvent[] {
  const out: SseEvent[] = [];
  const events = new EventBuilder((e) => out.push(e));
  const lines = new LineSplitter();
  for (const line of [...lines.push(Buffer.from(text, 'utf8')), ...lines.end(), '']) events.line(line);
  return out;
}

/** Splits bytes into lines at CRLF, LF or CR, keeping the parts of an unfinished line as bytes. */
class LineSplitter {
  private parts: Uint8Array[] = [];
  private skipLf = false;

  push(chunk: Uint8Array): string[] {
    const out: string[] = [];
    let from = 0;
    if (this.skipLf && chunk[0] === 0x0a) from = 1;
    this.skipLf = false;
    for (let i = from; i < chunk.length; i++) {
      const b = chunk[i];
      if (b !== 0x0a && b !== 0x0d) continue;
      this.parts.push(chunk.subarray(from, i));
      out.push(this.take());
      if (b === 0x0d) {
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === 0x0a) i++;
        } else this.skipLf = true;
      }
      from = i + 1;
    }
    if (from < chunk.length) this.parts.push(chunk.subarray(from));
    return out;
  }

  end(): string[] {
    return this.parts.length > 0 ? [this.take()] : [];
  }

  private take(): string {
    const text = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    return text;
  }
}

/** Builds events from lines by the event-stream rules; comments (keep-alives) are skipped. */
class EventBuilder {
  private data: string[] = [];
  private event: string | undefined;

  constructor(private readonly onEvent: (e: SseEvent) => void) {}

  line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }

  private dispatch(): void {
    const { data, event } = this;
    this.data = [];
    this.event = undefined;
    if (data.length > 0) this.onEvent({ event, data: data.join('\n') });
  }
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
