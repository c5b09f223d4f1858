// POST /v1/chat/completions in the OpenAI shape (docs: "chat streaming"): non-streaming JSON, or with
// `stream: true` SSE `data: {chunk}` events ending in `data: [DONE]`, usage on the last chunk when
// `stream_options.include_usage` is set. A reasoning model thinks aloud in inline `<think>…</think>`
// unless the body says `reasoning: {exclude: true}` (or `format: "separate"`, which moves it to
// `delta.reasoning`). Answers are deterministic: tokens are counted as ceil(characters / 4).
// Faults: chat-empty (the "all providers failed" 200: empty content, zero usage), chat-cut (the
// connection drops after param content chunks, default 3), chat-script (param is the answer text,
// sent as is, `<think>` included); status-429 and the other server-wide faults apply as everywhere.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { KeyRing } from './auth';
import { findModel, type SimModel } from './catalog';
import { noteFault, reply, resetIfFaulted, type RequestContext } from './context';
import { invalid, notFound } from './errors';
import { numericParam, type FaultRegistry } from './faults';
import { parseJsonBody, route, type Route } from './http';
import { summarizeBody } from './requestLog';

export interface ChatDeps {
  keys: KeyRing;
  faults: FaultRegistry;
}

type Body = Record<string, unknown>;
interface Message {
  role: string;
  content: string;
}

/** Characters per streamed chunk: small and odd, so `<think>` and `</think>` are split across chunks. */
export const SIM_CHAT_CHUNK_CHARS = 5;
const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const tokens = (text: string): number => Math.ceil([...text].length / 4);
const centsText = (cents: number): string => String(Math.round(cents * 10_000) / 10_000);

function messagesOf(body: Body): Message[] {
  const list = body.messages;
  if (!Array.isArray(list) || list.length === 0) throw invalid("'messages' must be a non-empty array.", 'missing_field', 'messages');
  return list.map((m, i) => {
    const rec = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
    if (typeof rec.role !== 'string' || !ROLES.has(rec.role)) throw invalid(`'messages[${i}].role' is not a known role.`, 'invalid_value', `messages[${i}].role`);
    if (typeof rec.content !== 'string') throw invalid(`'messages[${i}].content' must be a string here.`, 'invalid_value', `messages[${i}].content`);
    return { role: rec.role, content: rec.content };
  });
}

function chatModel(body: Body): SimModel {
  const id = body.model;
  if (typeof id !== 'string' || id === '') throw invalid("'model' is required.", 'missing_field', 'model');
  const model = findModel(id);
  if (!model) throw notFound(`Model '${id}' not found.`, 'model_not_found');
  if (!model.supports_chat) throw invalid(`Model '${id}' is not a chat model.`, 'unknown_model', 'model');
  return model;
}

/** What the model "thinks" and says: a fixed echo of the last user message. */
function answerFor(model: SimModel, messages: Message[]): { thinking: string; answer: string } {
  const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const answer = `Simulated answer from ${model.id}: ${last.trim().slice(0, 200)}`;
  return { thinking: model.supports_reasoning ? `The user wants a better text. Let me think about "${last.slice(0, 40)}".` : '', answer };
}

interface Plan {
  /** What goes into `content`, in order. */
  content: string;
  /** What goes into `reasoning` (format: separate). */
  reasoning: string;
  usage: Record<string, unknown>;
  costCents: number;
}

