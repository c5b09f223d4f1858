// Rules every kind's form shares: which model to select, how problems are placed, and the state
// every form view renders besides its own fields.
import type { Problem } from '../protocol';
import type { CodedProblem } from '../../l10n/problemText';

/** What every form view shows besides its fields: problems, the busy state, images, recent prompts. */
export interface FormBasics {
  confirmCostAboveCents: number;
  busy: boolean;
  /** The form's own and the shared validation's problems: they block Generate. */
  problems: Problem[];
  /** What the host refused or reported last (shown until the next edit; not blocking). */
  hostProblems: Problem[];
  /** Fields the user has edited: an empty prompt is not an error before that. */
  touched: ReadonlySet<string>;
  imageNotices: string[];
  urlDraft: string;
  urlInvalid: boolean;
  /** This kind's recent prompts, newest first. */
  recentPrompts: readonly string[];
}

/** The model to select: the current one if still offered, else the default, else the first. */
export function pickModel(ids: readonly string[], current: string, defaultModel: string | undefined): string {
  if (current && ids.includes(current)) return current;
  if (defaultModel && ids.includes(defaultModel)) return defaultModel;
  return ids[0] ?? '';
}

/** Problems grouped by field, the first message per field (one message under each control). */
export function problemsByField(problems: readonly Problem[]): Map<string, Problem> {
  const map = new Map<string, Problem>();
  for (const p of problems) if (!map.has(p.field)) map.set(p.field, p);
  return map;
}

/** Shared validation's problems as protocol problems (mutable `allowed`). */
export function toProblems(problems: ReadonlyArray<CodedProblem & { field: string; allowed?: readonly (string | number)[] }>, describe?: (p: CodedProblem) => string): Problem[] {
  return problems.map((p) => ({ field: p.field, message: describe ? describe(p) : p.message, ...(p.allowed ? { allowed: [...p.allowed] } : {}) }));
}
