// The chat endpoint: POST /v1/chat/completions, used for prompt help. Streamed by default (SSE
// `data:` chunks parsed with eventsource-parser, `[DONE]` at the end, usage on the last chunk); a
// plain JSON answer is read too. Reasoning never reaches the answer: `reasoning: {exclude: true}` is
// always sent and any inline `<think>…</think>` that still arrives is stripped (chatThink.ts).
//
// Money: every POST that reaches the server may be billed, so a lost connection before the answer is
// CreateOutcomeUnknownError and never re-sent here; 429/503 *responses* are retried by the transport
// (they prove nothing ran). An empty 200 and a broken stream are their own errors (chatErrors.ts).
import { createParser } from 'eventsource-parser';
import { abortError } from '../util/abort';
import { readBodyCapped } from './http/body';
import { ChatEmptyAnswerError, ChatStreamCutError } from './chatErrors';
import { ChatChunkSchema, ChatCompletionSchema, ChatRequestSchema, type ChatRequest, type ChatUsage } from './schemas/chatSchemas';
import { ThinkStripper, stripThink } from './chatThink';
import { parseCostHeader } from './http/costHeader';
import { USAGE_ADVICE } from './http/errors';
import { JSON_TYPE, SSE_TYPE, type Exchange, type Http } from './http/http';
import { sseEventError } from './imageAnswer';

export const CHAT_PATH = '/v1/chat/completions';

export interface ChatOptions {
  signal?: AbortSignal;
  /** false: one JSON answer instead of a stream (for models without supports_streaming). Default true. */
  stream?: boolean;
  /** Each new piece of the answer as it arrives (reasoning already removed). */
  onDelta?: (text: string) => void;
}

export interface ChatResult {
  /** The answer, reasoning removed, trimmed. Never empty (an empty answer is ChatEmptyAnswerError). */
  text: string;
  /** The model that answered (a fallback may differ from the one asked). */
  model?: string;
  usage?: ChatUsage;
  finishReason?: string;
  /** The server's X-Request-ID when trusted, else ours. */
  requestId: string;
  /** What the server billed (X-Cost-Cents), when it said so. */
  costCents?: number;
}

/** What a stream has delivered so far. */
interface StreamState {
  text: string;
  done: boolean;
  finishReason?: string;
  usage?: ChatUsage;
  model?: string;
  error?: string;
}

const LABEL = `POST ${CHAT_PATH}`;
const NOT_RESENT = 'The answer was probably generated (and billed): check your usage before trying again';

export class ChatApi {
  constructor(private readonly http: Http) {}

  async complete(req: ChatRequest, opts: ChatOptions = {}): Promise<ChatResult> {
    const stream = opts.stream ?? true;
    const body: ChatRequest = {
      ...req,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      reasoning: { ...req.reasoning, exclude: true },
    };
    this.http.checkBody(ChatRequestSchema, body, 'chat');
    const billed = { subject: 'chat request', advice: USAGE_ADVICE };
    const ex = await this.http.send({
      method: 'POST',
      path: CHAT_PATH,
      body: JSON.stringify(body),
      signal: opts.signal,
      accept: stream ? `${SSE_TYPE}, ${JSON_TYPE}` : JSON_TYPE,
      raw: stream,
      billed,
    });
    const type = (ex.headers.get('content-type') ?? '').toLowerCase();
    if (ex.response && type.startsWith(SSE_TYPE)) return this.readStream(ex, ex.response, opts);
    // A server that ignored `stream: true` answers JSON: read it whole, under the same cap.
    const whole = ex.response ? { ...ex, ...(await readBodyCapped(ex.response, this.http.maxJsonBytes).then((b) => ({ bodyText: b.text, tooLarge: b.tooLarge }))) } : ex;
    return this.readJson(whole, opts);
  }

