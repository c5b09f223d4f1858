// The validators' problems as codes with positional parameters, so each edge can put them into the
// person's language (host: src/l10n/describeProblem.ts; webview: the `problem.<code>` strings of
// src/l10n/problemStrings.ts). The English text stays on every problem as `message`: logs, errors
// thrown by the API layer and older callers read it. No imports: the webview bundle loads this.

/** English templates; `{0}`… are the problem's `params` in order. */
export const PROBLEM_ENGLISH = {
  'model.missing': 'model must be chosen',
  'model.unknown': 'model "{0}" is not in the model list (refresh the models or pick another)',
  'model.mismatch': 'model "{0}" does not match the capabilities given for "{1}"',
  'model.notVideo': 'model "{0}" does not generate video',
  'model.notImage': 'model "{0}" does not generate images',
  'model.notSpeech': 'model "{0}" does not generate speech',
  'model.notMusic': 'model "{0}" does not generate music',
  'model.notSfx': 'model "{0}" does not generate sound effect',
  'prompt.emptyScene': 'prompt must describe the scene (it is empty)',
  'prompt.emptyImage': 'prompt must describe the image (it is empty)',
  'prompt.emptyMusic': 'prompt must describe the music (it is empty)',
  'prompt.emptySound': 'prompt must describe the sound (it is empty)',
  'prompt.tooLong': 'prompt is {0} characters long; at most {1} are allowed (shorten it)',
  'input.empty': 'input must be the text to speak (it is empty)',
  'voice.empty': 'voice must be chosen (it is empty)',
  'model.notOperation': 'model "{0}" does not do {1}',
  'file.missing': 'file must be an audio or video file in the workspace',
  'file.type': 'file must be one of {0} (it is {1})',
  'file.tooLarge': 'the file is {0}; at most {1} can be uploaded (use a shorter or more compressed file)',
  'language.code': '{0} must be a language code such as en, ru or it',
  'mode.oneOf': 'mode must be one of {0} for {1}',
  'choice.oneOf': '{0} must be one of {1}',
  'choice.notOffered': '{0} cannot be chosen for {1}; leave it empty',
  'duration.fixed': 'duration_seconds must be {0} seconds for {1}',
  'duration.range': 'duration_seconds must be a whole number between {0} and {1} seconds',
  'images.required': 'input_images needs at least one image in {0} mode',
  'images.unused': 'input_images are only used in image or reference mode; remove them or change the mode',
  'images.notAccepted': '{0} does not take input images; remove them or pick an editing model',
  'image.notObject': 'input_images[{0}] must be {url} or {b64_json}',
  'image.urlNotString': 'input_images[{0}] url must be a string',
  'image.urlNotHttps': 'input_images[{0}] url must start with https:// (the server fetches it)',
  'image.urlInvalid': 'input_images[{0}] url is not a valid URL',
  'image.b64Empty': 'input_images[{0}] b64_json must be non-empty base64',
  'image.b64DataPrefix': 'input_images[{0}] b64_json must be plain base64, without a data: prefix',
  'image.oneSource': 'input_images[{0}] must have exactly one of url or b64_json',
  'n.one': 'n must be 1 for {0}',
  'n.range': 'n must be a whole number from 1 to {0} for {1}',
  'seed.integer': 'seed must be a whole number',
  'range.between': '{0} must be a number between {1} and {2}',
  'range.above': '{0} must be a number greater than {1}',
  'range.secondsBetween': '{0} must be a number between {1} and {2} seconds',
  'range.secondsAbove': '{0} must be a number greater than {1} seconds',
  'range.msBetween': '{0} must be a whole number between {1} and {2} ms',
  'range.msAbove': '{0} must be a whole number greater than {1} ms',
} as const;

export type ProblemCode = keyof typeof PROBLEM_ENGLISH;
export const PROBLEM_CODES = Object.keys(PROBLEM_ENGLISH) as ProblemCode[];
export type ProblemParam = string | number;

/** `{0}`… of a template filled from `params`; a brace that is not a number (`{url}`) stays. */
export function fillTemplate(template: string, params: readonly ProblemParam[] = []): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (params[Number(i)] === undefined ? m : String(params[Number(i)])));
}

/** A problem with its code, parameters and English message. */
export function coded<F extends string>(
  field: F,
  code: ProblemCode,
  params: readonly ProblemParam[] = [],
  allowed?: readonly (string | number)[],
): { field: F; code: ProblemCode; params: ProblemParam[]; message: string; allowed?: readonly (string | number)[] } {
  return { field, code, params: [...params], message: fillTemplate(PROBLEM_ENGLISH[code], params), ...(allowed ? { allowed } : {}) };
}

/** The panel's string keys for the codes (`problem.<code>`), listed in STRING_KEYS. */
export const PROBLEM_STRING_KEYS = PROBLEM_CODES.map((c) => `problem.${c}` as const);
