// The chat client (src/api/chat.ts) against the simulator: real sockets, real SSE, real breaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHAT_PATH } from '../../../src/api/chat';
import { ChatEmptyAnswerError, ChatStreamCutError } from '../../../src/api/chatErrors';
import { settledChatCost } from '../../../src/api/rules/chatCost';
import { AirforceError, CreateOutcomeUnknownError } from '../../../src/api/http/errors';
import { isAbortError } from '../../../src/util/abort';
import { recordingClient, useSimulator } from '../simulator/sim-helpers';

const KEY = 'sk-air-test-key';
const sim = useSimulator({ keys: [KEY] });
const make = () => recordingClient(sim(), KEY);
const ask = (model: string, content = 'a cat on a roof') => ({ model, messages: [{ role: 'user' as const, content }] });
const posts = (): number => sim().requests.filter((r) => r.path === CHAT_PATH).length;

test('ph#2 a streamed answer arrives piece by piece, with usage, and the request excludes reasoning', async () => {
  const { client } = make();
  const pieces: string[] = [];
  const r = await client.chat.complete(ask('gpt-4.1-mini'), { onDelta: (t) => pieces.push(t) });
  assert.equal(r.text, 'Simulated answer from gpt-4.1-mini: a cat on a roof');
  assert.ok(pieces.length > 3, 'streamed in several pieces');
  assert.equal(pieces.join(''), r.text);
  assert.equal(r.finishReason, 'stop');
  assert.ok((r.usage?.completion_tokens ?? 0) > 0);
  const sent = sim().requests.at(-1)!;
  assert.equal(sent.headers.accept, 'text/event-stream, application/json');
  assert.deepEqual(sent.body, { ...ask('gpt-4.1-mini'), stream: true, stream_options: { include_usage: true }, reasoning: { exclude: true } });
});

test('ph#2 <think> that still arrives is stripped, even split across chunks, and never reaches onDelta', async () => {
  const { client } = make();
  sim().addFault({ fault: 'chat-script', times: 1, param: '<think>plan the shot: fox, dusk</think>\n\nA red fox at dusk, <b>slow</b> pan' });
  const pieces: string[] = [];
  const r = await client.chat.complete(ask('gpt-4.1-mini'), { onDelta: (t) => pieces.push(t) });
  assert.equal(r.text, 'A red fox at dusk, <b>slow</b> pan');
  assert.equal(pieces.join(''), r.text);
  assert.ok(pieces.every((p) => !/think|plan the shot/.test(p)));
});

test('ph#2 the reasoning model answers without its reasoning; non-streamed answers too', async () => {
  const { client } = make();
  const streamed = await client.chat.complete(ask('deepseek-r1'));
  assert.equal(streamed.text, 'Simulated answer from deepseek-r1: a cat on a roof');
  sim().addFault({ fault: 'chat-script', times: 1, param: '<think>hmm</think> Plain answer' });
  const whole = await client.chat.complete(ask('batch-llm'), { stream: false });
  assert.equal(whole.text, 'Plain answer');
  assert.ok(whole.costCents !== undefined, 'the non-streamed answer carries X-Cost-Cents');
  assert.deepEqual(settledChatCost(whole, undefined), { cents: whole.costCents, source: 'header' });
});

test('ph#2 an empty 200 with zero usage is a retryable failure, not an empty prompt', async () => {
  const { client } = make();
  sim().addFault({ fault: 'chat-empty', times: 1 });
  const pieces: string[] = [];
  await assert.rejects(client.chat.complete(ask('gpt-4.1-mini'), { onDelta: (t) => pieces.push(t) }), (err: unknown) => {
    assert.ok(err instanceof ChatEmptyAnswerError);
    assert.equal(err.retryable, true);
    assert.equal(err.code, 'empty_answer');
    assert.match(err.userMessage(), /nothing was billed/);
    return true;
  });
  assert.deepEqual(pieces, []);
  sim().addFault({ fault: 'chat-empty', times: 1 });
  await assert.rejects(client.chat.complete(ask('batch-llm'), { stream: false }), ChatEmptyAnswerError);
  assert.equal(posts(), 2, 'not re-sent by the client');
});

