// Which catalog entries are chat models, and the one prompt help uses: the `airforce.promptModel`
// setting when it names a chat model, else the cheapest streaming chat model (docs §6: supports_chat,
// supports_streaming). "Cheapest" is the price of a typical prompt-help call, so a model cheap to
// read but dear to write does not win on its input price alone. Pure.
import { chatFieldsOf } from './schemas/chatSchemas';
import { chatTokenPrices } from './rules/chatCost';
import type { Model } from './schemas/schemas';

/** A typical prompt-help call: a page of instructions and caps in, a paragraph or a few shots out. */
export const TYPICAL_CALL = { inputTokens: 1_500, outputTokens: 600 } as const;

export function isChatModel(m: Model): boolean {
  return chatFieldsOf(m).supports_chat === true;
}

export function isStreamingChatModel(m: Model): boolean {
  const f = chatFieldsOf(m);
  return f.supports_chat === true && f.supports_streaming === true;
}

/** Cents for a typical call, or undefined when the model has no token prices. */
export function typicalChatCents(m: Model): number | undefined {
  const p = chatTokenPrices(m);
  return p ? (TYPICAL_CALL.inputTokens * p.inputCentsPerMillion + TYPICAL_CALL.outputTokens * p.outputCentsPerMillion) / 1e6 : undefined;
}

/** Offline models are passed over; a model with no status is taken as usable. */
const usable = (m: Model): boolean => m.status === undefined || m.status.toLowerCase() !== 'offline';

/** The cheapest usable streaming chat model with prices (ties: by id), else the first unpriced one. */
export function cheapestStreamingChatModel(catalog: readonly Model[]): Model | undefined {
  const candidates = catalog.filter((m) => isStreamingChatModel(m) && usable(m));
  const priced = candidates
    .map((m) => ({ m, cents: typicalChatCents(m) }))
    .filter((x): x is { m: Model; cents: number } => x.cents !== undefined)
    .sort((a, b) => a.cents - b.cents || a.m.id.localeCompare(b.m.id));
  return priced[0]?.m ?? candidates[0];
}

export type PromptModelChoice = { model: Model; from: 'setting' | 'cheapest'; stream: boolean } | { problem: 'not_in_catalog' | 'not_chat' | 'no_chat_model'; id?: string };

/**
 * The model for prompt help. A setting that names no model in the catalog, or a model that cannot
 * chat, is a problem to show (never silently replaced by another, dearer or not); an empty setting
 * picks the cheapest. A chosen model without streaming is used without streaming.
 */
export function choosePromptModel(setting: string | undefined, catalog: readonly Model[]): PromptModelChoice {
  const id = setting?.trim() ?? '';
  if (id !== '') {
    const model = catalog.find((m) => m.id === id);
    if (!model) return { problem: 'not_in_catalog', id };
    if (!isChatModel(model)) return { problem: 'not_chat', id };
    return { model, from: 'setting', stream: isStreamingChatModel(model) };
  }
  const model = cheapestStreamingChatModel(catalog);
  return model ? { model, from: 'cheapest', stream: true } : { problem: 'no_chat_model' };
}
