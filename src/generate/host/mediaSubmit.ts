// The panel's image/audio submit: its images (tokens this panel issued, https URLs) become checked
// files or URLs, then the one media submit the commands use too (validate against the model's caps →
// estimate → a modal above airforce.confirmCostAboveCents or for an unknown price → encode → tracker).
import * as vscode from 'vscode';
import type { MediaSubmitted, PanelHost } from './panelHost';
import type { PanelImageInput } from './imageInput';
import type { MediaKind, MediaRequest, Problem } from '../protocol';
import { describeProblem } from '../../l10n/describeProblem';
import type { CodedProblem } from '../../l10n/problemText';

export async function submitMediaFromPanel(
  deps: { host: PanelHost; images: PanelImageInput },
  kind: MediaKind,
  request: MediaRequest,
  refs: readonly string[],
): Promise<Exclude<MediaSubmitted, { problems: unknown }> | { ok: false; problems: Problem[] }> {
  const images = await deps.images.mediaImages(refs);
  if (!images.ok) return { ok: false, problems: [{ field: 'input_images', message: images.message }] };
  const model = typeof request.model === 'string' ? request.model : '';
  const submitted = await deps.host.submitMedia(kind, request, images.value, (costText) => confirmMediaCost(promptOf(kind, request), model, costText));
  if (submitted.ok) submitted.files.catch(() => undefined); // a failure shows on the record
  return submitted.ok || !('problems' in submitted) ? submitted : { ok: false, problems: panelProblems(submitted.problems) };
}

/** The problems as the app shows them (next to their field, with the allowed values). */
export function panelProblems(problems: readonly (CodedProblem & { field: string; allowed?: readonly (string | number)[] })[]): Problem[] {
  return problems.map((p) => ({ field: p.field, message: describeProblem(p, vscode.l10n, vscode.env.language), ...(p.allowed ? { allowed: [...p.allowed] } : {}) }));
}

/** The text a request was made from, for recent prompts: speech speaks `input`, the rest have a `prompt`. */
export function promptOf(kind: MediaKind, request: MediaRequest): string {
  const text = kind === 'speech' ? request.input : request.prompt;
  return typeof text === 'string' ? text : '';
}

/** A modal dialog: true when the person agreed to the amount (or to an unknown price). */
async function confirmMediaCost(prompt: string, model: string, costText: string): Promise<boolean> {
  const go = vscode.l10n.t('Generate');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Generate "{0}" with {1}?', prompt.slice(0, 60), model),
    { modal: true, detail: vscode.l10n.t('Estimated cost: {0}', costText) },
    go,
  );
  return answer === go;
}
