// The Change Voice quick pick (airforce.changeVoice from a menu or the palette): the account's voices,
// the cloned ones marked, and on each voice with a preview a Play button: the same preview the Speech
// and Voice changer forms play (fetched once, without the key, into the panel's cache:
// generate/host/vscodePanelHost.ts), opened in VS Code's own audio player beside the editor while the
// pick stays open, so several voices can be heard before one is chosen.
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import type { Voice } from '../api/schemas/audioSchemas';
import { isClonedVoice } from '../api/rules/voiceCloneRules';
import { errorText } from '../jobs/taskApi';
import { cachedVoicePreview } from '../generate/host/vscodePanelHost';

export interface VoicePickItem extends vscode.QuickPickItem {
  /** The voice's id (what the request sends) and its own name (what the result is named after). */
  id: string;
  name: string;
  /** Where its preview is, when it has one (the Play button shows only then). */
  previewUrl?: string;
}

/** The Play button of a voice with a preview. */
export function previewButton(): vscode.QuickInputButton {
  return { iconPath: new vscode.ThemeIcon('play'), tooltip: vscode.l10n.t('Play a preview of this voice') };
}

export function voicePickItems(voices: readonly Voice[]): VoicePickItem[] {
  return voices.map((v) => {
    const url = typeof v.preview_url === 'string' && v.preview_url !== '' ? v.preview_url : undefined;
    return {
      label: v.name,
      description: isClonedVoice(v) ? vscode.l10n.t('cloned · {0}', v.voice_id) : v.voice_id,
      id: v.voice_id,
      name: v.name,
      ...(url ? { previewUrl: url, buttons: [previewButton()] } : {}),
    };
  });
}

/** Plays a voice's preview: the cached file (downloaded first when new) in VS Code's audio player, beside, focus kept on the pick. */
export async function playVoicePreview(af: Airforce, item: VoicePickItem): Promise<void> {
  if (!item.previewUrl) return;
  const file = await cachedVoicePreview(af, item.id, item.previewUrl);
  await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), 'vscode.audioPreview', {
    viewColumn: vscode.ViewColumn.Beside,
    preserveFocus: true,
    preview: true,
  });
}

/** The voice chosen, or undefined when the pick was dismissed. `play` runs for a Play button (busy meanwhile). */
export function pickVoice(items: readonly VoicePickItem[], title: string, play: (item: VoicePickItem) => Promise<void>): Promise<VoicePickItem | undefined> {
  const pick = vscode.window.createQuickPick<VoicePickItem>();
  pick.items = items;
  pick.title = title;
  pick.matchOnDescription = true;
  // Playing opens the player beside: the pick must not close when it takes the focus.
  pick.ignoreFocusOut = true;
  return new Promise((resolve) => {
    let chosen: VoicePickItem | undefined;
    pick.onDidTriggerItemButton(async ({ item }) => {
      pick.busy = true;
      try {
        await play(item);
      } catch (e) {
        void vscode.window.showWarningMessage(vscode.l10n.t('The preview of {0} could not be played: {1}', item.name, errorText(e)));
      } finally {
        pick.busy = false;
      }
    });
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0];
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(chosen);
      pick.dispose();
    });
    pick.show();
  });
}
