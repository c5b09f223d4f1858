// A validator's problem in words, from a table of `problem.<code>` templates in the display language
// (the host builds it with l10n.t, the webview receives it in its strings). Numbers in the parameters
// are written as the locale writes them ("0,25" in Russian), ungrouped like the field values typed in. No vscode, no zod: the webview uses it.
import { fillTemplate, type ProblemCode, type ProblemParam } from '../api/rules/messages';
import { formatNumber } from './format';

export interface CodedProblem {
  message: string;
  code?: ProblemCode;
  params?: readonly ProblemParam[];
}

/** The localized text; the English `message` when the problem has no code or the table lacks it. */
export function problemText(problem: CodedProblem, table: Partial<Record<string, string>>, locale?: string): string {
  const template = problem.code ? table[`problem.${problem.code}`] : undefined;
  if (!template) return problem.message;
  const params = (problem.params ?? []).map((p) => (typeof p === 'number' ? formatNumber(p, locale, 4, 0, false) : p));
  return fillTemplate(template, params);
}
