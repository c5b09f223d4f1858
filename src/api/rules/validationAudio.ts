// Checks a speech, music or sound-effect request before anything is sent, in the style of
// validateVideoRequest: every problem names its field and, where there is a list, the allowed
// values. The caps objects (speech_caps, audio_caps, sfx_caps) are undocumented, so they only
// narrow a rule when they hold the expected kind of value. Browser-safe: no node imports.
import { KINDS, type AudioKind } from '../../kinds';
import type { MusicRequest, SfxRequest, SpeechRequest } from '../schemas/audioSchemas';
import { SPEECH_FORMATS, SPEECH_SPEED_MAX, SPEECH_SPEED_MIN, toNumber } from './audioRules';
import { modelKind } from './modelKind';
import type { Model } from '../schemas/schemas';
import { ValidationError, type FieldProblem } from './validation';
import { coded, type ProblemCode } from './messages';
import { promptLengthProblem } from './promptLimits';

export type { AudioKind };

export type AudioFieldProblem = FieldProblem<string>;

export type AudioValidationResult<R> = { ok: true; request: R } | { ok: false; problems: AudioFieldProblem[] };

type Form = Record<string, unknown>;

const NOT_KIND: Record<AudioKind, ProblemCode> = { speech: 'model.notSpeech', music: 'model.notMusic', sfx: 'model.notSfx' };

/** Same error type as the video form's (callers catch one ValidationError); the text names the kind. */
export class AudioValidationError extends ValidationError {
  constructor(kind: AudioKind, problems: AudioFieldProblem[]) {
    super(problems, KINDS[kind].label.toLowerCase());
  }
}

const chosen = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

function capsOf(model: Model | undefined, key: 'speech_caps' | 'audio_caps' | 'sfx_caps'): Record<string, unknown> {
  const caps = model?.[key];
  return typeof caps === 'object' && caps !== null && !Array.isArray(caps) ? (caps as Record<string, unknown>) : {};
}

/** The first of `names` that is a finite number in `caps`. */
function capNumber(caps: Record<string, unknown>, ...names: string[]): number | undefined {
  for (const n of names) if (typeof caps[n] === 'number' && Number.isFinite(caps[n])) return caps[n];
  return undefined;
}

/** The documented formats, narrowed to the caps' `formats` list when it names some of them. */
function formatsFor(caps: Record<string, unknown>): readonly string[] {
  const listed = Array.isArray(caps.formats) ? caps.formats.filter((f): f is string => typeof f === 'string') : [];
  const known = SPEECH_FORMATS.filter((f) => listed.includes(f));
  return known.length > 0 ? known : SPEECH_FORMATS;
}

/** The output formats a speech model takes (the panel's format select lists these). */
export function speechFormats(model: Model | undefined): readonly string[] {
  return formatsFor(capsOf(model, 'speech_caps'));
}

function nonEmpty(problems: AudioFieldProblem[], form: Form, field: string, code: ProblemCode): string {
  const value = typeof form[field] === 'string' ? (form[field] as string) : '';
  if (value.trim() === '') problems.push(coded(field, code));
  return value;
}

function checkFormat(problems: AudioFieldProblem[], value: unknown, allowed: readonly string[]): void {
  if (chosen(value) && (typeof value !== 'string' || !allowed.includes(value))) {
    problems.push(coded('response_format', 'choice.oneOf', ['response_format', allowed.join(', ')], allowed));
  }
}

/** A number in [min, max] (either bound may be open); undefined when not chosen. */
type RangeUnit = '' | 'seconds' | 'ms';
// The codes by unit, bounded / open above; the ms lengths are the whole-number ones.
const RANGE_CODES: Record<RangeUnit, [ProblemCode, ProblemCode]> = {
  '': ['range.between', 'range.above'],
  seconds: ['range.secondsBetween', 'range.secondsAbove'],
  ms: ['range.msBetween', 'range.msAbove'],
};

function checkRange(problems: AudioFieldProblem[], form: Form, field: string, min: number | undefined, max: number | undefined, unit: RangeUnit): number | undefined {
  const integer = unit === 'ms';
  const value = form[field];
  if (!chosen(value)) return undefined;
  const n = toNumber(value);
  const low = min ?? 0;
  const ok = n !== undefined && (integer ? Number.isInteger(n) : true) && (min === undefined ? n > 0 : n >= low) && (max === undefined || n <= max);
  if (!ok) {
    const [between, above] = RANGE_CODES[unit];
    problems.push(max === undefined ? coded(field, above, [field, low]) : coded(field, between, [field, low, max], [low, max]));
  }
  return n;
}

