// The words of a completion notice: one literal per kind and plural form, so each translates whole.
import * as vscode from 'vscode';
import { pickPlural } from '../l10n/format';
import type { JobRecord } from '../jobs/types';

export const short = (s: string): string => (s.length > 60 ? `${s.slice(0, 59)}…` : s);

/** "Image ready: …", "3 images ready: …": literal strings per kind, so each can be translated whole. */
export function readyText(r: JobRecord): string {
  const what = short(r.prompt);
  switch (r.kind) {
    case 'image': {
      const n = r.files?.length ?? 1;
      if (n <= 1) return vscode.l10n.t('Image ready: {0}', what);
      // One literal per plural form (Russian needs all four; the comment keeps the keys apart).
      return pickPlural(n, vscode.env.language, {
        one: vscode.l10n.t('{0} image ready: {1}', n, what),
        few: vscode.l10n.t({ message: '{0} images ready: {1}', args: [n, what], comment: ['plural form few'] }),
        many: vscode.l10n.t({ message: '{0} images ready: {1}', args: [n, what], comment: ['plural form many'] }),
        other: vscode.l10n.t('{0} images ready: {1}', n, what),
      });
    }
    case 'speech':
      return vscode.l10n.t('Speech ready: {0}', what);
    case 'music':
      return vscode.l10n.t('Music ready: {0}', what);
    case 'sfx':
      return vscode.l10n.t('Sound effect ready: {0}', what);
    case 'transcribe':
      return vscode.l10n.t('Transcript ready: {0}', what);
    case 'dub':
      return vscode.l10n.t('Dub ready: {0}', what);
    case 'isolate':
      return vscode.l10n.t('Isolated voice ready: {0}', what);
    case 'voiceChange':
      return vscode.l10n.t('Changed voice ready: {0}', what);
    default:
      return vscode.l10n.t('Video ready: {0}', what);
  }
}

export function failedText(r: JobRecord, reason: string): string {
  switch (r.kind) {
    case 'image':
      return vscode.l10n.t('Image failed: {0}', reason);
    case 'speech':
      return vscode.l10n.t('Speech failed: {0}', reason);
    case 'music':
      return vscode.l10n.t('Music failed: {0}', reason);
    case 'sfx':
      return vscode.l10n.t('Sound effect failed: {0}', reason);
    case 'transcribe':
      return vscode.l10n.t('Transcription failed: {0}', reason);
    case 'dub':
      return vscode.l10n.t('Dubbing failed: {0}', reason);
    case 'isolate':
      return vscode.l10n.t('Voice isolation failed: {0}', reason);
    case 'voiceChange':
      return vscode.l10n.t('Voice change failed: {0}', reason);
    default:
      return vscode.l10n.t('Video failed: {0}', reason);
  }
}

/** "Ready to download: …" for one result, or "{n} results finished while this window was closed…". */
export function closedText(ready: readonly JobRecord[]): string {
  const n = ready.length;
  if (n === 1) return vscode.l10n.t('Ready to download: {0}', short(ready[0]!.prompt));
  return pickPlural(n, vscode.env.language, {
    one: vscode.l10n.t('{0} result finished while this window was closed or in another window.', n),
    few: vscode.l10n.t({ message: '{0} results finished while this window was closed or in another window.', args: [n], comment: ['plural form few'] }),
    many: vscode.l10n.t({ message: '{0} results finished while this window was closed or in another window.', args: [n], comment: ['plural form many'] }),
    other: vscode.l10n.t('{0} results finished while this window was closed or in another window.', n),
  });
}

/** One notice for a batch (a comparison, a storyboard, several jobs of one kind at once): counts without plural words. */
export function batchText(origin: JobRecord['origin']['type'], ready: number, failed: number): string {
  if (origin === 'compare') {
    return failed > 0 ? vscode.l10n.t('Comparison finished. Ready: {0}, failed: {1}.', ready, failed) : vscode.l10n.t('Comparison finished. Ready: {0}.', ready);
  }
  if (origin === 'storyboard') {
    return failed > 0 ? vscode.l10n.t('Storyboard finished. Ready: {0}, failed: {1}.', ready, failed) : vscode.l10n.t('Storyboard finished. Ready: {0}.', ready);
  }
  return failed > 0 ? vscode.l10n.t('Batch finished. Ready: {0}, failed: {1}.', ready, failed) : vscode.l10n.t('Batch finished. Ready: {0}.', ready);
}
