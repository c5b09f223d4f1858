// The chat completions types (docs: "POST /v1/chat/completions"), zod the single source: the request
// the client sends, the streamed chunk, the whole answer, the usage block, and the chat fields a
// catalog entry may carry. Loose objects: a server that adds fields never breaks the client.
import * as z from 'zod/mini';
import { looseObject, type Model } from './schemas';

export const ChatRoleSchema = z.enum(['system', 'user', 'assistant']);
export const ChatMessageSchema = z.strictObject({ role: ChatRoleSchema, content: z.string() });
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ChatRequestSchema = looseObject({
  model: z.string().check(z.minLength(1)),
  messages: z.array(ChatMessageSchema).check(z.minLength(1)),
  max_tokens: z.optional(z.int().check(z.positive())),
  temperature: z.optional(z.number().check(z.gte(0), z.lte(2))),
  stream: z.optional(z.boolean()),
  stream_options: z.optional(looseObject({ include_usage: z.boolean() })),
  reasoning: z.optional(looseObject({ exclude: z.optional(z.boolean()), format: z.optional(z.enum(['separate', 'inline'])) })),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

const count = z.nullish(z.number().check(z.nonnegative()));

export const ChatUsageSchema = looseObject({
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: count,
  /** Credits (USD), not cents (docs §9.3). */
  cost: z.nullish(z.number()),
});
export type ChatUsage = z.infer<typeof ChatUsageSchema>;

const finish = z.nullish(z.string());

export const ChatChunkSchema = looseObject({
  model: z.optional(z.string()),
  choices: z._default(z.array(looseObject({ delta: z._default(looseObject({ content: z.nullish(z.string()) }), {}), finish_reason: finish })), []),
  usage: z.nullish(ChatUsageSchema),
});
export type ChatChunk = z.infer<typeof ChatChunkSchema>;

export const ChatCompletionSchema = looseObject({
  model: z.optional(z.string()),
  choices: z.array(looseObject({ message: looseObject({ content: z.nullish(z.string()) }), finish_reason: finish })),
  usage: z.nullish(ChatUsageSchema),
});
export type ChatCompletion = z.infer<typeof ChatCompletionSchema>;

/** The chat fields of a catalog entry (docs §8: supports_*, token prices in cents per 1,000,000). */
export const ChatModelFieldsSchema = looseObject({
  supports_chat: z.nullish(z.boolean()),
  supports_streaming: z.nullish(z.boolean()),
  supports_reasoning: z.nullish(z.boolean()),
  context_length: z.nullish(z.number()),
  max_output_tokens: z.nullish(z.number()),
  pricepermilliontokens: z.nullish(z.number().check(z.nonnegative())),
  output_pricepermilliontokens: z.nullish(z.number().check(z.nonnegative())),
});
export type ChatModelFields = z.infer<typeof ChatModelFieldsSchema>;

/** A model's chat fields; an entry whose chat fields are malformed reads as "not a chat model". */
export function chatFieldsOf(model: Model): ChatModelFields {
  const r = ChatModelFieldsSchema.safeParse(model);
  return r.success ? r.data : {};
}
