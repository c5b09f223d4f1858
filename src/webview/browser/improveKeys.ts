// Improve prompt's zod-free vocabulary, shared by both apps and their protocols: the string keys of
// its row, the ask the app sends, and what the host tells the app. Apart from improvePrompt.ts (the
// row itself) so the host-side protocol constants take the keys without any DOM code.

/** What the host tells the app about Improve prompt (both apps' host-message unions include these). */
export type PromptHostMessage<K extends string = string> =
  /**
   * The chat model Improve prompt uses and the most one call costs — `baseCents` plus `perCharCents`
   * for each character of the prompt (both absent: price unknown) — or why it is unavailable.
   */
  | { type: 'promptHelp'; model?: string; baseCents?: number; perCharCents?: number; problem?: string }
  /** The rewrite so far (reasoning removed): the prompt field shows it while it streams. */
  | { type: 'improveDelta'; kind: K; text: string }
  /** The rewrite, cleaned up; `cents`: what the call cost (absent: unknown). */
  | { type: 'improveDone'; kind: K; text: string; model: string; cents?: number }
  /** It ended without a prompt (cut, cancelled, refused, declined): the field gets its text back. */
  | { type: 'improveFailed'; kind: K; message?: string; retry?: boolean };

export type ImproveAsk<K extends string> = { type: 'improvePrompt'; kind: K; model: string; prompt: string; choices: Record<string, string | number | boolean> };

export const IMPROVE_STRING_KEYS = [
  'improvePrompt',
  'improving',
  'improveCancel',
  'improveUndo',
  'improveRetry',
  'improvePrice',
  'improvePriceUnknown',
  'improved',
  'improvedNoCost',
  'lessThan',
] as const;
export type ImproveStrings = Record<(typeof IMPROVE_STRING_KEYS)[number], string>;
