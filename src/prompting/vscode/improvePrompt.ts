// "Improve prompt" for the Generate panel, bound to the extension: the offer (the chat model and what
// one call can cost: a fixed part plus each character of the prompt), and the rewrite itself — the
// kind's model and its caps with the form's choices in the request (../improve.ts), the budget and
// the ledger (./promptChat.ts), the cost question only above airforce.confirmCostAboveCents (the
// price stands beside the button), and the answer cleaned into a prompt.
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { ChatEmptyAnswerError } from '../../api/chatErrors';
import { CHARS_PER_TOKEN, chatTokenPrices } from '../../api/rules/chatCost';
import type { Kind } from '../../kinds';
import { chooseModel, estimateCents, prepareChat } from '../chatCall';
import { cleanImprovedPrompt, IMPROVE_MAX_TOKENS, improvePromptMessages } from '../improve';
import { chatDeps, chatErrorText, PromptModelError, promptModel, runChat } from './promptChat';

/** The instructions, the caps and the form's choices: more than any kind's system message holds. */
const FIXED_INPUT_CHARS = 6000;

export type PromptOffer = { model: string; baseCents?: number; perCharCents?: number } | { problem: string };

/** The chat model and the most one rewrite costs: `baseCents` + `perCharCents` × the prompt's characters. */
export async function improveOffer(af: Airforce): Promise<PromptOffer> {
  const choice = await chooseModel(chatDeps(af));
  if ('problem' in choice) return { problem: new PromptModelError(choice).message };
  const fixed = prepareChat(choice, [{ role: 'system', content: 'x'.repeat(FIXED_INPUT_CHARS) }], IMPROVE_MAX_TOKENS);
  const prices = chatTokenPrices(choice.model);
  const base = estimateCents(fixed);
  if (!prices || !Number.isFinite(base)) return { model: choice.model.id };
  // One more message (the user's) and its characters, rounded up per token as the estimate does.
  return { model: choice.model.id, baseCents: base + (4 + 1) * (prices.inputCentsPerMillion / 1e6), perCharCents: prices.inputCentsPerMillion / 1e6 / CHARS_PER_TOKEN };
}

export interface ImproveRequest {
  kind: Kind;
  model: string;
  prompt: string;
  choices: Record<string, string | number | boolean>;
}

export type ImproveOutcome = { ok: true; text: string; model: string; cents?: number } | { ok: false; declined: true };

export async function improvePrompt(af: Airforce, req: ImproveRequest, opts: { signal: AbortSignal; onDelta: (piece: string) => void; offered?: string }): Promise<ImproveOutcome> {
  const choice = await promptModel(af);
  const model = (await af.allModels()).find((m) => m.id === req.model);
  if (!model) throw new Error(vscode.l10n.t('{0} is not in the model list: choose another model first.', req.model));
  const messages = improvePromptMessages({ kind: req.kind, model, prompt: req.prompt, choices: req.choices });
  // The panel shows the offered model's price; a call that would use another model asks first.
  const always = choice.model.id !== opts.offered;
  const sent = await runChat(af, prepareChat(choice, messages, IMPROVE_MAX_TOKENS), { type: 'ask', purpose: 'improve', always }, { signal: opts.signal, onDelta: opts.onDelta });
  if (!sent.ok) return sent;
  const text = cleanImprovedPrompt(sent.result.text);
  if (text === '') throw new Error(vscode.l10n.t('The chat model answered without a prompt; the field keeps its text.'));
  return { ok: true, text, model: choice.model.id, ...(sent.cents !== undefined ? { cents: sent.cents } : {}) };
}

/** A failure in the panel's words; an empty answer that cost nothing may simply be tried again. */
export function describeImproveError(e: unknown): { message: string; retry: boolean } {
  if (e instanceof ChatEmptyAnswerError && e.retryable) return { message: vscode.l10n.t('The chat model answered with nothing (nothing was billed).'), retry: true };
  return { message: chatErrorText(e), retry: false };
}