/** The model problems (none chosen, not listed, wrong kind); the caller stops there when any. */
function checkModel(form: Form, model: Model | undefined, kind: AudioKind): AudioFieldProblem[] {
  const id = chosen(form.model) ? String(form.model) : model?.id;
  if (!id) return [coded('model', 'model.missing')];
  if (!model) return [coded('model', 'model.unknown', [id])];
  if (model.id !== id) return [coded('model', 'model.mismatch', [id, model.id])];
  if (modelKind(model) !== kind) return [coded('model', NOT_KIND[kind], [id])];
  return [];
}

/** The field rules of a speech request that need no model (AudioApi checks them before sending). */
export function speechFieldProblems(form: Form, model?: Model): AudioFieldProblem[] {
  const problems: AudioFieldProblem[] = [];
  nonEmpty(problems, form, 'input', 'input.empty');
  nonEmpty(problems, form, 'voice', 'voice.empty');
  checkFormat(problems, form.response_format, formatsFor(capsOf(model, 'speech_caps')));
  checkRange(problems, form, 'speed', SPEECH_SPEED_MIN, SPEECH_SPEED_MAX, '');
  if (chosen(form.seed) && !Number.isInteger(toNumber(form.seed))) problems.push(coded('seed', 'seed.integer'));
  return problems;
}

export function musicFieldProblems(form: Form, model?: Model): AudioFieldProblem[] {
  const problems: AudioFieldProblem[] = [];
  const caps = capsOf(model, 'audio_caps');
  nonEmpty(problems, form, 'prompt', 'prompt.emptyMusic');
  const tooLong = promptLengthProblem('music', form.prompt, model);
  if (tooLong) problems.push(tooLong);
  checkRange(problems, form, 'music_length_ms', capNumber(caps, 'min_music_length_ms', 'min_length_ms'), capNumber(caps, 'max_music_length_ms', 'max_length_ms'), 'ms');
  checkFormat(problems, form.response_format, formatsFor(caps));
  return problems;
}

export function sfxFieldProblems(form: Form, model?: Model): AudioFieldProblem[] {
  const problems: AudioFieldProblem[] = [];
  const caps = capsOf(model, 'sfx_caps');
  nonEmpty(problems, form, 'prompt', 'prompt.emptySound');
  const tooLong = promptLengthProblem('sfx', form.prompt, model);
  if (tooLong) problems.push(tooLong);
  checkRange(problems, form, 'duration_seconds', capNumber(caps, 'min_duration_seconds', 'min_duration_s'), capNumber(caps, 'max_duration_seconds', 'max_duration_s'), 'seconds');
  if (chosen(form.prompt_influence)) {
    const n = toNumber(form.prompt_influence);
    if (n === undefined || n < 0 || n > 1) problems.push(coded('prompt_influence', 'range.between', ['prompt_influence', 0, 1], [0, 1]));
  }
  checkFormat(problems, form.response_format, formatsFor(caps));
  return problems;
}

/** Drops empty optional fields and turns numeric strings into numbers. */
function normalise(form: Form, numeric: readonly string[], modelId: string): Form {
  const out: Form = {};
  for (const [k, v] of Object.entries(form)) if (chosen(v)) out[k] = numeric.includes(k) ? (toNumber(v) ?? v) : v;
  out.model = modelId;
  return out;
}

function validate<R>(
  kind: AudioKind,
  form: Form,
  model: Model | undefined,
  fields: (f: Form, m?: Model) => AudioFieldProblem[],
  numeric: readonly string[],
): AudioValidationResult<R> {
  const modelProblems = checkModel(form, model, kind);
  if (modelProblems.length > 0 || !model) return { ok: false, problems: modelProblems };
  const problems = fields(form, model);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, request: normalise(form, numeric, model.id) as R };
}

export function validateSpeechRequest(input: Form, model: Model | undefined): AudioValidationResult<SpeechRequest> {
  return validate('speech', input, model, speechFieldProblems, ['speed', 'seed']);
}

export function validateMusicRequest(input: Form, model: Model | undefined): AudioValidationResult<MusicRequest> {
  return validate('music', input, model, musicFieldProblems, ['music_length_ms']);
}

export function validateSfxRequest(input: Form, model: Model | undefined): AudioValidationResult<SfxRequest> {
  return validate('sfx', input, model, sfxFieldProblems, ['duration_seconds', 'prompt_influence']);
}
