// The validators' problem codes (src/api/rules/messages.ts) as the person's language says them: one literal
// l10n.t per code, `{0}`… left for the filler. The panel's strings spread these in (key `problem.<code>`),
// and the host's describeProblem (src/l10n/describeProblem.ts) reads the same table.
import type { ProblemCode } from '../api/rules/messages';
import type { L10n } from './l10n';

export type ProblemStringKey = `problem.${ProblemCode}`;

export function problemStrings(l10n: L10n): Record<ProblemStringKey, string> {
  return {
    'problem.model.missing': l10n.t('model must be chosen'),
    'problem.model.unknown': l10n.t('model "{0}" is not in the model list (refresh the models or pick another)'),
    'problem.model.mismatch': l10n.t('model "{0}" does not match the capabilities given for "{1}"'),
    'problem.model.notVideo': l10n.t('model "{0}" does not generate video'),
    'problem.model.notImage': l10n.t('model "{0}" does not generate images'),
    'problem.model.notSpeech': l10n.t('model "{0}" does not generate speech'),
    'problem.model.notMusic': l10n.t('model "{0}" does not generate music'),
    'problem.model.notSfx': l10n.t('model "{0}" does not generate sound effect'),
    'problem.prompt.emptyScene': l10n.t('prompt must describe the scene (it is empty)'),
    'problem.prompt.emptyImage': l10n.t('prompt must describe the image (it is empty)'),
    'problem.prompt.emptyMusic': l10n.t('prompt must describe the music (it is empty)'),
    'problem.prompt.emptySound': l10n.t('prompt must describe the sound (it is empty)'),
    'problem.prompt.tooLong': l10n.t('prompt is {0} characters long; at most {1} are allowed (shorten it)'),
    'problem.input.empty': l10n.t('input must be the text to speak (it is empty)'),
    'problem.voice.empty': l10n.t('voice must be chosen (it is empty)'),
    'problem.model.notOperation': l10n.t('model "{0}" does not do {1}'),
    'problem.file.missing': l10n.t('file must be an audio or video file in the workspace'),
    'problem.file.type': l10n.t('file must be one of {0} (it is {1})'),
    'problem.file.tooLarge': l10n.t('the file is {0}; at most {1} can be uploaded (use a shorter or more compressed file)'),
    'problem.language.code': l10n.t('{0} must be a language code such as en, ru or it'),
    'problem.mode.oneOf': l10n.t('mode must be one of {0} for {1}'),
    'problem.choice.oneOf': l10n.t('{0} must be one of {1}'),
    'problem.choice.notOffered': l10n.t('{0} cannot be chosen for {1}; leave it empty'),
    'problem.duration.fixed': l10n.t('duration_seconds must be {0} seconds for {1}'),
    'problem.duration.range': l10n.t('duration_seconds must be a whole number between {0} and {1} seconds'),
    'problem.images.required': l10n.t('input_images needs at least one image in {0} mode'),
    'problem.images.unused': l10n.t('input_images are only used in image or reference mode; remove them or change the mode'),
    'problem.images.notAccepted': l10n.t('{0} does not take input images; remove them or pick an editing model'),
    'problem.image.notObject': l10n.t('input_images[{0}] must be {url} or {b64_json}'),
    'problem.image.urlNotString': l10n.t('input_images[{0}] url must be a string'),
    'problem.image.urlNotHttps': l10n.t('input_images[{0}] url must start with https:// (the server fetches it)'),
    'problem.image.urlInvalid': l10n.t('input_images[{0}] url is not a valid URL'),
    'problem.image.b64Empty': l10n.t('input_images[{0}] b64_json must be non-empty base64'),
    'problem.image.b64DataPrefix': l10n.t('input_images[{0}] b64_json must be plain base64, without a data: prefix'),
    'problem.image.oneSource': l10n.t('input_images[{0}] must have exactly one of url or b64_json'),
    'problem.n.one': l10n.t('n must be 1 for {0}'),
    'problem.n.range': l10n.t('n must be a whole number from 1 to {0} for {1}'),
    'problem.seed.integer': l10n.t('seed must be a whole number'),
    'problem.range.between': l10n.t('{0} must be a number between {1} and {2}'),
    'problem.range.above': l10n.t('{0} must be a number greater than {1}'),
    'problem.range.secondsBetween': l10n.t('{0} must be a number between {1} and {2} seconds'),
    'problem.range.secondsAbove': l10n.t('{0} must be a number greater than {1} seconds'),
    'problem.range.msBetween': l10n.t('{0} must be a whole number between {1} and {2} ms'),
    'problem.range.msAbove': l10n.t('{0} must be a whole number greater than {1} ms'),
  };
}
