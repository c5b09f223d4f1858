// The host's edge for the validators' problem codes: the same `problem.<code>` literals the panel
// gets (src/l10n/problemStrings.ts), filled in the display language. `l10n` is vscode.l10n (a
// parameter, so tests pass a stand-in); `locale` is vscode.env.language.
import { problemStrings } from './problemStrings';
import type { L10n } from './l10n';
import { problemText, type CodedProblem } from './problemText';

export function describeProblem(problem: CodedProblem, l10n: L10n, locale?: string): string {
  return problem.code ? problemText(problem, problemStrings(l10n), locale) : problem.message;
}

/** Several problems as one line, as the ValidationError message lists them (`; ` between). */
export function describeProblems(problems: readonly CodedProblem[], l10n: L10n, locale?: string): string {
  return problems.map((p) => describeProblem(p, l10n, locale)).join('; ');
}
