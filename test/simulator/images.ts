// POST /v1/images/generations (synchronous) and the signed image files it links to:
// GET /files/images/:id/:name?expires&sig, served without a key like the video files.
// Images are the committed fixtures: PNG by default, JPEG when `output_format` is jpeg/jpg.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApiDeps } from './api';
import { findModel, type SimModel } from './catalog';
import { resetIfFaulted, reply, noteFault, type RequestContext } from './context';
import { ApiError, invalid, notFound } from './errors';
import { numericParam } from './faults';
import { parseJsonBody, route, type Route } from './http';
import { summarizeBody } from './requestLog';
import { fixturePath } from './resultBytes';
import { validateImages } from './validate';
import { imageErrorEvent, paddedPng, slowSseAnswer } from './slowAnswers';

/** Image URLs stay valid this long (simulated seconds). */
export const IMAGE_URL_TTL_S = 3600;
/** Generations remembered for their URLs; older ones answer 404. */
const KEEP = 500;

interface ImageFile {
  bytes: Buffer;
  type: string;
  ext: string;
}

let fixtures: { png: ImageFile; jpeg: ImageFile } | undefined;
/** The fixtures every generation returns (read once): test/fixtures/demo-image.png and .jpg. */
export function imageFixtures(): { png: ImageFile; jpeg: ImageFile } {
  return (fixtures ??= {
    png: { bytes: readFileSync(fixturePath('demo-image.png')), type: 'image/png', ext: 'png' },
    jpeg: { bytes: readFileSync(fixturePath('demo-image.jpg')), type: 'image/jpeg', ext: 'jpg' },
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface ValidImage {
  model: SimModel;
  n: number;
  format: 'url' | 'b64_json';
  file: ImageFile;
  sse: boolean;
}

function validateImageBody(body: unknown): ValidImage {
  if (!isRecord(body)) throw invalid('Request body must be a JSON object.', 'invalid_body');
  const id = body.model;
  if (typeof id !== 'string' || id === '') throw invalid("Missing required parameter: 'model'.", 'missing_required_parameter', 'model');
  const model = findModel(id);
  if (!model) throw invalid(`Model '${id}' not found.`, 'model_not_found', 'model');
  const caps = model.image_caps;
  if (!caps || !model.output_modalities.includes('image')) throw invalid(`Model '${id}' does not generate images.`, 'model_not_image', 'model');
  if (typeof body.prompt !== 'string' || body.prompt.trim() === '') {
    throw invalid("Missing required parameter: 'prompt'.", 'missing_required_parameter', 'prompt');
  }
  const n = body.n ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > caps.max_n) {
    throw invalid(`'n' must be an integer between 1 and ${caps.max_n} for '${id}'.`, 'invalid_n', 'n');
  }
  if (body.aspect_ratio !== undefined && body.aspect_ratio !== null && !caps.aspect_ratios.includes(String(body.aspect_ratio))) {
    throw invalid(`'aspect_ratio' must be one of ${caps.aspect_ratios.join(', ')} for '${id}'.`, 'invalid_aspect_ratio', 'aspect_ratio');
  }
  const format = body.response_format ?? 'url';
  if (format !== 'url' && format !== 'b64_json') throw invalid("'response_format' must be 'url' or 'b64_json'.", 'invalid_value', 'response_format');
  const images = body.input_images;
  if (images !== undefined && images !== null && !(Array.isArray(images) && images.length === 0)) {
    if (!model.input_modalities.includes('image')) throw invalid(`Model '${id}' does not take input images.`, 'input_images_unsupported', 'input_images');
    validateImages(images, 'reference');
  }
  const out = String(body.output_format ?? 'png').toLowerCase();
  if (!['png', 'jpeg', 'jpg'].includes(out)) throw invalid("'output_format' must be png or jpeg.", 'invalid_value', 'output_format');
  const file = out === 'png' ? imageFixtures().png : imageFixtures().jpeg;
  return { model, n, format, file, sse: body.sse === true };
}

/** What the request costs: n × the price per thousand images, plus a per-request fee if any. */
export function imageCostCents(model: SimModel, n: number): number {
  return (n * (model.priceperthousandimages ?? 0)) / 1000 + (model.price_per_generation_cents ?? 0);
}

export function imageRoutes(d: ApiDeps): Route<RequestContext>[] {
  const made = new Map<string, ImageFile>();
  const downSince = new WeakMap<object, number>();
  const fileKey = (id: string, name: string): string => `image/${id}/${name}`;

  return [
    route('POST', '/v1/images/generations', (ctx) => {
      d.keys.require(ctx.req);
      if (!/^application\/json\b/i.test(ctx.req.headers['content-type'] ?? '')) {
        throw invalid('Content-Type must be application/json.', 'invalid_content_type');
      }
      const body = parseJsonBody(ctx.rawBody);
      ctx.entry.body = summarizeBody(body);
      const v = validateImageBody(body);
      // A careless server: more results than asked, or base64 cut short (still decodable).
      const surplus = d.faults.take(['image-n-surplus'], ctx.match);
      const cut = v.format === 'b64_json' ? d.faults.take(['image-b64-truncate'], ctx.match) : undefined;
      if (surplus) noteFault(ctx, 'image-n-surplus');
      if (cut) noteFault(ctx, 'image-b64-truncate');
      const answered = surplus ? Math.max(1, Math.trunc(numericParam(surplus, 300))) : v.n;
      const b64 = (cut ? v.file.bytes.subarray(0, Math.max(1, Math.trunc(numericParam(cut, 22)))) : v.file.bytes).toString('base64');
      const id = randomBytes(8).toString('hex');
      made.set(id, v.file);
      if (made.size > KEEP) made.delete(made.keys().next().value as string);
      const now = Math.floor(d.engine.now());
      const expires = now + IMAGE_URL_TTL_S;
      // image-large: every image a valid PNG of about param bytes (default 2 MB), sent as b64_json.
      const large = d.faults.take(['image-large'], ctx.match);
      if (large) noteFault(ctx, 'image-large');
      const largeB64 = large ? paddedPng(imageFixtures().png.bytes, numericParam(large, 2_000_000)).toString('base64') : undefined;
      const data = Array.from({ length: answered }, (_, i) => {
        if (largeB64 !== undefined) return { b64_json: largeB64 };
        if (v.format === 'b64_json') return { b64_json: b64 };
        const name = `${i}.${v.file.ext}`;
        const sig = d.signer.sign(fileKey(id, name), expires);
        return { url: `${d.baseUrl()}/files/images/${id}/${name}?expires=${expires}&sig=${sig}` };
      });
      const answer = { created: now, data };
      const cost = { 'X-Cost-Cents': String(imageCostCents(v.model, v.n)) };
      if (!v.sse) return reply(ctx, 200, answer, cost);
      if (resetIfFaulted(ctx)) return;
      const errorEvent = d.faults.take(['image-error-event'], ctx.match);
      if (errorEvent) {
        noteFault(ctx, 'image-error-event');
        return imageErrorEvent(ctx.res, typeof errorEvent.param === 'string' ? errorEvent.param : 'The provider failed to generate the image (simulated).');
      }
      const slow = d.faults.take(['image-slow-sse'], ctx.match);
      if (slow) {
        // param "delayMs,everyMs" (default 4000,300): keep-alive comments until the answer.
        noteFault(ctx, 'image-slow-sse');
        const [delay, every] = String(slow.param ?? '')
          .split(',')
          .map(Number);
        return slowSseAnswer(ctx.res, cost, JSON.stringify(answer), Number.isFinite(delay) && delay >= 0 ? delay : 4000, Number.isFinite(every) && every > 0 ? every : 300);
      }
      // sse: nothing streams progressively; the whole answer is one data event, then [DONE].
      ctx.res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', ...cost });
      ctx.res.end(`data: ${JSON.stringify(answer)}\n\ndata: [DONE]\n\n`);
    }),

    route('GET', '/files/images/:id/:name', (ctx, p) => {
      if (resetIfFaulted(ctx)) return;
      // The result host is down for a while: 503 for param simulated seconds (default 6) from its first firing.
      const down = d.faults.take(['image-unavailable-for'], ctx.match);
      if (down) {
        const since = (downSince.get(down) ?? downSince.set(down, d.engine.now()).get(down))!;
        if (d.engine.now() - since < numericParam(down, 6)) {
          noteFault(ctx, 'image-unavailable-for');
          throw new ApiError(503, 'upstream_error', 'The result host is unavailable.', 'unavailable');
        }
      }
      const expires = ctx.url.searchParams.get('expires');
      if (!d.signer.verify(fileKey(p.id, p.name), expires, ctx.url.searchParams.get('sig'))) {
        throw new ApiError(403, 'permission_error', 'Result URL signature is invalid.', 'invalid_signature');
      }
      if (Number(expires) <= d.engine.now()) throw new ApiError(403, 'permission_error', 'Result URL has expired.', 'url_expired');
      const file = made.get(p.id);
      if (!file) throw notFound('Result file not found.', 'file_not_found');
      const truncate = d.faults.take(['download-truncate'], ctx.match);
      ctx.res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.bytes.length, 'Cache-Control': 'private, max-age=3600' });
      if (ctx.req.method === 'HEAD') return void ctx.res.end();
      if (!truncate) return void ctx.res.end(file.bytes);
      noteFault(ctx, 'download-truncate');
      ctx.res.write(file.bytes.subarray(0, Math.min(file.bytes.length, Math.trunc(numericParam(truncate, 0)))), () => ctx.req.socket.destroy());
    }),
  ];
}