test('ph#2 a mid-stream cut is an error that keeps what arrived only as a diagnostic, and is not re-sent', async () => {
  const { client, logger } = make();
  sim().addFault({ fault: 'chat-cut', times: 1, param: 3 });
  await assert.rejects(client.chat.complete(ask('gpt-4.1-mini')), (err: unknown) => {
    assert.ok(err instanceof ChatStreamCutError);
    assert.equal(err.code, 'stream_cut');
    assert.equal(err.retryable, false);
    assert.equal(err.partial, 'Simulated answer'.slice(0, 15));
    assert.doesNotMatch(err.message, /Simulated/, 'the partial text is not in the message');
    return true;
  });
  assert.equal(posts(), 1);
  assert.ok(logger.lines.some((l) => /stream_cut after 15 characters/.test(l)));
});

test('ph#2 a 429 is retried (nothing ran); a lost connection after the body is not re-sent', async () => {
  const { client, delays } = make();
  sim().addFault({ fault: 'status-429', times: 1, match: { path: CHAT_PATH }, param: 0 });
  const r = await client.chat.complete(ask('gpt-4.1-mini'));
  assert.match(r.text, /^Simulated answer/);
  assert.equal(posts(), 2);
  assert.equal(delays.length, 1);
  sim().addFault({ fault: 'reset-after-body', times: 1, match: { path: CHAT_PATH } });
  await assert.rejects(client.chat.complete(ask('gpt-4.1-mini')), CreateOutcomeUnknownError);
  assert.equal(posts(), 3);
});

test('ph#2 cancel stops the stream at once', async () => {
  const { client } = make();
  // A long answer so the stream is still going when the cancel comes.
  sim().addFault({ fault: 'chat-script', times: 1, param: 'word '.repeat(4000) });
  const ac = new AbortController();
  let seen = 0;
  const started = Date.now();
  await assert.rejects(
    client.chat.complete(ask('gpt-4.1-mini'), {
      signal: ac.signal,
      onDelta: () => {
        if (++seen === 5) ac.abort();
      },
    }),
    (err: unknown) => isAbortError(err),
  );
  assert.ok(seen < 50, `stopped after ${seen} pieces`);
  assert.ok(Date.now() - started < 2000);
});

test('ph#2 a refused request is the API error, and a malformed body is refused before sending', async () => {
  const { client } = make();
  await assert.rejects(client.chat.complete(ask('wan-2.6')), (err: unknown) => err instanceof AirforceError && err.code === 'unknown_model');
  const before = posts();
  await assert.rejects(client.chat.complete({ model: 'gpt-4.1-mini', messages: [] }), (err: unknown) => err instanceof AirforceError && err.code === 'invalid_request_local');
  assert.equal(posts(), before);
});

test('ph#2 an error event inside a 200 stream is an error that keeps the partial text as a diagnostic', async () => {
  const sse = [
    `data: ${JSON.stringify({ choices: [{ delta: { content: 'Half a pro' }, finish_reason: null }] })}`,
    `data: ${JSON.stringify({ error: { message: 'upstream died' } })}`,
    'data: [DONE]',
  ].join('\n\n');
  const fetchStream = (async () => new Response(`${sse}\n\n`, { status: 200, headers: { 'content-type': 'text/event-stream' } })) as typeof fetch;
  const { client } = recordingClient(sim(), KEY, { fetch: fetchStream });
  const pieces: string[] = [];
  await assert.rejects(client.chat.complete(ask('gpt-4.1-mini'), { onDelta: (t) => pieces.push(t) }), (err: unknown) => {
    assert.ok(err instanceof ChatStreamCutError);
    assert.equal(err.code, 'stream_error');
    assert.equal(err.partial, 'Half a pro');
    assert.match(err.message, /upstream died/);
    return true;
  });
});