  private readJson(ex: Exchange, opts: ChatOptions): ChatResult {
    const parsed = this.http.readAccepted(() => this.http.parse(ChatCompletionSchema, ex, 'POST', CHAT_PATH), NOT_RESENT);
    const choice = parsed.choices[0];
    const text = stripThink(choice?.message.content ?? '').trim();
    const state: StreamState = { text, done: true, finishReason: choice?.finish_reason ?? undefined, usage: parsed.usage ?? undefined, model: parsed.model };
    if (text) opts.onDelta?.(text);
    return this.finish(ex, state);
  }

  private async readStream(ex: Exchange, response: Response, opts: ChatOptions): Promise<ChatResult> {
    const state: StreamState = { text: '', done: false };
    const strip = new ThinkStripper();
    const emit = (piece: string): void => {
      if (piece === '') return;
      state.text += piece;
      opts.onDelta?.(piece);
    };
    let skipped = 0;
    const parser = createParser({
      onEvent: (m) => {
        if (state.done || state.error !== undefined || m.data.trim() === '') return;
        if (m.data === '[DONE]') {
          state.done = true;
          return;
        }
        const error = sseEventError({ event: m.event, data: m.data });
        if (error !== undefined) {
          state.error = error;
          return;
        }
        const chunk = parseChunk(m.data);
        if (!chunk) {
          skipped++; // one odd event does not end a stream; it is counted for the log
          return;
        }
        if (chunk.model) state.model = chunk.model;
        if (chunk.usage) state.usage = chunk.usage;
        for (const c of chunk.choices.slice(0, 1)) {
          emit(strip.push(c.delta.content ?? ''));
          if (c.finish_reason) state.finishReason = c.finish_reason;
        }
      },
    });
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const next = reader ? await reader.read() : { done: true as const, value: undefined };
        if (next.done) break;
        parser.feed(decoder.decode(next.value, { stream: true }));
        if (state.done || state.error !== undefined) break;
      }
      parser.feed(decoder.decode());
    } catch (err) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      throw this.cut(ex, state.text, 'stream_cut', describe(err));
    } finally {
      reader?.cancel().catch(() => undefined);
    }
    if (opts.signal?.aborted) throw abortError(opts.signal);
    if (skipped > 0) this.http.log.warn(`${LABEL} ${ex.requestId}: ${skipped} unreadable event(s) skipped`);
    if (state.error !== undefined) throw this.cut(ex, state.text, 'stream_error', `the server said: ${state.error.slice(0, 200)}`);
    // A clean end without [DONE] is accepted only when the model said it had finished.
    if (!state.done && !state.finishReason) throw this.cut(ex, state.text, 'stream_cut', 'the stream ended early');
    emit(strip.end());
    state.text = state.text.trimEnd();
    return this.finish(ex, state);
  }

  private finish(ex: Exchange, state: StreamState): ChatResult {
    const usage = state.usage;
    if (state.text === '') {
      const billed = (usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0) + (usage?.total_tokens ?? 0) > 0;
      this.http.log.warn(`${LABEL} ${ex.requestId}: empty answer (${billed ? 'billed' : 'zero usage'})`);
      throw new ChatEmptyAnswerError({ billed, status: ex.status, requestId: ex.requestId, redact: this.http.redact });
    }
    const out: ChatResult = { text: state.text, requestId: ex.requestId };
    if (state.model) out.model = state.model;
    if (usage) out.usage = usage;
    if (state.finishReason) out.finishReason = state.finishReason;
    const cost = parseCostHeader(ex.headers.get('x-cost-cents'));
    if (cost !== undefined) out.costCents = cost;
    return out;
  }

  private cut(ex: Exchange, partial: string, code: 'stream_cut' | 'stream_error', detail: string): ChatStreamCutError {
    this.http.log.warn(`${LABEL} ${ex.requestId}: ${code} after ${[...partial].length} characters (${detail})`);
    return new ChatStreamCutError({ partial, detail, code, status: ex.status, requestId: ex.requestId, redact: this.http.redact });
  }
}

function parseChunk(data: string) {
  try {
    const r = ChatChunkSchema.safeParse(JSON.parse(data));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return err instanceof Error ? `${err.message}${cause}` : String(err);
}
