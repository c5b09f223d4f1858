// The simulator's chat completions (test/simulator/chat.ts) over plain fetch: the OpenAI shape,
// streaming with [DONE] and usage last, inline <think> and reasoning.exclude, and the chat faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../simulator/server';
import { api, errorOf, KEY, withSim } from './helpers';

const CHAT = '/v1/chat/completions';
const ask = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: 'a cat on a roof' }], ...extra });

/** The `data:` payloads of a streamed answer, and whether the connection broke before its end. */
async function streamed(sim: Simulator, body: unknown): Promise<{ status: number; type: string; data: string[]; broken: boolean }> {
  const res = await fetch(sim.url + CHAT, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let text = '';
  let broken = false;
  try {
    text = await res.text();
  } catch {
    broken = true;
  }
  const data = text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice(6));
  return { status: res.status, type: res.headers.get('content-type') ?? '', data, broken };
}

const contentOf = (data: string[]): string =>
  data
    .filter((d) => d !== '[DONE]')
    .map((d) => (JSON.parse(d) as { choices: { delta: { content?: string } }[] }).choices[0]!.delta.content ?? '')
    .join('');

test('ph#1 the catalog lists chat models with token prices and streaming flags', async () => {
  await withSim({}, async (sim) => {
    const r = await api(sim, 'GET', '/v1/models');
    const chat = (r.json.data as Record<string, unknown>[]).filter((m) => m.supports_chat === true);
    assert.deepEqual(chat.map((m) => m.id).sort(), ['batch-llm', 'deepseek-r1', 'gpt-4.1-mini', 'gpt-4o-mini']);
    for (const m of chat) {
      assert.equal(typeof m.pricepermilliontokens, 'number');
      assert.equal(typeof m.output_pricepermilliontokens, 'number');
      assert.equal(typeof m.supports_streaming, 'boolean');
    }
    assert.equal(chat.find((m) => m.id === 'deepseek-r1')!.supports_reasoning, true);
  });
});

test('ph#1 a non-streaming answer is a chat.completion with usage, X-Cost-Cents and token headers', async () => {
  await withSim({}, async (sim) => {
    const r = await api(sim, 'POST', CHAT, { body: ask('gpt-4.1-mini') });
    assert.equal(r.status, 200);
    assert.equal(r.json.object, 'chat.completion');
    const choice = (r.json.choices as { message: { role: string; content: string }; finish_reason: string }[])[0]!;
    assert.equal(choice.message.role, 'assistant');
    assert.match(choice.message.content, /a cat on a roof/);
    const usage = r.json.usage as Record<string, number>;
    assert.equal(usage.prompt_tokens, Math.ceil('a cat on a roof'.length / 4));
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
    const cents = (usage.prompt_tokens * 40 + usage.completion_tokens * 160) / 1e6;
    assert.equal(Number(r.headers.get('x-cost-cents')), Math.round(cents * 1e4) / 1e4);
    assert.equal(r.headers.get('x-tokens-prompt'), String(usage.prompt_tokens));
    assert.equal(sim.requests.at(-1)!.path, CHAT);
  });
});

test('ph#1 a streamed answer is data: chunks, usage on the last chunk only when asked, then [DONE]', async () => {
  await withSim({}, async (sim) => {
    const withUsage = await streamed(sim, ask('gpt-4.1-mini', { stream: true, stream_options: { include_usage: true } }));
    assert.match(withUsage.type, /^text\/event-stream/);
    assert.equal(withUsage.data.at(-1), '[DONE]');
    assert.ok(withUsage.data.length > 4, 'the answer comes in several chunks');
    const chunks = withUsage.data.slice(0, -1).map((d) => JSON.parse(d) as Record<string, unknown>);
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    assert.ok(chunks.slice(0, -1).every((c) => c.usage === undefined));
    assert.ok((chunks.at(-1)!.usage as Record<string, number>).completion_tokens > 0);
    assert.match(contentOf(withUsage.data), /^Simulated answer from gpt-4\.1-mini: a cat on a roof$/);
    const without = await streamed(sim, ask('gpt-4.1-mini', { stream: true }));
    assert.ok(without.data.slice(0, -1).every((d) => (JSON.parse(d) as Record<string, unknown>).usage === undefined));
  });
});

