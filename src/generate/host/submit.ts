// The Generate panel's one submit, any kind: the message's images (tokens this panel issued, https URLs)
// are checked — an operation's file token turned back into its workspace path —, then host.submitJob runs the one submit the commands use too (submit/vscode/startJob.ts,
// origin panel: the kind's caps check → estimate → budget → ui/confirmCost above
// airforce.confirmCostAboveCents or for an unknown price → each image read, its token checked again
// just before → the tracker). And what every submit of the panel shares: one at a time, busy meanwhile,
// the answer, recent prompts.
import * as vscode from 'vscode';
import { describeProblem } from '../../l10n/describeProblem';
import type { CodedProblem } from '../../l10n/problemText';
import { errorText } from '../../jobs/taskApi';
import { describeError, LOG_PREFIX, type PanelHost, type PanelJobSubmitted } from './panelHost';
import { refusalText, type PanelImageInput } from './imageInput';
import type { HostMessage, PanelKind, Problem } from '../protocol';
import type { RecentPrompts } from './recentPrompts';
import { isKind, KINDS } from '../../kinds';
import type { PanelMediaInput } from './mediaInput';
import { UploadWatch } from './uploadWatch';
import type { UploadProgress } from '../../submit/operationCall';

export type PanelSubmitted =
  /** `files`: image and audio kinds, once saved (a failure shows on the record). */
  | { ok: true; localId: string; files?: Promise<string[]> }
  | { ok: false; problems: Problem[] }
  /** The person declined the cost: nothing to fix, nothing to show. */
  | { ok: false; declined: true };

export interface PanelSubmitDeps {
  host: PanelHost;
  images: PanelImageInput;
  media: PanelMediaInput;
}

/** The one host submit: `request` is the form's (untrusted), `refs` its images, `file` an operation's file token (`onUpload`: its upload's progress). */
export async function submitPanelJob(
  deps: PanelSubmitDeps,
  kind: PanelKind,
  request: Record<string, unknown>,
  refs: readonly string[],
  file?: string,
  onUpload?: UploadProgress,
): Promise<PanelSubmitted> {
  const { host, images, media } = deps;
  if (file !== undefined) {
    // An operation: the file is the one this panel checked, by the path it resolved (the submit measures it again).
    const source = await media.path(file);
    if (!source.ok) return { ok: false, problems: [{ field: 'file', message: source.message }] };
    request = { ...request, file: source.path };
  }
  // Tokens this panel issued and https URLs only; anything else was refused before it got here.
  const checked = await images.jobImages(refs);
  if (!checked.ok) return { ok: false, problems: [{ field: 'input_images', message: checked.message }] };
  const submitted: PanelJobSubmitted = await host.submitJob(kind, request, checked.value, (token) => images.read(token, host.encodeImage), onUpload);
  if (submitted.ok) submitted.files?.catch(() => undefined); // a failure shows on the record
  // A budget refusal is a problem on 'budget': shown next to Generate, with "Raise budget".
  return submitted.ok || !('problems' in submitted) ? submitted : { ok: false, problems: panelProblems(submitted.problems) };
}

/** The problems as the app shows them (next to their field, with the allowed values). */
export function panelProblems(problems: readonly (CodedProblem & { field: string; allowed?: readonly (string | number)[] })[]): Problem[] {
  return problems.map((p) => ({ field: p.field, message: describeProblem(p, vscode.l10n, vscode.env.language), ...(p.allowed ? { allowed: [...p.allowed] } : {}) }));
}

/** The text a request was made from, for recent prompts: the kind's text field (speech speaks `input`); an operation has none. */
function promptOf(kind: PanelKind, request: Record<string, unknown>): string {
  const text = isKind(kind) ? request[KINDS[kind].textField] : undefined;
  return typeof text === 'string' ? text : '';
}

/**
 * One submit at a time, any kind: busy while it runs; then its problems, or none, the prompt
 * remembered (recent prompts) and the new job shown. A declined cost shows nothing.
 */
export class PanelSubmits {
  private running = false;
  /** Large operation uploads under way: their progress to the app, and Cancel while still sending. */
  private readonly uploads: UploadWatch;

  constructor(
    private readonly deps: {
      host: PanelHost;
      images: PanelImageInput;
      media: PanelMediaInput;
      post: (message: HostMessage) => void;
      recent: RecentPrompts;
      show: (localId: string) => Promise<void>;
    },
  ) {
    this.uploads = new UploadWatch(deps.post, (localId) => deps.host.cancelUpload(localId));
  }

  /** The app's Cancel under an upload's progress: stopped if it is still being sent; else nothing. */
  cancelUpload(localId: string): void {
    this.uploads.cancel(localId);
  }

  get busy(): boolean {
    return this.running;
  }

  /** The panel's Generate, any kind: the one host submit, while the panel shows busy. */
  async generate(kind: PanelKind, request: Record<string, unknown>, refs: readonly string[], file?: string): Promise<void> {
    if (this.running) return;
    const { host, post, recent, show } = this.deps;
    this.setBusy(true);
    try {
      const upload = file !== undefined ? this.uploads.begin() : undefined;
      const submitted = await submitPanelJob(this.deps, kind, request, refs, file, upload?.progress);
      if (submitted.ok) upload?.started(submitted.localId);
      else upload?.end();
      if (!submitted.ok) {
        if ('problems' in submitted) post({ type: 'validation', problems: submitted.problems });
        return;
      }
      post({ type: 'validation', problems: [] });
      if (isKind(kind)) post({ type: 'recentPrompts', kind, prompts: await recent.record(kind, promptOf(kind, request)) });
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
