// The shape an API key must have before it is stored or sent. Pure (no vscode): the key input box,
// the setApiKey command and the client (for AIRFORCE_API_KEY) share it; each words the problem itself.
import { KEY_PREFIX } from '../http/redact';

export type KeyFormatProblem = 'empty' | 'prefix' | 'whitespace' | 'control' | 'non_ascii';

// Invisible characters (zero-width spaces, BOM, bidi marks) ride along with copied text and make a
// key that looks right fail, or break the Authorization header; whitespace likewise.
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const WHITESPACE = /\s/;
// Header values are bytes: anything beyond printable ASCII is either mangled or refused by fetch.
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * The first problem with a key, or undefined when it is usable. Surrounding whitespace (a paste
 * artefact) is ignored: callers store `value.trim()`. `requirePrefix: false` for a key from the
 * environment, which the API may accept without the `sk-air-` prefix.
 */
export function keyFormatProblem(value: string, opts: { requirePrefix?: boolean } = {}): KeyFormatProblem | undefined {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) return 'empty';
  if (WHITESPACE.test(v)) return 'whitespace';
  if (CONTROL.test(v)) return 'control';
  if (!PRINTABLE_ASCII.test(v)) return 'non_ascii';
  if ((opts.requirePrefix ?? true) && !v.startsWith(KEY_PREFIX)) return 'prefix';
  return undefined;
}

/** English wording, for places without l10n (the client's own error). */
export const KEY_PROBLEM_TEXT: Readonly<Record<KeyFormatProblem, string>> = {
  empty: 'Enter your Api.Airforce key.',
  prefix: `Airforce keys start with "${KEY_PREFIX}".`,
  whitespace: 'The key must not contain spaces, tabs or line breaks.',
  control: 'The key must not contain control or invisible characters (such as a zero-width space).',
  non_ascii: 'The key may only contain letters, digits and ASCII punctuation.',
};
