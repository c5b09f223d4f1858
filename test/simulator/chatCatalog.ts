// The chat models the simulator lists beside the media models (docs: GET /v1/models marks them with
// `supports_chat`; token prices are cents per million tokens). Kept apart from catalog.ts so the
// media catalog and this one change without touching each other.
import type { SimModel } from './catalog';

const CREATED = 1735689600;

/** The fields a chat model carries on top of the media ones. */
export interface SimChatFields {
  supports_chat?: boolean;
  supports_streaming?: boolean;
  supports_reasoning?: boolean;
  context_length?: number;
  max_output_tokens?: number;
  /** Input tokens, cents per 1,000,000. */
  pricepermilliontokens?: number;
  /** Output tokens, cents per 1,000,000. */
  output_pricepermilliontokens?: number;
}

const chat = (id: string, owned_by: string, fields: SimChatFields): SimModel => ({
  id,
  object: 'model',
  created: CREATED,
  owned_by,
  status: 'live',
  media_type: 'text',
  input_modalities: ['text'],
  output_modalities: ['text'],
  supports_chat: true,
  ...fields,
});

/**
 * gpt-4o-mini (catalog.ts) is the cheapest streaming model; `deepseek-r1` thinks aloud in inline
 * `<think>…</think>` unless asked to leave it out; `batch-llm` is cheaper still but cannot stream, so a
 * chooser of "the cheapest streaming chat model" must pass it over.
 */
export const CHAT_MODELS: readonly SimModel[] = [
  chat('gpt-4.1-mini', 'openai', { supports_streaming: true, context_length: 1_047_576, max_output_tokens: 32_768, pricepermilliontokens: 40, output_pricepermilliontokens: 160 }),
  chat('deepseek-r1', 'deepseek', {
    supports_streaming: true,
    supports_reasoning: true,
    context_length: 131_072,
    max_output_tokens: 16_384,
    pricepermilliontokens: 55,
    output_pricepermilliontokens: 219,
  }),
  chat('batch-llm', 'sim', { supports_streaming: false, context_length: 32_768, max_output_tokens: 4_096, pricepermilliontokens: 5, output_pricepermilliontokens: 10 }),
];

/** The chat fields of gpt-4o-mini, the model catalog.ts already lists. */
export const GPT_4O_MINI_CHAT: SimChatFields = {
  supports_chat: true,
  supports_streaming: true,
  context_length: 128_000,
  max_output_tokens: 16_384,
  pricepermilliontokens: 15,
  output_pricepermilliontokens: 60,
};
