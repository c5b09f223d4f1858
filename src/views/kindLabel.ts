// The localized name of a kind of media, shared by the Tasks and Models views.
import * as vscode from 'vscode';
import type { JobKind } from '../jobs/types';

/** The name of a kind of media: "Image"; a group of them (Models view): "Sound effects". */
export function kindLabel(kind: JobKind, group = false): string {
  switch (kind) {
    case 'image':
      return vscode.l10n.t('Image');
    case 'speech':
      return vscode.l10n.t('Speech');
    case 'music':
      return vscode.l10n.t('Music');
    case 'sfx':
      return group ? vscode.l10n.t('Sound effects') : vscode.l10n.t('Sound effect');
    case 'transcribe':
      return vscode.l10n.t('Transcription');
    case 'dub':
      return group ? vscode.l10n.t('Dubbing') : vscode.l10n.t('Dub');
    case 'isolate':
      return group ? vscode.l10n.t('Voice isolation') : vscode.l10n.t('Isolated voice');
    case 'voiceChange':
      return group ? vscode.l10n.t('Voice changer') : vscode.l10n.t('Changed voice');
    default:
      return vscode.l10n.t('Video');
  }
}
