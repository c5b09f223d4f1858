// The image endpoint: POST /v1/images/generations, synchronous. The client always asks for
// `sse: true` (the server then keeps a long request's connection alive with comments and sends the
// whole answer as one `data:` event, then `[DONE]`); a plain JSON answer is accepted too. The
// answer is read as it arrives (imageAnswer.ts), under an idle timer that every byte resets and a
// cap sized for `n` images, never the 8 MiB cap of small JSON answers.
//
// Every POST that reaches the server is billed per image and there is no list to look it up in, so
// a POST whose connection drops after the body was sent is never re-sent: CreateOutcomeUnknownError.
// An answer that was accepted (2xx) but can't be read is "probably billed" (the status stays on the
// error); an error event from the provider is a plain failure: nothing was made.
// 429/503 *responses* are retried by the transport (they prove nothing was made).
import { USAGE_ADVICE } from './http/errors';
import { SSE_TYPE, type Exchange, type Http } from './http/http';
import { imageAnswerCap, readImageAnswer, type ImageAnswer } from './imageAnswer';
import { ImageRequestSchema, ImageResponseSchema, imagesOf, type GeneratedImage, type ImageRequest } from './schemas/imageSchemas';
import { parseCostHeader } from './http/costHeader';
import { checkJson, parseJsonBody } from './http/parseJson';

export { parseSseEvents, type SseEvent } from './imageAnswer';

export const IMAGE_PATH = '/v1/images/generations';
const LABEL = `POST ${IMAGE_PATH}`;
const PROBABLY_BILLED = 'The images were probably generated (and billed): check your usage before trying again';

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
    const ex = await this.http.send({ method: 'POST', path: IMAGE_PATH, body, signal: opts.signal, accept: `${SSE_TYPE}, application/json`, billed, raw: true });
    const cap = imageAnswerCap(req.n);
    const sse = (ex.headers.get('content-type') ?? '').toLowerCase().startsWith(SSE_TYPE);
    let answer: ImageAnswer;
    try {
      answer = ex.response?.body ? await readImageAnswer(ex.response.body, sse, cap) : { kind: 'not-json' };
    } catch (err) {
      // Stalled, cut off or too slow after the 2xx: the status on the error says "accepted".
      throw this.http.acceptedError(err, PROBABLY_BILLED);
    }
    if (answer.kind === 'error') {
      // The provider said it failed: nothing was made, so this is no "probably billed" case.
      throw this.http.error({ message: `${LABEL} failed: ${answer.message}`, type: 'api_error', code: 'provider_error', requestId: ex.requestId, apiMessage: answer.message });
    }
    return this.http.readAccepted(() => this.read(ex, answer, cap), PROBABLY_BILLED);
  }

  private read(ex: Exchange, answer: Exclude<ImageAnswer, { kind: 'error' }>, cap: number): ImageResult {
    const error = this.http.error.bind(this.http);
    if (answer.kind === 'too-large') parseJsonBody(ImageResponseSchema, { ...ex, tooLarge: answer.received }, LABEL, cap, error);
    if (answer.kind === 'no-event')
      throw error({ message: `${LABEL} answered an event stream without a data event`, type: 'invalid_response', status: ex.status, requestId: ex.requestId });
    if (answer.kind === 'not-json')
      throw error({ message: `${LABEL} answered ${ex.status} with a body that is not JSON`, type: 'invalid_response', status: ex.status, requestId: ex.requestId });
    const parsed = checkJson(ImageResponseSchema, answer.kind === 'json' ? answer.json : undefined, ex, LABEL, error);
    const found = imagesOf(parsed);
    if ('badIndex' in found) {
      throw error({
        message: `${LABEL}: unexpected response at data[${found.badIndex}]: neither url nor b64_json`,
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
}
