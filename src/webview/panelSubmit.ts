// The panel's submit: the images first (tokens this panel issued, https URLs), then the one submit
// pipeline (src/submit) the commands use too: caps, cost confirmation, the images' bytes, the tracker.
import * as vscode from 'vscode';
import { formatCents } from '../api/cost';
import { submitVideo } from '../submit/video';
import { placeholderImages, toProblems } from './app/formModel';
import type { PanelHost } from './panelHost';
import type { PanelImageInput } from './panelImageInput';
import type { PanelModels } from './panelModels';
import type { GenerateFields, Problem } from './protocol';

export type PanelSubmitted =
  | { ok: true; localId: string }
  | { ok: false; problems: Problem[] }
  /** The person declined the cost: nothing to fix, nothing to show. */
  | { ok: false; declined: true };

/** The record keeps the files' paths and the URLs; the create body gets their bytes. */
export async function submitFromPanel(
  deps: { host: PanelHost; images: PanelImageInput; models: PanelModels },
  fields: GenerateFields,
  refs: string[],
): Promise<PanelSubmitted> {
  // Tokens this panel issued and https URLs only; anything else was refused before it got here.
  const sources = await deps.images.sources(refs);
  if (!sources.ok) return { ok: false, problems: [{ field: 'input_images', message: sources.message }] };

  const candidate = { ...fields, ...(refs.length > 0 ? { input_images: placeholderImages(refs) } : {}) };
  const outcome = await submitVideo(candidate, {
    findModel: async (id) => {
      await deps.models.ensure();
      return deps.models.find(id ?? '');
    },
    unknownModel: { field: 'model', message: vscode.l10n.t('Choose a video model.') },
    confirmAboveCents: deps.host.confirmCostAboveCents(),
    confirm: confirmCost,
    encodeImages: () => deps.images.encode(refs, (fsPath) => deps.host.encodeImage(fsPath)),
    run: (request) => deps.host.submit(request, sources.value),
  });
  if (outcome.ok) return { ok: true, localId: outcome.result.localId };
  if (outcome.stage === 'confirm') return { ok: false, declined: true };
  return { ok: false, problems: toProblems(outcome.problems) };
}

/** A modal dialog: true when the person agreed to the amount. */
async function confirmCost(cents: number): Promise<boolean> {
  const go = vscode.l10n.t('Generate');
  const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Generate this video for {0}?', formatCents(cents)), { modal: true }, go);
  return answer === go;
}
