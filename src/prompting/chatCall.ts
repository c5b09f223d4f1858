// Prompt help's one paid chat call, in the submit pipeline's order: the model (airforce.promptModel or
// the cheapest streaming chat model) → the price before sending (the input estimate plus max_tokens
// of output: an upper bound) → the budget → the cost question the caller asks → one POST → the cost in
// the spending ledger like every job's (in flight while it runs, then settled or void). Pure: the
// catalog, the chat endpoint, the spending service and the question are parameters.
import { randomUUID } from 'node:crypto';
import type { ChatOptions, ChatResult } from '../api/chat';
import { ChatEmptyAnswerError } from '../api/chatErrors';
import { choosePromptModel, type PromptModelChoice } from '../api/chatModels';
import type { CostEstimate } from '../api/rules/cost';
import { chatCostBeforeCents, settledChatCost } from '../api/rules/chatCost';
import type { ChatMessage, ChatRequest } from '../api/schemas/chatSchemas';
import type { Model } from '../api/schemas/schemas';
import { failureKind } from '../jobs/sync/failure';
import type { BudgetVerdict } from '../spending/budget';
import type { SpendEventInput } from '../spending/ledger';
import type { BudgetCheck } from '../spending/service';

/** What a chat call needs from the extension. */
export interface ChatCallDeps {
  /** The whole catalog (chat models beside the media ones). */
  catalog(): Promise<readonly Model[]>;
  /** airforce.promptModel (undefined or empty: the cheapest streaming chat model). */
  setting(): string | undefined;
  complete(req: ChatRequest, opts: ChatOptions): Promise<ChatResult>;
  /** Spending.check: holds the estimate against other windows until the call is in the ledger. */
  check(estimates: readonly number[]): Promise<BudgetCheck>;
  /** The spending ledger (every window's): the call as an entry of kind `chat`. */
  ledger: { append(e: SpendEventInput): unknown; flush(): Promise<void> };
  now?: () => number;
}

/** A call ready to send: the model, the messages and the most it can cost. */
export interface PreparedChat {
  model: Model;
  stream: boolean;
  messages: ChatMessage[];
  maxTokens: number;
  /** The upper bound shown before sending, or "price unknown" (no token prices on the model). */
  estimate: CostEstimate;
}

export type ChooseFailure = Extract<PromptModelChoice, { problem: string }>;

/** The prompt model from the setting and the catalog, or why there is none. */
export async function chooseModel(deps: Pick<ChatCallDeps, 'catalog' | 'setting'>): Promise<Extract<PromptModelChoice, { model: Model }> | ChooseFailure> {
  return choosePromptModel(deps.setting(), await deps.catalog());
}

/** The messages for the chosen model, priced. */
export function prepareChat(choice: { model: Model; stream: boolean }, messages: ChatMessage[], maxTokens: number): PreparedChat {
  return { model: choice.model, stream: choice.stream, messages, maxTokens, estimate: chatCostBeforeCents(messages, choice.model, maxTokens) };
}

/** The estimate as the budget and the question take it: NaN when unknown. */
export const estimateCents = (p: PreparedChat): number => ('cents' in p.estimate ? p.estimate.cents : NaN);

export interface ChatSendOptions extends Pick<ChatOptions, 'signal' | 'onDelta'> {
  /**
   * Asked after the budget agreed and before anything is sent (the caller's cost question, or a
   * request object's consent); false declines: nothing is sent or recorded.
   */
  confirm(cents: number): Promise<boolean>;
  /** Agreed and in the ledger: the POST goes now (a caller shows its progress from here). */
  onSending?: () => void;
}

export type ChatSent =
  | { ok: true; result: ChatResult; /** What it cost as recorded in the ledger (undefined: unknown). */ cents?: number; entryId: string }
  | { ok: false; stage: 'budget'; verdict: Extract<BudgetVerdict, { ok: false }> }
  | { ok: false; stage: 'confirm' };

/** The ledger's id of one chat call (never a job's local id). */
export const CHAT_ENTRY_PREFIX = 'chat:';

/**
 * What a failed call means for the money: `void` when the server provably made nothing (it refused
 * the request, the connection never opened, the gateway's empty 200 with zero usage); `spent` when
 * it may have run (a cut stream, a lost answer, a cancel after sending): counted at its upper bound.
 */
export function chatFailureFate(err: unknown): 'void' | 'spent' {
  if (err instanceof ChatEmptyAnswerError) return err.retryable ? 'void' : 'spent';
  if ((err as { name?: unknown } | undefined)?.name === 'AbortError') return 'spent';
  const kind = failureKind(err);
  return kind === 'lost' || kind === 'unreadable' ? 'spent' : 'void';
}

/** Budget → question → ledger (in flight) → POST → ledger (settled or void). Failures of the call are rethrown once recorded. */
export async function sendChat(deps: ChatCallDeps, p: PreparedChat, opts: ChatSendOptions): Promise<ChatSent> {
  const cents = estimateCents(p);
  const budget = await deps.check([cents]);
  if (!budget.ok) return { ok: false, stage: 'budget', verdict: budget };
  const id = `${CHAT_ENTRY_PREFIX}${randomUUID()}`;
  const at = Math.floor((deps.now ?? Date.now)() / 1000);
  const est = Number.isFinite(cents) ? { est: cents } : {};
  const entry = (e: Pick<SpendEventInput, 'state' | 'cents' | 'billed'>): void => void deps.ledger.append({ id, at, kind: 'chat', model: p.model.id, ...est, ...e });
  try {
    if (!(await opts.confirm(cents))) return { ok: false, stage: 'confirm' };
    // In the ledger before the POST: from here on the call counts itself, so the hold may go.
    entry({ state: 'inflight', cents: Number.isFinite(cents) ? cents : 0 });
  } finally {
    budget.release();
  }
  try {
    opts.onSending?.();
    const result = await deps.complete(
      { model: p.model.id, messages: p.messages, max_tokens: p.maxTokens },
      { stream: p.stream, ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onDelta ? { onDelta: opts.onDelta } : {}) },
    );
    const settled = settledChatCost(result, p.model);
    const spent = 'cents' in settled ? settled.cents : Number.isFinite(cents) ? cents : undefined;
    entry({ state: 'settled', cents: spent ?? 0, ...('cents' in settled && settled.source === 'header' ? { billed: true } : {}) });
    await deps.ledger.flush();
    return { ok: true, result, ...(spent !== undefined ? { cents: spent } : {}), entryId: id };
  } catch (err) {
    if (chatFailureFate(err) === 'void') entry({ state: 'void', cents: 0 });
    else entry({ state: 'settled', cents: Number.isFinite(cents) ? cents : 0 });
    await deps.ledger.flush();
    throw err;
  }
}
