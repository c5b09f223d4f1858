// The questions Clone a Voice… asks a person, in the order it asks them: the samples (the Explorer's
// selection, else an open dialog filtered to audio and video), the voice's name, the price (no price
// is published for cloning, so it is "an unknown amount" and asked above any threshold), and the
// consent text in a modal whose only yes is "I Accept". Then the upload, in a cancellable notification
// with its progress. Each question's cancel answers undefined or false: nothing is sent.
import * as vscode from 'vscode';
import type { ClonedVoice, ConsentText } from '../api/schemas/mediaSchemas';
import type { CloneRequest } from '../api/voiceClone';
import { isSampleFile, sampleBaseName, SAMPLE_EXTENSIONS } from '../api/rules/voiceCloneRules';
import type { Airforce } from '../container';
import { formatPercent } from '../l10n/format';
import { priceText } from '../ui/confirmCost';

const sampleList = (): string => SAMPLE_EXTENSIONS.join(', ');

/** The Explorer's selection (or the clicked file) when there is one, else the open dialog; local paths. */
export async function pickSamples(clicked: unknown, selection: unknown): Promise<string[] | undefined> {
  const chosen = (Array.isArray(selection) && selection.length > 0 ? (selection as unknown[]) : [clicked]).filter(
    (u): u is vscode.Uri => u instanceof vscode.Uri && u.scheme === 'file',
  );
  if (chosen.length === 0) {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Voice samples to clone'),
      openLabel: vscode.l10n.t('Use as Samples'),
      canSelectFiles: true,
      canSelectFolders: false,
      canSelectMany: true,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { [vscode.l10n.t('Audio and video')]: [...SAMPLE_EXTENSIONS] },
    });
    if (!picked || picked.length === 0) return undefined;
    chosen.push(...picked.filter((u) => u.scheme === 'file'));
  }
  const samples = [...new Set(chosen.map((u) => u.fsPath))].filter(isSampleFile);
  if (samples.length === 0) throw new Error(vscode.l10n.t('None of the chosen files is an audio or video sample ({0}). Nothing was sent.', sampleList()));
  return samples;
}

/** The new voice's name, offered from the first sample's file name. */
export async function askVoiceName(firstSample: string): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Clone a Voice'),
    prompt: vscode.l10n.t('The name of the new voice, as voice pickers will list it.'),
    value: sampleBaseName(firstSample),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The voice needs a name.') : undefined),
  });
  return name?.trim() || undefined;
}

/** The cost question of the other kinds (ui/confirmCost.ts), in cloning's words; true only on "Clone". */
export async function confirmCloneCost(name: string, cents: number): Promise<boolean> {
  const go = vscode.l10n.t('Clone');
  const detail = Number.isFinite(cents) ? undefined : vscode.l10n.t('Api.Airforce publishes no price for voice cloning.');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Clone the voice "{0}" for {1}?', name, priceText(cents)),
    { modal: true, ...(detail ? { detail } : {}) },
    go,
  );
  return answer === go;
}

/** The consent text in a modal; true only when the person chose "I Accept". `changed`: the text is a new one. */
export async function acceptConsent(consent: ConsentText, changed: boolean): Promise<boolean> {
  const accept = vscode.l10n.t('I Accept');
  const message = changed
    ? vscode.l10n.t('The consent text for voice cloning has changed. Read the new text: nothing is sent unless you accept it.')
    : vscode.l10n.t('Read the consent text for voice cloning: nothing is sent unless you accept it.');
  return (await vscode.window.showInformationMessage(message, { modal: true, detail: consent.text }, accept)) === accept;
}

/**
 * The clone request in a cancellable notification showing the upload's progress, then the wait for
 * the voice. Cancelling aborts the upload and rejects with vscode.CancellationError.
 */
export async function uploadWithProgress(af: Airforce, request: CloneRequest): Promise<ClonedVoice> {
  const options = { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Cloning the voice "{0}"', request.name), cancellable: true };
  return await vscode.window.withProgress(options, async (progress, token) => {
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    let shown = 0;
    const onProgress = (sent: number, total: number): void => {
      const percent = total > 0 ? Math.floor((sent / total) * 100) : 100;
      if (percent <= shown && percent < 100) return;
      const message =
        percent < 100 ? vscode.l10n.t('uploading the samples: {0}', formatPercent(percent, vscode.env.language)) : vscode.l10n.t('samples sent; waiting for the voice…');
      progress.report({ increment: percent - shown, message });
      shown = percent;
    };
    try {
      return await af.client.voiceClone.clone(request, { signal: abort.signal, onProgress });
    } catch (e) {
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      throw e;
    } finally {
      cancelled.dispose();
    }
  });
}
