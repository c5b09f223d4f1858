// The one cost question, asked before a job above airforce.confirmCostAboveCents (or of unknown price)
// is sent: by the Generate panel, Speak Selection, a Compare card's Retry, Compare and a storyboard.
// One wording for all: it names the kind, the number of jobs when there are several, and the price
// (or says it is unknown). A modal with one button, "Generate"; anything else declines.
import * as vscode from 'vscode';
import { formatMoneyCents as formatCents, pickPlural } from '../l10n/format';
import type { JobKind } from '../jobs/job';

/** The kind as a lowercase word after "Generate" (ru: the accusative). */
export function kindWord(kind: JobKind): string {
  switch (kind) {
    case 'video':
      return vscode.l10n.t('video');
    case 'image':
      return vscode.l10n.t('image');
    case 'speech':
      return vscode.l10n.t('speech');
    case 'music':
      return vscode.l10n.t('music');
    case 'sfx':
      return vscode.l10n.t('sound effect');
    case 'transcribe':
      return vscode.l10n.t('a transcript');
    case 'dub':
      return vscode.l10n.t('a dub');
    case 'isolate':
      return vscode.l10n.t('an isolated voice');
    case 'voiceChange':
      return vscode.l10n.t('a changed voice');
  }
}

/** A price in the display language, or "an unknown amount" for a non-finite `cents`. */
export function priceText(cents: number): string {
  return Number.isFinite(cents) ? formatCents(cents, vscode.env.language) : vscode.l10n.t('an unknown amount');
}

/**
 * "Generate video for $4.00?", "Generate 3 jobs (image, video) for $2.44 in total?"; an unknown price
 * (non-finite `cents`) reads "for an unknown amount". `kinds`: one entry per job, in order.
 */
export function costQuestion(kinds: readonly JobKind[], cents: number): string {
  const price = priceText(cents);
  const words = [...new Set(kinds)].map(kindWord).join(', ');
  const n = kinds.length;
  if (n <= 1) return vscode.l10n.t('Generate {0} for {1}?', words, price);
  return pickPlural(n, vscode.env.language, {
    one: vscode.l10n.t('Generate {0} job ({1}) for {2} in total?', n, words, price),
    few: vscode.l10n.t({ message: 'Generate {0} jobs ({1}) for {2} in total?', args: [n, words, price], comment: ['plural form few'] }),
    many: vscode.l10n.t({ message: 'Generate {0} jobs ({1}) for {2} in total?', args: [n, words, price], comment: ['plural form many'] }),
    other: vscode.l10n.t('Generate {0} jobs ({1}) for {2} in total?', n, words, price),
  });
}

/** Asks in a modal; true only when the person chose "Generate". */
export async function confirmCost(kinds: readonly JobKind[], cents: number): Promise<boolean> {
  const go = vscode.l10n.t('Generate');
  return (await vscode.window.showWarningMessage(costQuestion(kinds, cents), { modal: true }, go)) === go;
}
