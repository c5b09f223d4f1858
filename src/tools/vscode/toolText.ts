// What the language model tools say, in the display language: the confirmation VS Code shows before
// a tool spends money (the cost question's own words, ui/confirmCost.ts, and the request's main
// fields), and the texts an agent reads back — saved files, the cost, a refusal it can act on, a
// wait it stopped. Money is formatted as everywhere else (l10n/format.ts through priceText).
import * as vscode from 'vscode';
import type { CostEstimate } from '../../api/rules/cost';
import type { FieldProblem } from '../../api/rules/validation';
import { describeProblems } from '../../l10n/describeProblem';
import { formatSeconds } from '../../l10n/format';
import type { JobKind } from '../../kinds';
import { costQuestion, priceText } from '../../ui/confirmCost';
import { kindLabel } from '../../views/kindLabel';

/** Fields the confirmation shows by their own label, not in the list of the rest. */
const OWN_LINES = new Set(['model', 'prompt', 'input', 'file', 'input_images']);
const MAX_TEXT = 300;

const clip = (s: string): string => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);
const cents = (e: CostEstimate | undefined): number => (e && 'cents' in e ? e.cents : NaN);
/** A field's value as the person reads it. */
const shown = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export interface ConfirmationFacts {
  kind: JobKind;
  model?: string;
  input: Record<string, unknown>;
  /** An operation's file: workspace-relative path and measured duration. */
  file?: { relative: string; durationSeconds?: number };
  estimate?: CostEstimate;
  /** Why the price could not be worked out (the catalog, the file). */
  priceProblem?: string;
  /** Why the request will be refused (the tool's schema or the kind's checks): nothing will be sent. */
  refusal?: string;
}

/**
 * The title (the cost question: "Generate image for $0.04?") and the message, one fact a paragraph.
 * Plain text, not Markdown: outside a chat VS Code shows it in a modal dialog as plain text, where
 * Markdown's marks would show as they are.
 */
export function confirmation(f: ConfirmationFacts): { title: string; message: string } {
  const lines: string[] = [];
  if (f.model) lines.push(vscode.l10n.t('Model: {0}', f.model));
  if (typeof f.input.prompt === 'string' && f.input.prompt !== '') lines.push(vscode.l10n.t('Prompt: {0}', clip(f.input.prompt)));
  if (typeof f.input.input === 'string' && f.input.input !== '') lines.push(vscode.l10n.t('Text to speak: {0}', clip(f.input.input)));
  if (f.file) {
    const length = f.file.durationSeconds !== undefined ? formatSeconds(f.file.durationSeconds, vscode.env.language) : vscode.l10n.t('length unknown');
    lines.push(vscode.l10n.t('File: {0} ({1})', f.file.relative, length));
  }
  const images = f.input.input_images;
  if (Array.isArray(images) && images.length > 0) lines.push(vscode.l10n.t('Input images: {0}', images.map(shown).join(', ')));
  for (const [key, value] of Object.entries(f.input)) {
    if (!OWN_LINES.has(key) && value !== undefined && value !== '') lines.push(`${key}: ${shown(value)}`);
  }
  const price = cents(f.estimate);
  if (Number.isFinite(price)) lines.push(vscode.l10n.t('Estimated price: {0}', priceText(price)));
  else if (f.refusal) lines.push(vscode.l10n.t('This request is not valid and will not be sent: {0}', f.refusal));
  else lines.push(vscode.l10n.t('Price unknown: {0}', f.priceProblem ?? (f.estimate && 'reason' in f.estimate ? f.estimate.reason : '—')));
  lines.push(vscode.l10n.t('Saved in the workspace with a sidecar. The budget (airforce.budgetCents) still applies.'));
  return { title: costQuestion([f.kind], price), message: lines.join('\n\n') };
}

/** "Airforce Image with flux-2-dev…", shown while the tool runs. */
export function runningText(kind: JobKind, model: string | undefined): string {
  return model ? vscode.l10n.t('Airforce {0} with {1}…', kindLabel(kind), model) : vscode.l10n.t('Airforce {0}…', kindLabel(kind));
}

export function problemsText(problems: readonly FieldProblem<string>[]): string {
  return describeProblems(problems, vscode.l10n, vscode.env.language);
}

/** A refusal before anything was sent: what to change. */
export function notSent(reason: string): string {
  return vscode.l10n.t('Not sent: {0}', reason);
}

export function invalidInput(problems: readonly string[]): string {
  return notSent(vscode.l10n.t('the input does not fit the tool ({0}).', problems.join('; ')));
}

export function invalidRequest(problems: readonly FieldProblem<string>[]): string {
  return notSent(vscode.l10n.t('the request is not valid: {0}', problemsText(problems)));
}

/** The job was sent and then failed (the server's refusal, a lost answer…). */
export function failedText(kind: JobKind, reason: string): string {
  return vscode.l10n.t('{0} failed: {1} It is listed in the Airforce Tasks view.', kindLabel(kind), reason);
}

export function stoppedWaiting(): string {
  return vscode.l10n.t(
    'Stopped waiting. The job goes on at Api.Airforce (nothing was cancelled there): its result appears in the Airforce Tasks view and is saved in the workspace when it is ready.',
  );
}

export function fateUnknownText(): string {
  return vscode.l10n.t('It is not known whether Api.Airforce received the request. The Airforce Tasks view offers Look Again; nothing is sent twice on its own.');
}

export function notSavedText(reason: string): string {
  return vscode.l10n.t('The result is ready but was not saved: {0} Download it from the Airforce Tasks view.', reason);
}

/** The saved files (workspace-relative), each with its sidecar when there is one, and the cost. */
export function savedText(files: readonly { file: string; sidecar?: string }[], cost: { settled?: number; estimate?: number }): string {
  const lines = [vscode.l10n.t('Saved in the workspace:')];
  for (const f of files) lines.push(`- ${f.sidecar ? vscode.l10n.t('{0} (sidecar: {1})', f.file, f.sidecar) : f.file}`);
  if (cost.settled !== undefined) lines.push(vscode.l10n.t('Cost: {0}, as billed by Api.Airforce.', priceText(cost.settled)));
  else if (cost.estimate !== undefined) lines.push(vscode.l10n.t('Cost: about {0} (the estimate; Api.Airforce did not say what it billed).', priceText(cost.estimate)));
  else lines.push(vscode.l10n.t('Cost: unknown (Api.Airforce did not say what it billed).'));
  return lines.join('\n');
}

/** The status bar's progress of a followed job (a video, a dub). */
export function waitingTitle(kind: JobKind): string {
  return vscode.l10n.t('Airforce: waiting for {0}', kindLabel(kind));
}
