// The Generate panel's messages for "Improve prompt": the app asks for a rewrite of a kind's prompt
// (the form's choices beside it, so the rewrite fits the model) or cancels it; the host offers the
// chat model and the call's upper bound, streams the rewrite, and reports how it ended. Browser-safe
// zod, joined into the unions of protocol.ts; the app imports only the types.
import * as z from 'zod/mini';
import { KIND_IDS, type Kind } from '../kinds';
import type { PromptHostMessage as BrowserPromptHostMessage } from '../webview/browser/improveKeys';

const ModelIdSchema = z.string().check(z.minLength(1), z.maxLength(200));
/** Longer than any model's prompt limit (speech texts run long); the host's validators do the rest. */
export const IMPROVE_PROMPT_MAX_CHARS = 20_000;
const ChoiceSchema = z.union([z.string().check(z.maxLength(200)), z.number(), z.boolean()]);

/** The app → host messages of Improve prompt (members of AppMessageSchema's union). */
export const PROMPT_APP_MESSAGES = [
  /** Rewrite this kind's prompt for this model; `choices`: the form's settings (duration, mode, …). */
  z.strictObject({
    type: z.literal('improvePrompt'),
    kind: z.enum(KIND_IDS),
    model: ModelIdSchema,
    prompt: z.string().check(z.maxLength(IMPROVE_PROMPT_MAX_CHARS)),
    choices: z.record(z.string().check(z.minLength(1), z.maxLength(64)), ChoiceSchema).check(z.refine((r) => Object.keys(r).length <= 30, { message: 'at most 30 choices' })),
  }),
  /** Cancel pressed while the rewrite streams: the host aborts the stream. */
  z.strictObject({ type: z.literal('cancelImprove') }),
] as const;

/** What the host tells the app (typed in the shared browser row; the host builds them, the app reads them). */
export type PromptHostMessage = BrowserPromptHostMessage<Kind>;
