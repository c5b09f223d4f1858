// The line under a prompt as it is typed: "Characters: 4,012 / 4,000" against the kind's limit (over it,
// the form also refuses the prompt), or for speech, which has no cap and is billed per character,
// "Characters: 1,200 · $0.18". The limits come from src/api/rules/promptLimits.ts, like the validators'.
import { countChars, promptLimit, type PromptKind } from '../../api/rules/promptLimits';
import { formatNumber } from '../../l10n/format';
import { formatCostCents } from '../../views/money';
import type { Strings } from '../protocol';
import { pageLocale } from './locale';
import type { PromptCount } from './promptField';
import { fill } from '../../webview/browser/text';

/** `cents`: the current estimate, shown for speech (undefined: price unknown, the count alone). */
export function promptCount(s: Strings, kind: PromptKind, text: string, model: object | undefined, cents?: number): PromptCount {
  const locale = pageLocale();
  const n = countChars(text);
  const number = (v: number): string => formatNumber(v, locale, 0);
  const limit = promptLimit(kind, model);
  if (limit === undefined) {
    return { text: cents === undefined ? fill(s.promptChars, number(n)) : fill(s.promptCountSpeech, number(n), formatCostCents(cents, locale)), over: false };
  }
  return { text: fill(s.promptCount, number(n), number(limit)), over: n > limit };
}
