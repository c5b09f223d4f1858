// The one place that says how long a prompt may be, shared by the validators (host and webview), the
// panel's live character count and the commands' request-object checks. A 20,000-character prompt is
// sent and billed like any other, so the text kinds are held to 4,000 characters unless the model's
// caps name a limit of their own. Speech is billed per character and the server chunks long input:
// it has no cap beyond what the API documents (none), only a count and a price. No zod and no imports
// with side effects: the webview's form loads this.
import { KINDS, type Kind } from '../../kinds';
import { coded } from './messages';

export type PromptKind = Kind;

/** The limit for video, image, music and sound-effect prompts when the model names none. */
export const DEFAULT_PROMPT_MAX_CHARS = 4000;

/**
 * Names a catalog may use for a model's own prompt limit. The API reference documents none, so they
 * are read defensively: only a positive whole number counts.
 */
const LIMIT_NAMES = ['max_prompt_chars', 'max_prompt_length'] as const;

/** Characters as the person sees them (code points), not UTF-16 units: "🎬" is one. */
export function countChars(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The model's own limit from its caps (or the model itself), if it gives a usable one. */
function modelLimit(kind: PromptKind, model: object | undefined): number | undefined {
  if (!model) return undefined;
  const m = model as Record<string, unknown>;
  const caps = m[KINDS[kind].capsKey];
  for (const source of [caps, m]) {
    if (typeof source !== 'object' || source === null) continue;
    for (const name of LIMIT_NAMES) {
      const v = (source as Record<string, unknown>)[name];
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    }
  }
  return undefined;
}

/** The most characters a prompt of `kind` may have for `model`; undefined: no cap (speech). */
export function promptLimit(kind: PromptKind, model?: object): number | undefined {
  if (kind === 'speech') return undefined;
  return modelLimit(kind, model) ?? DEFAULT_PROMPT_MAX_CHARS;
}

/**
 * The problem of a prompt over its limit, coded like every validator's (`prompt.tooLong`: the count,
 * then the limit, on the kind's text field), or undefined when it fits.
 */
export function promptLengthProblem(kind: PromptKind, text: unknown, model?: object): ReturnType<typeof coded<'prompt' | 'input'>> | undefined {
  const limit = promptLimit(kind, model);
  if (limit === undefined || typeof text !== 'string') return undefined;
  const count = countChars(text);
  return count > limit ? coded(KINDS[kind].textField, 'prompt.tooLong', [count, limit]) : undefined;
}
