// Prompt help's chat call bound to the extension (../chatCall.ts): the catalog, airforce.promptModel,
// the client's chat endpoint, the spending service (budget and ledger), and the words for what can
// go wrong before anything is sent — a setting naming no chat model, the budget, an unaccepted cost.
// The cost question has the style of every other one (ui/confirmCost.ts): a modal, one "Generate".
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { config } from '../../config';
import { formatMoneyCents } from '../../l10n/format';
import { priceText } from '../../ui/confirmCost';
import type { BudgetVerdict } from '../../spending/budget';
import { BudgetExceededError, budgetMessage } from '../../submit/vscode/budgetGuard';
import { acceptsCost, requireKey } from '../../submit/vscode/checks';
import { chooseModel, sendChat, type ChatCallDeps, type ChatSendOptions, type ChatSent, type ChooseFailure, type PreparedChat } from '../chatCall';
import type { Model } from '../../api/schemas/schemas';
import { ChatStreamCutError } from '../../api/chatErrors';
import { errorText } from '../../jobs/taskApi';

export function chatDeps(af: Airforce): ChatCallDeps {
  return {
    catalog: () => af.allModels(),
    setting: () => config.promptModel(),
    complete: (req, opts) => af.client.chat.complete(req, opts),
    check: (estimates) => af.spending.check(estimates),
    ledger: af.spending.ledger,
  };
}

/**
 * A chat failure in words: a cut stream is no unreachable server (its transport type says network),
 * so it gets its own sentence, with the request id to quote.
 */
export function chatErrorText(e: unknown): string {
  if (e instanceof ChatStreamCutError) {
    const id = e.requestId ? ` (Request ID: ${e.requestId})` : '';
    return vscode.l10n.t('The chat answer broke off before it ended; the call was probably billed. Nothing was changed.') + id;
  }
  return errorText(e);
}

/** Why prompt help has no model: the setting names none that chats, or the catalog has none. */
export class PromptModelError extends Error {
  constructor(problem: ChooseFailure) {
    super(
      problem.problem === 'not_in_catalog'
        ? vscode.l10n.t('airforce.promptModel names {0}, which is not in the model list. Name a chat model there, or leave it empty for the cheapest one.', problem.id ?? '')
        : problem.problem === 'not_chat'
          ? vscode.l10n.t('airforce.promptModel names {0}, which is not a chat model. Name a chat model there, or leave it empty for the cheapest one.', problem.id ?? '')
          : vscode.l10n.t('The model list has no chat model that can stream, so prompt help is not available with this key.'),
    );
    this.name = 'PromptModelError';
  }
}

/** The key, then the prompt model (airforce.promptModel or the cheapest), or a PromptModelError. */
export async function promptModel(af: Airforce): Promise<{ model: Model; stream: boolean }> {
  await requireKey(af);
  const choice = await chooseModel(chatDeps(af));
  if ('problem' in choice) throw new PromptModelError(choice);
  return choice;
}

export type ChatPurpose = 'storyboard' | 'improve';

/** "Generate a storyboard with gpt-4o-mini for up to $0.003?" (an upper bound: max_tokens of output). */
export function chatCostQuestion(purpose: ChatPurpose, model: string, cents: number): string {
  const price = Number.isFinite(cents) ? formatMoneyCents(cents, vscode.env.language) : '';
  if (purpose === 'storyboard') {
    return Number.isFinite(cents)
      ? vscode.l10n.t('Generate a storyboard with {0} for up to {1}?', model, price)
      : vscode.l10n.t('Generate a storyboard with {0}? Its price is unknown.', model);
  }
  return Number.isFinite(cents)
    ? vscode.l10n.t('Generate a better prompt with {0} for up to {1}?', model, price)
    : vscode.l10n.t('Generate a better prompt with {0}? Its price is unknown.', model);
}

/** The modal; true only when the person chose "Generate". */
export async function confirmChatCost(purpose: ChatPurpose, model: string, cents: number): Promise<boolean> {
  const go = vscode.l10n.t('Generate');
  return (await vscode.window.showWarningMessage(chatCostQuestion(purpose, model, cents), { modal: true }, go)) === go;
}

/** A cost a request object did not accept (above airforce.confirmCostAboveCents, or unknown); nothing was sent. */
export class ChatCostNotConfirmedError extends Error {
  constructor(cents: number) {
    super(
      vscode.l10n.t('The price of prompt help ({0}) needs confirmation (airforce.confirmCostAboveCents); nothing was sent. Pass {confirm: false} to accept it.', priceText(cents)),
    );
    this.name = 'CostNotConfirmedError';
  }
}

/**
 * Who agrees to the cost: `ask` — a person, asked in the modal (always, or only above the threshold);
 * `request` — a request object, which never sees a dialog: a cost above the threshold (or unknown)
 * needs its `{confirm: false}`.
 */
export type ChatConsent =
  | { type: 'ask'; purpose: ChatPurpose; always: boolean; /** The amount the question names, when it covers more than this call. */ cents?: number }
  | { type: 'request'; options: unknown };

function confirmFor(consent: ChatConsent, model: string): { confirm: ChatSendOptions['confirm']; refused: () => boolean } {
  let refused = false;
  const above = (cents: number): boolean => !Number.isFinite(cents) || cents > config.confirmCostAboveCents();
  return {
    refused: () => refused,
    confirm: async (cents) => {
      if (consent.type === 'request') {
        refused = above(cents) && !acceptsCost(consent.options);
        return !refused;
      }
      return consent.always || above(cents) ? confirmChatCost(consent.purpose, model, consent.cents ?? cents) : true;
    },
  };
}

export type ChatOutcome = Extract<ChatSent, { ok: true }> | { ok: false; declined: true };

/**
 * One call: the budget (a refusal throws BudgetExceededError), the consent (a request object's
 * refusal throws ChatCostNotConfirmedError; a person's "no" is `declined`), the POST, the ledger.
 */
export async function runChat(af: Airforce, p: PreparedChat, consent: ChatConsent, opts: Omit<ChatSendOptions, 'confirm'> = {}): Promise<ChatOutcome> {
  const gate = confirmFor(consent, p.model.id);
  const sent = await sendChat(chatDeps(af), p, { ...opts, confirm: gate.confirm });
  if (sent.ok) return sent;
  if (sent.stage === 'budget') throw new BudgetExceededError(budgetMessage(sent.verdict as Extract<BudgetVerdict, { ok: false }>));
  if (gate.refused()) throw new ChatCostNotConfirmedError(('cents' in p.estimate ? p.estimate.cents : NaN) as number);
  return { ok: false, declined: true };
}
