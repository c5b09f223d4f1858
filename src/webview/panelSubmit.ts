// The panel's request check before anything is spent: the images first (tokens this panel issued,
// https URLs), then the same validation the core applies, the cost confirmation, and the images' bytes.
import * as vscode from 'vscode';
import { estimateCostCents, formatCents } from '../api/cost';
import { CreateVideoRequestSchema, type CreateVideoRequest } from '../api/schemas';
import { validateVideoRequest } from '../api/validation';
import { placeholderImages, toProblems } from './app/formModel';
import type { PanelHost } from './panelHost';
import type { PanelImageInput } from './panelImageInput';
import type { PanelModels } from './panelModels';
import type { GenerateFields, Problem } from './protocol';

export type CheckedRequest =
  | { ok: true; request: CreateVideoRequest; sources: string[] }
  | { ok: false; problems: Problem[] }
  /** The person declined the cost: nothing to fix, nothing to show. */
  | { ok: false; declined: true };

/** `sources` is what the record keeps: the files' paths and the URLs. */
export async function checkRequest(
  deps: { host: PanelHost; images: PanelImageInput; models: PanelModels },
  fields: GenerateFields,
  refs: string[],
): Promise<CheckedRequest> {
  const refuse = (problems: Problem[]): CheckedRequest => ({ ok: false, problems });
  // Tokens this panel issued and https URLs only; anything else was refused before it got here.
  const sources = await deps.images.sources(refs);
  if (!sources.ok) return refuse([{ field: 'input_images', message: sources.message }]);

  await deps.models.ensure();
  const model = deps.models.find(fields.model);
  if (!model) return refuse([{ field: 'model', message: vscode.l10n.t('Choose a video model.') }]);

  const candidate = { ...fields, ...(refs.length > 0 ? { input_images: placeholderImages(refs) } : {}) };
  const checked = validateVideoRequest(candidate, model);
  if (!checked.ok) return refuse(toProblems(checked.problems));

  const duration = checked.request.duration_seconds ?? model.video_caps.min_duration_s;
  if (!(await confirmCost(estimateCostCents(duration, model.video_caps), deps.host.confirmCostAboveCents()))) return { ok: false, declined: true };

  const encoded = await deps.images.encode(refs, (fsPath) => deps.host.encodeImage(fsPath));
  if (!encoded.ok) return refuse([{ field: 'input_images', message: encoded.message }]);
  const { input_images: _placeholders, ...rest } = checked.request;
  void _placeholders;
  const inputImages = encoded.value;
  return { ok: true, request: CreateVideoRequestSchema.parse({ ...rest, ...(inputImages.length > 0 ? { input_images: inputImages } : {}) }), sources: sources.value };
}

/** True when the amount is at most the threshold, or the person agreed in a modal dialog. */
async function confirmCost(cents: number, aboveCents: number): Promise<boolean> {
  if (cents <= aboveCents) return true;
  const go = vscode.l10n.t('Generate');
  const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Generate this video for {0}?', formatCents(cents)), { modal: true }, go);
  return answer === go;
}