test('ph#1 the reasoning model thinks inline in <think>, split across chunks, unless reasoning.exclude', async () => {
  await withSim({}, async (sim) => {
    const inline = await streamed(sim, ask('deepseek-r1', { stream: true }));
    const text = contentOf(inline.data);
    assert.match(text, /^<think>.+<\/think>\n\nSimulated answer/s);
    assert.ok(!inline.data.some((d) => d.includes('<think>')), 'the tag never arrives whole in one chunk');
    const excluded = await streamed(sim, ask('deepseek-r1', { stream: true, reasoning: { exclude: true } }));
    assert.doesNotMatch(contentOf(excluded.data), /think/);
    assert.deepEqual(sim.requests.at(-1)!.body, ask('deepseek-r1', { stream: true, reasoning: { exclude: true } }));
    const separate = await streamed(sim, ask('deepseek-r1', { stream: true, reasoning: { format: 'separate' } }));
    assert.doesNotMatch(contentOf(separate.data), /think/);
    assert.ok(separate.data.some((d) => d !== '[DONE]' && typeof (JSON.parse(d) as { choices: { delta: { reasoning?: string } }[] }).choices[0]!.delta.reasoning === 'string'));
  });
});

test('ph#1 faults: chat-empty is a 200 with empty content and zero usage; chat-cut drops mid-stream; status-429', async () => {
  await withSim({}, async (sim) => {
    sim.addFault({ fault: 'chat-empty', times: 1 });
    const empty = await streamed(sim, ask('gpt-4.1-mini', { stream: true, stream_options: { include_usage: true } }));
    assert.equal(empty.status, 200);
    assert.equal(contentOf(empty.data), '');
    assert.deepEqual((JSON.parse(empty.data.at(-2)!) as { usage: unknown }).usage, { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    const emptyJson = await (sim.addFault({ fault: 'chat-empty', times: 1 }), api(sim, 'POST', CHAT, { body: ask('gpt-4.1-mini') }));
    assert.equal((emptyJson.json.choices as { message: { content: string } }[])[0]!.message.content, '');

    sim.addFault({ fault: 'chat-cut', times: 1, param: 2 });
    const cut = await streamed(sim, ask('gpt-4.1-mini', { stream: true }));
    assert.equal(cut.broken, true);
    assert.ok(!cut.data.includes('[DONE]'));
    assert.equal(sim.requests.at(-1)!.fault, 'chat-cut');

    sim.addFault({ fault: 'status-429', times: 1, match: { path: CHAT } });
    const limited = await api(sim, 'POST', CHAT, { body: ask('gpt-4.1-mini') });
    assert.equal(limited.status, 429);
    assert.equal(errorOf(limited).type, 'rate_limit');
  });
});

test('ph#1 refusals: an unknown model, a media model, streaming from a model that cannot', async () => {
  await withSim({}, async (sim) => {
    assert.equal((await api(sim, 'POST', CHAT, { body: ask('nope') })).status, 404);
    assert.equal(errorOf(await api(sim, 'POST', CHAT, { body: ask('wan-2.6') })).code, 'unknown_model');
    assert.equal(errorOf(await api(sim, 'POST', CHAT, { body: ask('batch-llm', { stream: true }) })).code, 'streaming_unsupported');
    assert.equal((await api(sim, 'POST', CHAT, { body: ask('batch-llm') })).status, 200);
    assert.equal((await api(sim, 'POST', CHAT, { body: ask('gpt-4.1-mini'), key: null })).status, 401);
  });
});
