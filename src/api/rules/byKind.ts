// The one place a kind picks its request rules: its validator and its price estimator. Every caller
// (Generate panel, commands, storyboard, job starts) asks here with the kind instead of switching on
// it, so adding a kind is its src/kinds.ts entry plus one line per table below. Browser-safe.
import type { Kind } from '../../kinds';
import type { Model } from '../schemas/schemas';
import { imageCost, videoCost, type CostEstimate } from './cost';
import { musicCost, sfxCost, speechCost } from './costAudio';
import { isVideoModel } from './modelKind';
import { validateVideoRequest, type FieldProblem, type VideoForm } from './validation';
import { validateMusicRequest, validateSfxRequest, validateSpeechRequest } from './validationAudio';
import { validateImageRequest } from './validationImage';

/** A request that passed its kind's checks: the fields as the API takes them, `model` included. */
export type CheckedRequest = Record<string, unknown> & { model: string };
export type KindValidation = { ok: true; request: CheckedRequest } | { ok: false; problems: FieldProblem<string>[] };

type Validator = (form: Record<string, unknown>, model: Model | undefined) => KindValidation;
type Estimator = (request: Record<string, unknown>, model: Model) => CostEstimate;

const VALIDATORS: Readonly<Record<Kind, Validator>> = {
  // A model that is not a usable video model is checked as no model ("choose a video model").
  video: (form, model) => validateVideoRequest(form as VideoForm, model && isVideoModel(model) ? model : undefined) as KindValidation,
  image: (form, model) => validateImageRequest(form, model) as KindValidation,
  speech: (form, model) => validateSpeechRequest(form, model) as KindValidation,
  music: (form, model) => validateMusicRequest(form, model) as KindValidation,
  sfx: (form, model) => validateSfxRequest(form, model) as KindValidation,
};

const ESTIMATORS: Readonly<Record<Kind, Estimator>> = {
  video: videoCost,
  image: imageCost,
  speech: speechCost,
  music: musicCost,
  sfx: sfxCost,
};

/** Checks `form` (untrusted: a panel form, a command's argument, a storyboard shot) for `kind` on `model`. */
export function validateRequest(kind: Kind, form: Record<string, unknown>, model: Model | undefined): KindValidation {
  return VALIDATORS[kind](form, model);
}

/** The price before sending: `{cents}`, or `{unknown, reason}` when the model's price fields allow no figure. */
export function estimate(kind: Kind, request: Record<string, unknown>, model: Model | undefined): CostEstimate {
  return model ? ESTIMATORS[kind](request, model) : { unknown: true, reason: 'price unknown' };
}
