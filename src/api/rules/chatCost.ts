// What a chat call costs, from the catalog's token prices (cents per 1,000,000 tokens, docs §8):
// the most it can cost before it is sent (the price shown before every submit), and what it cost
// once answered: X-Cost-Cents when the server said so, else usage.cost (USD credits), else the
// usage × the prices. Where no figure can be computed the answer is "unknown", never a guess.
import type { CostEstimate } from './cost';
import { chatFieldsOf, type ChatMessage, type ChatUsage } from '../schemas/chatSchemas';
import type { Model } from '../schemas/schemas';

/** Characters per token for the estimate before sending (a common rule of thumb for English text). */
export const CHARS_PER_TOKEN = 4;
/** Per-message overhead in tokens (role and separators), so an estimate errs high. */
const MESSAGE_OVERHEAD_TOKENS = 4;

export interface TokenPrices {
  inputCentsPerMillion: number;
  outputCentsPerMillion: number;
}

/** Both token prices, or undefined when the model lacks either (no output price is no price). */
export function chatTokenPrices(model: Model): TokenPrices | undefined {
  const f = chatFieldsOf(model);
  const input = f.pricepermilliontokens;
  const output = f.output_pricepermilliontokens;
  if (typeof input !== 'number' || typeof output !== 'number') return undefined;
  return { inputCentsPerMillion: input, outputCentsPerMillion: output };
}

/** Input tokens of these messages, estimated from their length (rounded up). */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + Math.ceil([...m.content].length / CHARS_PER_TOKEN) + MESSAGE_OVERHEAD_TOKENS, 0);
}

const centsFor = (prices: TokenPrices, input: number, output: number): number => (input * prices.inputCentsPerMillion + output * prices.outputCentsPerMillion) / 1e6;

/**
 * The most the call can cost: the estimated input plus `maxTokens` of output (the request's
 * max_tokens, or the model's max_output_tokens). Unknown without prices or an output bound.
 */
export function chatCostBeforeCents(messages: readonly ChatMessage[], model: Model, maxTokens?: number): CostEstimate {
  const prices = chatTokenPrices(model);
  if (!prices) return { unknown: true, reason: 'price unknown (the model has no token prices)' };
  const bound = maxTokens ?? chatFieldsOf(model).max_output_tokens ?? undefined;
  if (typeof bound !== 'number' || !(bound > 0)) return { unknown: true, reason: 'price unknown (no output token limit)' };
  return { cents: centsFor(prices, estimatePromptTokens(messages), bound) };
}

/** The usage × the model's token prices. */
export function chatCostFromUsage(usage: ChatUsage | undefined, model: Model | undefined): CostEstimate {
  const prices = model ? chatTokenPrices(model) : undefined;
  const input = usage?.prompt_tokens;
  const output = usage?.completion_tokens;
  if (!prices) return { unknown: true, reason: 'price unknown (the model has no token prices)' };
  if (typeof input !== 'number' || typeof output !== 'number') return { unknown: true, reason: 'price unknown (the answer carried no usage)' };
  return { cents: centsFor(prices, input, output) };
}

export type SettledChatCost = { cents: number; source: 'header' | 'usage.cost' | 'usage' } | { unknown: true; reason: string };

/** What the answered call cost, from the best source there is (see the top of the file). */
export function settledChatCost(result: { costCents?: number; usage?: ChatUsage }, model: Model | undefined): SettledChatCost {
  if (result.costCents !== undefined) return { cents: result.costCents, source: 'header' };
  const credits = result.usage?.cost;
  if (typeof credits === 'number' && Number.isFinite(credits) && credits >= 0) return { cents: credits * 100, source: 'usage.cost' };
  const est = chatCostFromUsage(result.usage, model);
  return 'cents' in est ? { cents: est.cents, source: 'usage' } : est;
}
