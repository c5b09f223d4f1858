// The workspace-media endpoints (multipart in, read as it streams: multipart.ts): transcription,
// dubbing (async, on the simulated clock), voice isolation and the voice changer. Billed per minute
// of the upload's duration, read from its first MiB with music-metadata (1 minute when unreadable).
// Faults: upload-stall, upload-too-large, transcript-as-text, transcript-no-segments,
// response-format-refused, dubbing-fail, dubbing-unknown-status; reset-after-body / hold-after-body
// (a lost create) and wrong-content-type apply as elsewhere.
import type { KeyRing } from './auth';
import { audioFixture } from './audio';
import { findModel, type SimModel } from './catalog';
import { noteFault, reply, resetIfFaulted, type RequestContext } from './context';
import { invalid, notFound } from './errors';
import { numericParam, type FaultRegistry } from './faults';
import { route, type Route } from './http';
import type { MediaState } from './mediaState';
import { readMultipart, tooLarge, type MultipartForm, type UploadedFile } from './multipart';

export interface MediaDeps {
  keys: KeyRing;
  faults: FaultRegistry;
  media: MediaState;
  maxUploadBytes: number;
}

const KEEP_HEAD = 1024 * 1024;
const centsText = (cents: number): string => String(Math.round(cents * 10_000) / 10_000);

/** Reads the upload (after the key check), honouring the upload faults; records a summary. */
export async function readUpload(ctx: RequestContext, d: MediaDeps): Promise<MultipartForm> {
  if (d.faults.take(['upload-too-large'], ctx.match)) {
    noteFault(ctx, 'upload-too-large');
    throw tooLarge(d.maxUploadBytes);
  }
  const stall = d.faults.take(['upload-stall'], ctx.match);
  if (stall) noteFault(ctx, 'upload-stall');
  const form = await readMultipart(ctx.req, { maxBytes: d.maxUploadBytes, keepFileBytes: KEEP_HEAD, stallAfter: stall ? numericParam(stall, 64 * 1024) : undefined });
  ctx.entry.body = {
    fields: Object.fromEntries([...form.fields].map(([k, v]) => [k, v.length === 1 ? v[0] : v])),
    files: form.files.map((f) => ({ field: f.field, filename: f.filename, contentType: f.contentType, size: f.size, sha256: f.sha256 })),
  };
  return form;
}

export function field(form: MultipartForm, name: string, required: true): string;
export function field(form: MultipartForm, name: string, required?: false): string | undefined;
export function field(form: MultipartForm, name: string, required = false): string | undefined {
  const v = form.fields.get(name)?.[0];
  if (required && (v === undefined || v.trim() === '')) throw invalid(`'${name}' is required.`, 'missing_field', name);
  return v;
}

export function fileOf(form: MultipartForm, name: string): UploadedFile {
  const f = form.files.find((x) => x.field === name);
  if (!f) throw invalid(`'${name}' is required (a file part).`, 'missing_field', name);
  return f;
}

export function modelOf(form: MultipartForm, type: SimModel['media_type']): SimModel {
  const id = field(form, 'model', true);
  const model = findModel(id);
  if (!model) throw notFound(`Model '${id}' not found.`, 'model_not_found');
  if (model.media_type !== type) throw invalid(`Model '${id}' does not do ${type}.`, 'model_not_supported', 'model');
  return model;
}

/** Seconds of the uploaded media, from its head; 60 when it cannot be read. */
export async function durationOf(file: UploadedFile): Promise<number> {
  try {
    const mm = await import('music-metadata');
    const meta = await mm.parseBuffer(file.head, { mimeType: file.contentType, size: file.size }, { duration: true, skipCovers: true });
    const d = meta.format.duration;
    return d !== undefined && Number.isFinite(d) && d > 0 ? d : 60;
  } catch {
    return 60;
  }
}

const perMinute = (model: SimModel, seconds: number): number => (seconds / 60) * (model.price_per_audio_minute_cents ?? 0);

/** The transcript the simulator "hears": one sentence per 2 s of audio. */
function segmentsFor(seconds: number): { id: number; start: number; end: number; text: string }[] {
  const out = [];
  for (let i = 0, t = 0; t < seconds || i === 0; i++, t += 2) {
    out.push({ id: i, start: t, end: Math.min(seconds, t + 2), text: i === 0 ? 'Hello from the simulator.' : `Sentence ${i + 1}.` });
  }
  return out;
}

function sendAudioBytes(ctx: RequestContext, d: MediaDeps, cost: number): void {
  if (resetIfFaulted(ctx)) return;
  const headers = { 'X-Cost-Cents': centsText(cost) };
  if (d.faults.take(['wrong-content-type'], ctx.match)) {
    noteFault(ctx, 'wrong-content-type');
    ctx.res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
    return void ctx.res.end('<!doctype html><p>Temporarily unavailable</p>');
  }
  const bytes = audioFixture('tone.mp3');
  ctx.res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': bytes.length, ...headers });
  ctx.res.end(bytes);
}