function plan(ctx: RequestContext, d: ChatDeps, body: Body, model: SimModel, messages: Message[]): Plan {
  const reasoningOpt = (typeof body.reasoning === 'object' && body.reasoning !== null ? body.reasoning : {}) as Record<string, unknown>;
  const script = d.faults.take(['chat-script'], ctx.match);
  if (script) noteFault(ctx, 'chat-script');
  const empty = d.faults.take(['chat-empty'], ctx.match);
  const promptTokens = tokens(messages.map((m) => m.content).join('\n'));
  if (empty) {
    // "Zero-completion insurance": every provider failed, yet the status is 200.
    noteFault(ctx, 'chat-empty');
    return { content: '', reasoning: '', usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, costCents: 0 };
  }
  const { thinking, answer } = script ? { thinking: '', answer: String(script.param ?? '') } : answerFor(model, messages);
  const exclude = reasoningOpt.exclude === true;
  const separate = reasoningOpt.format === 'separate';
  const content = thinking && !exclude && !separate ? `<think>${thinking}</think>\n\n${answer}` : answer;
  // Reasoning is billed whether it is shown or not.
  const reasoningTokens = tokens(thinking);
  const completion = tokens(answer) + reasoningTokens;
  const costCents = (promptTokens * (model.pricepermilliontokens ?? 0) + completion * (model.output_pricepermilliontokens ?? 0)) / 1e6;
  return {
    content,
    reasoning: separate && !exclude ? thinking : '',
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completion,
      total_tokens: promptTokens + completion,
      ...(reasoningTokens ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
      cost: Math.round(costCents * 10_000) / 1e6, // credits (USD), not cents
    },
    costCents,
  };
}

export function chatRoutes(d: ChatDeps): Route<RequestContext>[] {
  return [
    route('POST', '/v1/chat/completions', (ctx) => {
      d.keys.require(ctx.req);
      const raw = parseJsonBody(ctx.rawBody);
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('The body must be a JSON object.', 'invalid_json');
      const body = raw as Body;
      ctx.entry.body = summarizeBody(body);
      const model = chatModel(body);
      const messages = messagesOf(body);
      const stream = body.stream === true;
      if (stream && !model.supports_streaming) throw invalid(`Model '${model.id}' does not support streaming.`, 'streaming_unsupported', 'stream');
      const p = plan(ctx, d, body, model, messages);
      const id = `chatcmpl-${randomBytes(8).toString('hex')}`;
      const created = Math.floor(Date.now() / 1000);
      if (!stream) {
        const message = { role: 'assistant', content: p.content, ...(p.reasoning ? { reasoning: p.reasoning } : {}) };
        reply(
          ctx,
          200,
          { id, object: 'chat.completion', created, model: model.id, choices: [{ index: 0, message, finish_reason: 'stop' }], usage: p.usage },
          { 'X-Cost-Cents': centsText(p.costCents), 'X-Tokens-Prompt': String(p.usage.prompt_tokens), 'X-Tokens-Completion': String(p.usage.completion_tokens) },
        );
        return;
      }
      if (resetIfFaulted(ctx)) return;
      const cut = d.faults.take(['chat-cut'], ctx.match);
      if (cut) noteFault(ctx, 'chat-cut');
      const opts = (typeof body.stream_options === 'object' && body.stream_options !== null ? body.stream_options : {}) as Record<string, unknown>;
      streamChat(ctx.res, { id, created, model: model.id }, p, opts.include_usage === true, cut ? Math.max(0, Math.floor(numericParam(cut, 3))) : undefined);
    }),
  ];
}

function split(text: string): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += SIM_CHAT_CHUNK_CHARS) out.push(chars.slice(i, i + SIM_CHAT_CHUNK_CHARS).join(''));
  return out;
}

/** The chunks, written one event loop turn apart so a client sees them arrive separately. */
function streamChat(res: ServerResponse, head: { id: string; created: number; model: string }, p: Plan, includeUsage: boolean, cutAfter: number | undefined): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.flushHeaders();
  const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: Record<string, unknown>): string =>
    `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
  const events: string[] = [chunk({ role: 'assistant', content: '' }, null)];
  for (const r of split(p.reasoning)) events.push(chunk({ reasoning: r }, null));
  const contentStart = events.length;
  for (const c of split(p.content)) events.push(chunk({ content: c }, null));
  events.push(chunk({}, 'stop', includeUsage ? p.usage : undefined), 'data: [DONE]\n\n');
  let i = 0;
  const next = (): void => {
    if (res.destroyed) return;
    if (cutAfter !== undefined && i >= contentStart + cutAfter) {
      // Destroy only once the last chunk is on the wire, so the client sees it and then the break.
      res.write('', () => res.destroy());
      return;
    }
    if (i >= events.length) {
      res.end();
      return;
    }
    res.write(events[i++]);
    setImmediate(next);
  };
  next();
}
