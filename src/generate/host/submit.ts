// The panel's video submit: the images first (tokens this panel issued, https URLs), then the one submit
// pipeline (src/submit) the commands use too: caps, cost confirmation, the images' bytes, the tracker.
// And what every submit of the panel shares: one at a time, busy meanwhile, the answer, recent prompts.
import * as vscode from 'vscode';
import { formatMoneyCents as formatCents } from '../../l10n/format';
import { submitVideo } from '../../submit/video';
import { panelProblems } from './mediaSubmit';
import { placeholderImages } from '../app/imageList';
import { errorText } from '../../tasks/taskApi';
import { describeError, LOG_PREFIX, type PanelHost } from './panelHost';
import { refusalText, type PanelImageInput } from './imageInput';
import type { PanelModels } from './models';
import type { VideoModel } from '../../api/models';
import type { GenerateFields, HostMessage, PanelKind, Problem } from '../protocol';
import type { RecentPrompts } from './recentPrompts';

export type PanelSubmitted =
  | { ok: true; localId: string }
  | { ok: false; problems: Problem[] }
  /** The person declined the cost: nothing to fix, nothing to show. */
  | { ok: false; declined: true };

/** The record keeps the files' paths and the URLs; the create body gets their bytes. */
export async function submitFromPanel(
  deps: { host: PanelHost; images: PanelImageInput; models: PanelModels<VideoModel> },
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
    budget: (cents) => deps.host.checkBudget(cents),
    confirmAboveCents: deps.host.confirmCostAboveCents(),
    confirm: confirmCost,
    encodeImages: () => deps.images.encode(refs, (fsPath) => deps.host.encodeImage(fsPath)),
    ...(deps.host.checkInputImage ? { checkImage: deps.host.checkInputImage } : {}),
    run: (request, costCents) => deps.host.submit(request, sources.value, costCents),
  });
  if (outcome.ok) return { ok: true, localId: outcome.result.localId };
  if (outcome.stage === 'confirm') return { ok: false, declined: true };
  // Shown next to the Generate button, with "Raise budget" (the panel's openBudgetSetting).
  if (outcome.stage === 'budget') return { ok: false, problems: [{ field: 'budget', message: outcome.message }] };
  return { ok: false, problems: panelProblems(outcome.problems) };
}

/** A modal dialog: true when the person agreed to the amount. */
async function confirmCost(cents: number): Promise<boolean> {
  const go = vscode.l10n.t('Generate');
  const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Generate this video for {0}?', formatCents(cents, vscode.env.language)), { modal: true }, go);
  return answer === go;
}

/**
 * One submit at a time, any kind: busy while it runs; then its problems, or none, the prompt
 * remembered (recent prompts) and the new job shown. A declined cost shows nothing.
 */
export class PanelSubmits {
  private running = false;

  constructor(
    private readonly deps: {
      host: PanelHost;
      post: (message: HostMessage) => void;
      recent: RecentPrompts;
      show: (localId: string) => Promise<void>;
    },
  ) {}

  get busy(): boolean {
    return this.running;
  }

  async run(kind: PanelKind, prompt: string, submit: () => Promise<PanelSubmitted>): Promise<void> {
    if (this.running) return;
    const { host, post, recent, show } = this.deps;
    this.setBusy(true);
    try {
      const submitted = await submit();
      if (!submitted.ok) {
        if ('problems' in submitted) post({ type: 'validation', problems: submitted.problems });
        return;
      }
      post({ type: 'validation', problems: [] });
      post({ type: 'recentPrompts', kind, prompts: await recent.record(kind, prompt) });
      await show(submitted.localId);
    } catch (e) {
      host.logger.warn(`${LOG_PREFIX} ${kind} submit failed: ${describeError(e)}`);
      post({ type: 'validation', problems: [{ field: 'form', message: errorText(e) }] });
    } finally {
      this.setBusy(false);
    }
  }

  /** What the host answers to a submit message it could not parse: it must not look like one on its way. */
  static refused(at: string | undefined): Problem[] {
    return [
      at?.startsWith('images') === true
        ? { field: 'input_images', message: refusalText('unknown-token') }
        : { field: 'form', message: vscode.l10n.t('The panel sent a request the extension cannot read; nothing was sent.') },
    ];
  }

  private setBusy(busy: boolean): void {
    this.running = busy;
    this.deps.post({ type: 'busy', busy });
  }
}
