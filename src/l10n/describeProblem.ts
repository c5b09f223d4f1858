// The host's edge for the validators' problem codes: the same `problem.<code>` literals the panel
// gets (src/webview/problemStrings.ts), filled in the display language. `l10n` is vscode.l10n (a
// parameter, so tests pass a stand-in); `locale` is vscode.env.language.
import { problemStrings } from '../webview/problemStrings';
import type { L10n } from '../webview/panelStrings';
import { problemText, type CodedProblem } from './problemText';

export function describeProblem(problem: CodedProblem, l10n: L10n, locale?: string): string {
  return problem.code ? problemText(problem, problemStrings(l10n), locale) : problem.message;
}

/** Several problems as one line, as the ValidationError message lists them (`; ` between). */
export function describeProblems(problems: readonly CodedProblem[], l10n: L10n, locale?: string): string {
  return problems.map((p) => describeProblem(p, l10n, locale)).join('; ');
}
