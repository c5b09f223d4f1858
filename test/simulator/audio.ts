// The audio endpoints: speech, music and sound effects answer raw bytes (the committed fixtures
// test/fixtures/tone.mp3 and tone.wav, picked by response_format), GET /v1/audio/voices lists voices
// whose preview_url this server also serves (without a key, like a CDN). Each billed answer carries
// X-Cost-Cents. Faults: the server-wide ones (status-*, reset-*, hold-after-body, huge-body) apply as
// everywhere; wrong-content-type answers an HTML page instead of audio; download-truncate cuts the
// audio body halfway (Content-Length announces it whole).
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { KeyRing } from './auth';
import { AUDIO_FORMATS, findModel, SIM_VOICE_IDS, type SimModel } from './catalog';
import { noteFault, reply, resetIfFaulted, type RequestContext } from './context';
import { invalid, notFound } from './errors';
import { numericParam, type FaultRegistry } from './faults';
import { parseJsonBody, route, type Route } from './http';
import { summarizeBody } from './requestLog';
import type { MediaState } from './mediaState';
import { fixturePath } from './resultBytes';
import { stalledBody } from './slowAnswers';

export interface AudioDeps {
  keys: KeyRing;
  faults: FaultRegistry;
  baseUrl: () => string;
  /** Cloned voices: listed with the stock ones and usable wherever a voice is. */
  media?: MediaState;
}

type AudioKind = 'speech' | 'music' | 'sfx';
type Body = Record<string, unknown>;

/** The media_type of each kind's models (docs: music models are `audio`). */
const MEDIA_TYPE: Record<AudioKind, SimModel['media_type']> = { speech: 'speech', music: 'audio', sfx: 'sfx' };
/** Billed length when the request leaves it to the server. */
const DEFAULT_MUSIC_MS = 30_000;
const DEFAULT_SFX_SECONDS = 5;

export const SIM_VOICES = [
  {
    voice_id: SIM_VOICE_IDS[0],
    name: 'Rachel',
    category: 'premade',
    language: 'en',
    accent: 'american',
    age: 'young',
    gender: 'female',
    use_case: 'narration',
    description: 'Calm, clear.',
  },
  { voice_id: SIM_VOICE_IDS[1], name: 'Adam', category: 'premade', language: 'en', accent: 'british', age: 'middle aged', gender: 'male', use_case: 'news' },
];

const fixtures = new Map<string, Buffer>();
/** The committed audio fixture of that name, read once. */
export function audioFixture(name: 'tone.mp3' | 'tone.wav'): Buffer {
  let bytes = fixtures.get(name);
  if (!bytes) fixtures.set(name, (bytes = readFileSync(fixturePath(name))));
  return bytes;
}

/** mp3* → MP3; the PCM and µ-law formats come with a WAV header. */
export function audioFor(format: string | undefined): { bytes: Buffer; type: string } {
  return format === undefined || format.startsWith('mp3') ? { bytes: audioFixture('tone.mp3'), type: 'audio/mpeg' } : { bytes: audioFixture('tone.wav'), type: 'audio/wav' };
}

function text(body: Body, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || v.trim() === '') throw invalid(`'${field}' is required and must be a non-empty string.`, 'missing_field', field);
  return v;
}

function optionalNumber(body: Body, field: string, min: number, max: number, integer = false): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw invalid(`'${field}' must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}.`, 'invalid_value', field);
  }
  return v;
}

function checkFormat(body: Body): string | undefined {
  const f = body.response_format;
  if (f === undefined || f === null) return undefined;
  if (typeof f !== 'string' || !AUDIO_FORMATS.includes(f)) {
    throw invalid(`'response_format' must be one of ${AUDIO_FORMATS.join(', ')}.`, 'invalid_value', 'response_format');
  }
  return f;
}

function modelFor(body: Body, kind: AudioKind): SimModel {
  const id = text(body, 'model');
  const model = findModel(id);
  if (!model) throw notFound(`Model '${id}' not found.`, 'model_not_found');
  if (model.media_type !== MEDIA_TYPE[kind]) throw invalid(`Model '${id}' does not generate ${kind}.`, 'model_not_supported', 'model');
  return model;
}