export function mediaRoutes(d: MediaDeps): Route<RequestContext>[] {
  const ownJob = (owner: string, id: string) => {
    const job = d.media.dubbing.get(id);
    if (!job || job.owner !== owner) throw notFound(`Dubbing '${id}' not found.`, 'dubbing_not_found');
    return job;
  };
  return [
    route('POST', '/v1/audio/transcriptions', async (ctx) => {
      d.keys.require(ctx.req);
      const form = await readUpload(ctx, d);
      const model = modelOf(form, 'transcription');
      const file = fileOf(form, 'file');
      const format = field(form, 'response_format');
      if (format !== undefined && d.faults.take(['response-format-refused'], ctx.match)) {
        noteFault(ctx, 'response-format-refused');
        throw invalid("Unknown parameter 'response_format'.", 'unknown_parameter', 'response_format');
      }
      if (format !== undefined && !['json', 'text', 'verbose_json', 'srt', 'vtt'].includes(format)) {
        throw invalid("'response_format' must be one of json, text, verbose_json, srt, vtt.", 'invalid_value', 'response_format');
      }
      const seconds = await durationOf(file);
      const headers = { 'X-Cost-Cents': centsText(perMinute(model, seconds)) };
      const segments = segmentsFor(seconds);
      const text = segments.map((s) => s.text).join(' ');
      const language = field(form, 'language') ?? 'en';
      if (resetIfFaulted(ctx)) return;
      const asText = d.faults.take(['transcript-as-text'], ctx.match);
      if (asText) noteFault(ctx, 'transcript-as-text');
      if (asText || format === 'text' || format === 'srt' || format === 'vtt') {
        ctx.res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
        return void ctx.res.end(text);
      }
      const plain = d.faults.take(['transcript-no-segments'], ctx.match);
      if (plain) noteFault(ctx, 'transcript-no-segments');
      const body = format === 'verbose_json' && !plain ? { task: 'transcribe', language, duration: seconds, text, segments } : { text, language, duration: seconds };
      reply(ctx, 200, body, headers);
    }),

    route('POST', '/v1/audio/dubbing', async (ctx) => {
      const owner = d.keys.require(ctx.req);
      const form = await readUpload(ctx, d);
      const model = modelOf(form, 'dubbing');
      const file = fileOf(form, 'file');
      const target = field(form, 'target_lang', true);
      if (!/^[a-z]{2,3}$/i.test(target)) throw invalid("'target_lang' must be a language code such as 'ru'.", 'invalid_value', 'target_lang');
      const seconds = await durationOf(file);
      const fail = d.faults.take(['dubbing-fail'], ctx.match);
      if (fail) noteFault(ctx, 'dubbing-fail');
      const odd = d.faults.take(['dubbing-unknown-status'], ctx.match);
      if (odd) noteFault(ctx, 'dubbing-unknown-status');
      const job = {
        dubbing_id: d.media.newId('dub'),
        owner,
        model: model.id,
        target_lang: target.toLowerCase(),
        source_lang: field(form, 'source_lang') ?? null,
        created: d.media.clock.now(),
        source_duration: seconds,
        ...(fail ? { failMessage: typeof fail.param === 'string' ? fail.param : 'The provider could not dub this file (simulated failure).' } : {}),
        ...(odd ? { oddStatus: typeof odd.param === 'string' ? odd.param : 'transcoding' } : {}),
      };
      d.media.dubbing.set(job.dubbing_id, job);
      reply(ctx, 200, { dubbing_id: job.dubbing_id, status: 'queued' }, { 'X-Cost-Cents': centsText(perMinute(model, seconds)) });
    }),

    route('GET', '/v1/audio/dubbing/:id', (ctx, p) => {
      const job = ownJob(d.keys.require(ctx.req), p.id);
      const { status, error } = d.media.dubbingStatus(job);
      reply(ctx, 200, {
        dubbing_id: job.dubbing_id,
        status,
        language_pairs: [{ source: job.source_lang ?? 'en', target: job.target_lang }],
        source_duration: job.source_duration,
        ...(error ? { error } : {}),
      });
    }),

    route('GET', '/v1/audio/dubbing/:id/audio/:lang', (ctx, p) => {
      const job = ownJob(d.keys.require(ctx.req), p.id);
      if (p.lang.toLowerCase() !== job.target_lang) throw notFound(`No '${p.lang}' track for dubbing '${p.id}'.`, 'language_not_found');
      if (d.media.dubbingStatus(job).status !== 'completed') throw invalid(`Dubbing '${p.id}' has not completed.`, 'dubbing_not_ready');
      if (resetIfFaulted(ctx)) return;
      const bytes = audioFixture('tone.mp3');
      ctx.res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': bytes.length });
      ctx.res.end(ctx.req.method === 'HEAD' ? undefined : bytes);
    }),

    route('POST', '/v1/audio/audio-isolation', async (ctx) => {
      d.keys.require(ctx.req);
      const form = await readUpload(ctx, d);
      const model = modelOf(form, 'isolation');
      sendAudioBytes(ctx, d, perMinute(model, await durationOf(fileOf(form, 'file'))));
    }),

    route('POST', '/v1/audio/voice-changer', async (ctx) => {
      const owner = d.keys.require(ctx.req);
      const form = await readUpload(ctx, d);
      const model = modelOf(form, 'voice-changer');
      const voice = field(form, 'voice', true);
      if (!d.media.voiceUsable(voice, owner)) throw invalid(`Voice '${voice}' not found.`, 'voice_not_found', 'voice');
      sendAudioBytes(ctx, d, perMinute(model, await durationOf(fileOf(form, 'file'))));
    }),
  ];
}
