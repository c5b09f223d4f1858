// The Generate panel's one submit, any kind: the message's images (tokens this panel issued, https URLs)
// become checked files or URLs, then the one submit the commands use too (src/submit/startJob.ts: the
// kind's caps check → estimate → budget → ui/confirmCost above airforce.confirmCostAboveCents or for
// an unknown price → the images' bytes → the tracker). Video binds it to the PanelHost here; the other
// kinds through host.submitMedia (submit/vscode/startJob.ts, origin: panel). And what every submit of the
// panel shares: one at a time, busy meanwhile, the answer, recent prompts.
import * as vscode from 'vscode';
import { startJob, type JobImage } from '../../submit/startJob';
import { confirmCost } from '../../ui/confirmCost';
import { describeProblem } from '../../l10n/describeProblem';
import type { CodedProblem } from '../../l10n/problemText';
import { errorText } from '../../tasks/taskApi';
import { describeError, LOG_PREFIX, type PanelHost } from './panelHost';
import { refusalText, type PanelImageInput } from './imageInput';
import { isHttpsSource } from './images';
import type { PanelModels } from './models';
import type { VideoModel } from '../../api/models';
import type { CreateVideoRequest } from '../../api/schemas/schemas';
import type { HostMessage, PanelKind, Problem } from '../protocol';
import type { RecentPrompts } from './recentPrompts';

export type PanelSubmitted =
  /** `files`: image and audio kinds, once saved (a failure shows on the record). */
  | { ok: true; localId: string; files?: Promise<string[]> }
  | { ok: false; problems: Problem[] }
  /** The person declined the cost: nothing to fix, nothing to show. */
  | { ok: false; declined: true };

export interface PanelSubmitDeps {
  host: PanelHost;
  images: PanelImageInput;
  /** The video models the form offers (video only). */
  models?: PanelModels<VideoModel>;
}

/** The one host submit: `request` is the form's (untrusted), `refs` its images. */
export async function submitPanelJob(deps: PanelSubmitDeps, kind: PanelKind, request: Record<string, unknown>, refs: readonly string[]): Promise<PanelSubmitted> {
  if (kind !== 'video') {
    const images = await deps.images.mediaImages(refs);
    if (!images.ok) return { ok: false, problems: [{ field: 'input_images', message: images.message }] };
    const submitted = await deps.host.submitMedia(kind, request, images.value);
    if (submitted.ok) submitted.files.catch(() => undefined); // a failure shows on the record
    return submitted.ok || !('problems' in submitted) ? submitted : { ok: false, problems: panelProblems(submitted.problems) };
  }
  // The record keeps the files' paths and the URLs; the create body gets their bytes.
  // Tokens this panel issued and https URLs only; anything else was refused before it got here.
  const sources = await deps.images.sources(refs);
  if (!sources.ok) return { ok: false, problems: [{ field: 'input_images', message: sources.message }] };
  const { host, models } = deps;
  // A token stays a token until its file is read: it is checked again just before (imageInput.ts).
  const images: JobImage[] = refs.map((ref) => (isHttpsSource(ref) ? { url: ref } : { file: ref }));
  const outcome = await startJob(kind, request, images, {
    findModel: async (id) => {
      await models?.ensure();
      return models?.find(id ?? '');
    },
    unknownModel: { field: 'model', message: vscode.l10n.t('Choose a video model.') },
    budget: (cents) => host.checkBudget(cents),
    confirmAboveCents: host.confirmCostAboveCents(),
    confirm: (estimate) => confirmCost([kind], 'cents' in estimate ? estimate.cents : NaN),
    encodeFile: async (ref) => {
      const encoded = await deps.images.encode([ref], (fsPath) => host.encodeImage(fsPath));
      if (!encoded.ok) throw new Error(encoded.message);
      return encoded.value[0]!;
    },
    ...(host.checkInputImage ? { checkImage: host.checkInputImage } : {}),
    run: (req, estimate) => host.submit(req as unknown as CreateVideoRequest, sources.value, 'cents' in estimate ? estimate.cents : undefined),
  });
  if (outcome.ok) return { ok: true, localId: outcome.result.localId };
  if (outcome.stage === 'confirm') return { ok: false, declined: true };
  // Shown next to the Generate button, with "Raise budget" (the panel's openBudgetSetting).
  if (outcome.stage === 'budget') return { ok: false, problems: [{ field: 'budget', message: outcome.message }] };
  return { ok: false, problems: panelProblems(outcome.problems) };
}

/** The problems as the app shows them (next to their field, with the allowed values). */
export function panelProblems(problems: readonly (CodedProblem & { field: string; allowed?: readonly (string | number)[] })[]): Problem[] {
  return problems.map((p) => ({ field: p.field, message: describeProblem(p, vscode.l10n, vscode.env.language), ...(p.allowed ? { allowed: [...p.allowed] } : {}) }));
}

/** The text a request was made from, for recent prompts: speech speaks `input`, the rest have a `prompt`. */
export function promptOf(kind: PanelKind, request: Record<string, unknown>): string {
  const text = kind === 'speech' ? request.input : request.prompt;
  return typeof text === 'string' ? text : '';
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