/** Validates the body and returns what this request costs, in cents. */
function billed(kind: AudioKind, body: Body, model: SimModel, voiceUsable: (id: string) => boolean): number {
  const flat = model.price_per_generation_cents ?? 0;
  const perSecond = model.price_per_audio_second_cents ?? (model.price_per_audio_minute_cents ?? 0) / 60;
  if (kind === 'speech') {
    const input = text(body, 'input');
    const voice = text(body, 'voice');
    if (!voiceUsable(voice)) throw invalid(`Voice '${voice}' not found.`, 'voice_not_found', 'voice');
    optionalNumber(body, 'speed', 0.25, 4);
    return ([...input].length * (model.price_per_million_chars_cents ?? 0)) / 1e6 + flat;
  }
  text(body, 'prompt');
  if (kind === 'music') {
    const caps = model.audio_caps;
    const ms = optionalNumber(body, 'music_length_ms', caps?.min_length_ms ?? 1, caps?.max_length_ms ?? 600_000, true) ?? DEFAULT_MUSIC_MS;
    return (ms / 1000) * perSecond + flat;
  }
  const caps = model.sfx_caps;
  optionalNumber(body, 'prompt_influence', 0, 1);
  const seconds = optionalNumber(body, 'duration_seconds', caps?.min_duration_seconds ?? 0.5, caps?.max_duration_seconds ?? 30) ?? DEFAULT_SFX_SECONDS;
  return seconds * perSecond + flat;
}

/** Whole-ish cents as a plain decimal (never an exponent). */
const centsText = (cents: number): string => String(Math.round(cents * 10_000) / 10_000);

/** `truncateAt`: only that many bytes of the announced length, then the connection drops. */
function sendAudio(res: ServerResponse, bytes: Buffer, type: string, headers: Record<string, string>, truncateAt?: number): void {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': bytes.length, ...headers });
  if (res.req.method === 'HEAD') return void res.end();
  if (truncateAt === undefined) return void res.end(bytes);
  res.write(bytes.subarray(0, truncateAt), () => res.destroy());
}

export function audioRoutes(d: AudioDeps): Route<RequestContext>[] {
  const create = (kind: AudioKind) => (ctx: RequestContext) => {
    const owner = d.keys.require(ctx.req);
    if (!/^application\/json\b/i.test(ctx.req.headers['content-type'] ?? '')) throw invalid('Content-Type must be application/json.', 'invalid_content_type');
    const body = parseJsonBody(ctx.rawBody);
    ctx.entry.body = summarizeBody(body);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The request body must be a JSON object.', 'invalid_body');
    const b = body as Body;
    const model = modelFor(b, kind);
    const format = checkFormat(b);
    const cost = billed(kind, b, model, (id) => (d.media ? d.media.voiceUsable(id, owner) : SIM_VOICE_IDS.includes(id)));
    if (resetIfFaulted(ctx)) return;
    const headers = { 'X-Cost-Cents': centsText(cost) };
    if (d.faults.take(['wrong-content-type'], ctx.match)) {
      // A proxy's error page with a 200: the client must not save it as audio.
      noteFault(ctx, 'wrong-content-type');
      return sendAudio(ctx.res, Buffer.from('<!doctype html><title>Service</title><p>Temporarily unavailable</p>'), 'text/html; charset=utf-8', headers);
    }
    const { bytes, type } = audioFor(format);
    const stall = d.faults.take(['body-stall'], ctx.match);
    if (stall) {
      // The headers and param bytes (default 1024), then nothing: the socket stays open.
      noteFault(ctx, 'body-stall');
      return stalledBody(ctx.res, type, bytes, headers, numericParam(stall, 1024));
    }
    const truncate = d.faults.take(['download-truncate'], ctx.match);
    if (truncate) noteFault(ctx, 'download-truncate');
    const cut = truncate ? Math.max(0, Math.min(bytes.length - 1, numericParam(truncate, Math.floor(bytes.length / 2)))) : undefined;
    sendAudio(ctx.res, bytes, type, headers, cut);
  };

  return [
    route('POST', '/v1/audio/speech', create('speech')),
    route('POST', '/v1/audio/music', create('music')),
    route('POST', '/v1/audio/sound-effects', create('sfx')),
    route('GET', '/v1/audio/voices', (ctx) => {
      const owner = d.keys.require(ctx.req);
      const stock = SIM_VOICES.map((v) => ({ ...v, preview_url: `${d.baseUrl()}/files/voices/${v.voice_id}/preview.mp3` }));
      const voices = [...stock, ...(d.media?.clonedVoices(owner) ?? [])];
      reply(ctx, 200, { voices });
    }),
    // Public like a CDN file: no key needed.
    route('GET', '/files/voices/:id/preview.mp3', (ctx, p) => {
      if (!SIM_VOICE_IDS.includes(p.id)) throw notFound(`Voice '${p.id}' not found.`, 'voice_not_found');
      if (resetIfFaulted(ctx)) return;
      sendAudio(ctx.res, audioFixture('tone.mp3'), 'audio/mpeg', {});
    }),
  ];
}
