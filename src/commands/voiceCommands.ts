// Clone a Voice…, Rename Voice… and Delete Voice. cloneVoice({name, files, acceptConsent: true},
// {confirm: false}?) → the voice id, without dialogs: checked first (no key, no network), then the
// budget and the cost rule of every request object (cloning has no published price, so it is refused
// unless `{confirm: false}` accepts it), then the current consent text, whose hash the clone carries.
// Without a request (the palette, the Explorer on audio/video files): the questions of
// cloneVoiceDialogs.ts. Cloning is no job kind: the spending ledger records jobs only, and the clone
// answer carries no cost to record. Every change refreshes the Models view's My voices and the
// Generate panel's voice list.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import type { Airforce } from '../container';
import { ConsentStaleError, type CloneRequest } from '../api/voiceClone';
import type { Voice } from '../api/schemas/audioSchemas';
import type { ClonedVoice } from '../api/schemas/mediaSchemas';
import { cloneRequestProblems, SAMPLE_EXTENSIONS, type CloneProblem } from '../api/rules/voiceCloneRules';
import { ValidationError, type FieldProblem } from '../api/rules/validation';
import { config } from '../config';
import { releaseHold } from '../submit/pipeline';
import { BudgetExceededError, budgetStep } from '../submit/vscode/budgetGuard';
import { acceptsCost, isPlainObject, requireKey } from '../submit/vscode/checks';
import { GenerationPanel } from '../generate/host/panel';
import { forgetSessionVoices } from '../generate/host/vscodePanelHost';
import { acceptConsent, askVoiceName, confirmCloneCost, pickSamples, uploadWithProgress } from './cloneVoiceDialogs';

/** What extension.ts lets the commands reach: the Models view, to list the voices again. */
export type VoicesChanged = () => void;

/** No price is published for cloning (docs: no billing column for voices): "price unknown". */
const CLONE_COST_CENTS = Infinity;

function problemText(p: CloneProblem): FieldProblem<string> {
  switch (p.code) {
    case 'consent.missing':
      return {
        field: 'acceptConsent',
        message: vscode.l10n.t('the consent text must be accepted: read it in "Airforce: Clone a Voice…" (run without arguments), then pass acceptConsent: true'),
      };
    case 'name.missing':
      return { field: 'name', message: vscode.l10n.t('name must be a non-empty text') };
    case 'files.missing':
      return { field: 'files', message: vscode.l10n.t('files must list at least one audio or video file') };
    case 'files.notFile':
      return { field: 'files', message: vscode.l10n.t('files[{0}] is not a local file Uri', p.index) };
    case 'files.type':
      return { field: 'files', message: vscode.l10n.t('{0} is not an audio or video sample ({1})', p.file, SAMPLE_EXTENSIONS.join(', ')) };
  }
}

/** The request object's problems, its files' existence included; the paths when there are none. */
async function checkRequest(arg: Record<string, unknown>): Promise<{ name: string; files: string[] }> {
  const files = Array.isArray(arg.files) ? arg.files.map((f: unknown) => (f instanceof vscode.Uri && f.scheme === 'file' ? f.fsPath : undefined)) : arg.files;
  const problems: FieldProblem<string>[] = cloneRequestProblems({ name: arg.name, files, acceptConsent: arg.acceptConsent }).map(problemText);
  if (problems.length === 0) {
    for (const file of files as string[]) {
      const isFile = await fsp.stat(file).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!isFile) problems.push({ field: 'files', message: vscode.l10n.t('{0} does not exist or is not a file', file) });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems, 'voice clone');
  return { name: (arg.name as string).trim(), files: files as string[] };
}

/** A stale consent for a request object: no dialog, the reason and the way on. */
function staleConsentError(e: ConsentStaleError): Error {
  const error = new Error(
    vscode.l10n.t(
      'The consent text for voice cloning changed while the voice was being sent, so nothing was cloned. Read the new text in "Airforce: Clone a Voice…" and try again.',
    ),
    { cause: e },
  );
  error.name = 'ConsentStaleError';
  return error;
}

/** The budget's check, held until `fn` settles; a refusal rejects before anything is fetched. */
async function withinBudget<T>(af: Airforce, fn: () => Promise<T>): Promise<T> {
  const budget = await budgetStep(af)(CLONE_COST_CENTS);
  if (!budget.ok) throw new BudgetExceededError(budget.message);
  try {
    return await fn();
  } finally {
    releaseHold(budget);
  }
}

/** Every view of the account's voices lists them again. */
function voicesChanged(af: Airforce, changed: VoicesChanged): void {
  forgetSessionVoices(af);
  GenerationPanel.current?.voicesChanged();
  changed();
}

async function cloneFromRequest(af: Airforce, changed: VoicesChanged, arg: Record<string, unknown>, options: unknown): Promise<string> {
  const { name, files } = await checkRequest(arg);
  await requireKey(af);
  const voice = await withinBudget(af, async () => {
    if (CLONE_COST_CENTS > config.confirmCostAboveCents() && !acceptsCost(options)) {
      const error = new Error(
        vscode.l10n.t(
          'The price of cloning a voice is unknown, so it needs confirmation (airforce.confirmCostAboveCents); nothing was sent. Pass {confirm: false} as the last argument to accept it.',
        ),
      );
      error.name = 'CostNotConfirmedError';
      throw error;
    }
    const consent = await af.client.voiceClone.consentText();
    try {
      return await af.client.voiceClone.clone({ name, files, consent_hash: consent.hash });
    } catch (e) {
      throw e instanceof ConsentStaleError ? staleConsentError(e) : e;
    }
  });
  af.log.info(`Voice cloned: ${voice.voice_id} (request ${voice.requestId})`);
  voicesChanged(af, changed);
  return voice.voice_id;
}

