// The image endpoint: POST /v1/images/generations, synchronous. The client always asks for
// `sse: true` (the server then keeps a long request's connection alive and sends the whole answer
// as one `data:` event, then `[DONE]`); a plain JSON answer is accepted too.
//
// Every POST that reaches the server is billed per image and there is no list to look it up in, so
// a POST whose connection drops after the body was sent is never re-sent: CreateOutcomeUnknownError.
// 429/503 *responses* are retried by the transport (they prove nothing was made).
import { createParser } from 'eventsource-parser';
import { USAGE_ADVICE } from './errors';
import { SSE_TYPE, type Exchange, type Http } from './http';
import { ImageRequestSchema, ImageResponseSchema, imagesOf, type GeneratedImage, type ImageRequest } from './imageSchemas';
import { parseCostHeader } from './costHeader';

export const IMAGE_PATH = '/v1/images/generations';

export interface ImageResult {
  /** The server's X-Request-ID when trusted, else ours: the id to record in the sidecar. */
  requestId: string;
  /** What the server billed (X-Cost-Cents), when it said so. */
  costCents?: number;
  created?: number;
  images: GeneratedImage[];
}

export class ImageApi {
  constructor(private readonly http: Http) {}

  async generate(req: ImageRequest, opts: { signal?: AbortSignal } = {}): Promise<ImageResult> {
    this.http.checkBody(ImageRequestSchema, req, 'image');
    const body = JSON.stringify({ ...req, sse: true });
    const billed = { subject: 'image request', advice: USAGE_ADVICE };
    const ex = await this.http.send({ method: 'POST', path: IMAGE_PATH, body, signal: opts.signal, accept: `${SSE_TYPE}, application/json`, billed });
    return this.http.readAccepted(() => this.read(ex), 'The images were probably generated (and billed): check your usage before trying again');
  }

  private read(ex: Exchange): ImageResult {
    const type = (ex.headers.get('content-type') ?? '').toLowerCase();
    const payload = type.startsWith(SSE_TYPE) ? this.ssePayload(ex) : ex;
    const parsed = this.http.parse(ImageResponseSchema, payload, 'POST', IMAGE_PATH);
    const found = imagesOf(parsed);
    if ('badIndex' in found) {
      throw this.http.error({
        message: `POST ${IMAGE_PATH}: unexpected response at data[${found.badIndex}]: neither url nor b64_json`,
        type: 'invalid_response',
        code: 'schema_mismatch',
        param: `data[${found.badIndex}]`,
        status: ex.status,
        requestId: ex.requestId,
      });
    }
    const out: ImageResult = { requestId: ex.requestId, images: found.images };
    const cost = parseCostHeader(ex.headers.get('x-cost-cents'));
    if (cost !== undefined) out.costCents = cost;
    if (parsed.created !== undefined) out.created = parsed.created;
    return out;
  }

  /** The one `data:` event of an SSE answer, as an exchange whose body is that JSON. An error event throws. */
  private ssePayload(ex: Exchange): Exchange {
    if (ex.tooLarge !== undefined) return ex; // parse() reports the size
    const events = parseSseEvents(ex.bodyText);
    const first = events.find((e) => e.data !== '[DONE]');
    if (!first) {
      throw this.http.error({ message: `POST ${IMAGE_PATH} answered an event stream without a data event`, type: 'invalid_response', status: ex.status, requestId: ex.requestId });
    }
    const errorText = eventError(first);
    if (errorText !== undefined) {
      throw this.http.error({ message: `POST ${IMAGE_PATH} failed: ${errorText}`, type: 'api_error', status: ex.status, requestId: ex.requestId, apiMessage: errorText });
    }
    return { ...ex, bodyText: first.data };
  }
}

export interface SseEvent {
  event?: string;
  data: string;
}

/** The events of a whole event-stream text, through the same parser the progress stream uses. */
export function parseSseEvents(text: string): SseEvent[] {
  const out: SseEvent[] = [];
  const parser = createParser({ onEvent: (m) => out.push({ event: m.event, data: m.data }) });
  parser.feed(text);
  parser.reset({ consume: true }); // a last event without its blank line still counts
  return out;
}

/** An `event: error` or a payload `{error: …}` sent inside a 200 stream: its message, else undefined. */
export function eventError(e: SseEvent): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(e.data);
  } catch {
    return e.event === 'error' ? e.data.slice(0, 300) : undefined;
  }
  const rec = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const err = rec.error;
  if (e.event !== 'error' && err === undefined) return undefined;
  if (typeof err === 'string') return typeof rec.message === 'string' ? rec.message : err;
  if (typeof err === 'object' && err !== null && typeof (err as Record<string, unknown>).message === 'string') return (err as Record<string, string>).message;
  return typeof rec.message === 'string' ? rec.message : 'the server sent an error event';
}
