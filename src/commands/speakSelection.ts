// Speak Selection: the active editor's selection becomes speech with airforce.defaultSpeechModel and
// airforce.defaultVoice (asked once with a quick pick when unset, then remembered globally), saved and
// played at once in the Generate panel (VS Code's own audio preview opens paused). Interactive: a cost
// above the threshold (or an unknown one) asks in a modal.
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import { modelKind } from '../api/rules/modelKind';
import { isClonedVoice } from '../api/rules/voiceCloneRules';
import { config } from '../config';
import { GenerationPanel } from '../generate/host/panel';
import { panelHost } from '../generate/host/vscodePanelHost';
import { requireKey } from '../submit/vscode/checks';
import { startedOrThrow, startJob } from '../submit/vscode/startJob';

/** The setting's value, or the person's pick (remembered); undefined when they cancelled. */
async function settingOrPick(
  current: string | undefined,
  remember: (id: string) => Thenable<void>,
  title: string,
  items: () => Promise<(vscode.QuickPickItem & { id: string })[]>,
): Promise<string | undefined> {
  if (current) return current;
  const picked = await vscode.window.showQuickPick(items(), { title, ignoreFocusOut: true });
  if (!picked) return undefined;
  await remember(picked.id);
  return picked.id;
}

export async function speakSelection(af: Airforce): Promise<vscode.Uri | undefined> {
  const editor = vscode.window.activeTextEditor;
  const text = editor?.selections
    .filter((s) => !s.isEmpty)
    .map((s) => editor.document.getText(s))
    .join('\n')
    .trim();
  if (!editor || !text) throw new Error(vscode.l10n.t('Select the text to speak in an editor first.'));
  await requireKey(af);
  const model = await settingOrPick(
    config.defaultModel('speech'),
    (id) => config.setDefaultModel('speech', id),
    vscode.l10n.t('Speech model for Speak Selection'),
    async () => (await af.allModels()).filter((m) => modelKind(m) === 'speech').map((m) => ({ label: m.id, id: m.id })),
  );
  if (!model) return undefined;
  const voice = await settingOrPick(config.defaultVoice(), config.setDefaultVoice, vscode.l10n.t('Voice for Speak Selection'), async () =>
    // A cloned voice says so: the account's own voices sit in the same list as the stock ones.
    (await af.client.audio.voices()).map((v) => ({ label: v.name, description: isClonedVoice(v) ? vscode.l10n.t('cloned · {0}', v.voice_id) : v.voice_id, id: v.voice_id })),
  );
  if (!voice) return undefined;
  const started = startedOrThrow(await startJob(af, 'speech', { input: { model, input: text, voice } }, { type: 'speakSelection' }));
  // The panel follows the job and plays the speech once it is saved (the panel showing it, no notice).
  GenerationPanel.createOrShow(panelHost(af)).showTask(started.localId, true);
  const [file] = await started.files!;
  return file ? vscode.Uri.file(file) : undefined;
}