async function cloneInteractively(af: Airforce, changed: VoicesChanged, clicked: unknown, selection: unknown): Promise<string | undefined> {
  await requireKey(af);
  const files = await pickSamples(clicked, selection);
  if (!files) return undefined;
  const name = await askVoiceName(files[0]!);
  if (!name) return undefined;
  const voice = await withinBudget(af, async (): Promise<ClonedVoice | undefined> => {
    if (CLONE_COST_CENTS > config.confirmCostAboveCents() && !(await confirmCloneCost(name, CLONE_COST_CENTS))) return undefined;
    const send = (hash: string): Promise<ClonedVoice> => uploadWithProgress(af, { name, files, consent_hash: hash } satisfies CloneRequest);
    const consent = await af.client.voiceClone.consentText();
    if (!(await acceptConsent(consent, false))) return undefined;
    try {
      return await send(consent.hash);
    } catch (e) {
      if (!(e instanceof ConsentStaleError)) throw e;
      // The text changed since it was read: the new one is shown and asked once more.
      const current = e.current ?? (await af.client.voiceClone.consentText());
      if (!(await acceptConsent(current, true))) return undefined;
      return await send(current.hash);
    }
  }).catch((e: unknown) => {
    if (e instanceof vscode.CancellationError) return undefined;
    throw e;
  });
  if (!voice) return undefined;
  af.log.info(`Voice cloned: ${voice.voice_id}`);
  voicesChanged(af, changed);
  void vscode.window.showInformationMessage(vscode.l10n.t('The voice "{0}" is cloned: pick it in any voice list; the Models view lists it under My voices.', voice.name ?? name));
  return voice.voice_id;
}

/** airforce.cloneVoice: a request object (no dialogs), or nothing / the Explorer's (clicked, selection). */
export async function cloneVoice(af: Airforce, changed: VoicesChanged, arg?: unknown, second?: unknown): Promise<string | undefined> {
  if (isPlainObject(arg)) return cloneFromRequest(af, changed, arg, second);
  if (arg !== undefined && arg !== null && !(arg instanceof vscode.Uri)) {
    throw new Error(vscode.l10n.t('Expected no argument, an audio or video file, or a request object {name, files, acceptConsent: true}.'));
  }
  return cloneInteractively(af, changed, arg, second);
}

/** The voice a command names: its id, or the Models view's row (with its name). */
function voiceArg(arg: unknown): { id: string; name?: string } {
  if (typeof arg === 'string' && arg !== '') return { id: arg };
  const row = arg as { type?: unknown; voice?: Voice } | undefined;
  if (row?.type === 'airforce.clonedVoice' && typeof row.voice?.voice_id === 'string') return { id: row.voice.voice_id, name: row.voice.name };
  throw new Error(vscode.l10n.t('Expected a voice id.'));
}

/** airforce.renameVoice(voiceId, newName?): with both, no dialog; else an input box. */
export async function renameVoice(af: Airforce, changed: VoicesChanged, arg?: unknown, newName?: unknown): Promise<void> {
  if (newName !== undefined && (typeof newName !== 'string' || newName.trim() === '')) throw new Error(vscode.l10n.t('The new name must be a non-empty text.'));
  const voice = voiceArg(arg);
  const name =
    typeof newName === 'string'
      ? newName.trim()
      : (
          await vscode.window.showInputBox({
            title: vscode.l10n.t('Rename Voice'),
            prompt: vscode.l10n.t('The new name of the voice {0}.', voice.id),
            value: voice.name ?? '',
            ignoreFocusOut: true,
            validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The voice needs a name.') : undefined),
          })
        )?.trim();
  if (!name) return;
  await requireKey(af);
  await af.client.voiceClone.rename(voice.id, { name });
  voicesChanged(af, changed);
}

/** airforce.deleteVoice(voiceId, {confirm: false}?): asks first (modal) unless `{confirm: false}`; true once deleted. */
export async function deleteVoice(af: Airforce, changed: VoicesChanged, arg?: unknown, options?: unknown): Promise<boolean> {
  const voice = voiceArg(arg);
  await requireKey(af);
  if (!(isPlainObject(options) && options.confirm === false)) {
    const del = vscode.l10n.t('Delete');
    const question = vscode.l10n.t('Delete the cloned voice "{0}"?', voice.name ?? voice.id);
    const detail = vscode.l10n.t('It is deleted on the Api.Airforce server and can no longer be used. Audio already made with it is kept.');
    if ((await vscode.window.showWarningMessage(question, { modal: true, detail }, del)) !== del) return false;
  }
  await af.client.voiceClone.delete(voice.id);
  // A default voice that no longer exists would make every Speak Selection fail: it asks again instead.
  if (await config.forgetDefaultVoice(voice.id)) af.log.info(`airforce.defaultVoice named the deleted voice ${voice.id}: cleared`);
  voicesChanged(af, changed);
  return true;
}
