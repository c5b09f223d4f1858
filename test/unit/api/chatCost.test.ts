// Chat prices (src/api/rules/chatCost.ts) and the prompt-model chooser (src/api/chatModels.ts), on the
// simulator's own catalog entries so the fields are the ones the server sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatCostBeforeCents, chatCostFromUsage, estimatePromptTokens, settledChatCost } from '../../../src/api/rules/chatCost';
import { cheapestStreamingChatModel, choosePromptModel, isChatModel } from '../../../src/api/chatModels';
import { ModelListSchema, type Model } from '../../../src/api/schemas/schemas';
import { MODELS } from '../../simulator/server';

const catalog: Model[] = ModelListSchema.parse({ data: MODELS }).data;
const byId = (id: string): Model => catalog.find((m) => m.id === id)!;

test('ph#2 the call cost is usage × the catalog token prices (cents per million)', () => {
  assert.deepEqual(chatCostFromUsage({ prompt_tokens: 1_000_000, completion_tokens: 500_000 }, byId('gpt-4.1-mini')), { cents: 40 + 80 });
  assert.deepEqual(chatCostFromUsage({ prompt_tokens: 100, completion_tokens: 50 }, byId('deepseek-r1')), { cents: (100 * 55 + 50 * 219) / 1e6 });
  assert.ok('unknown' in chatCostFromUsage(undefined, byId('gpt-4.1-mini')));
  assert.ok('unknown' in chatCostFromUsage({ prompt_tokens: 1, completion_tokens: 1 }, byId('wan-2.6')));
  const noOutputPrice = { ...byId('gpt-4.1-mini'), output_pricepermilliontokens: undefined };
  assert.ok('unknown' in chatCostFromUsage({ prompt_tokens: 1, completion_tokens: 1 }, noOutputPrice), 'no output price is no price, not the input price');
});

test('ph#2 the settled cost prefers X-Cost-Cents, then usage.cost (USD), then usage × prices', () => {
  const m = byId('gpt-4.1-mini');
  const usage = { prompt_tokens: 1000, completion_tokens: 1000, cost: 0.002 };
  assert.deepEqual(settledChatCost({ costCents: 0.25, usage }, m), { cents: 0.25, source: 'header' });
  assert.deepEqual(settledChatCost({ usage }, m), { cents: 0.2, source: 'usage.cost' });
  assert.deepEqual(settledChatCost({ usage: { prompt_tokens: 1000, completion_tokens: 1000 } }, m), { cents: 0.2, source: 'usage' });
  assert.ok('unknown' in settledChatCost({}, m));
});

test('ph#2 the price before sending bounds the answer by max_tokens or the model limit', () => {
  const messages = [{ role: 'user' as const, content: 'x'.repeat(400) }];
  assert.equal(estimatePromptTokens(messages), 100 + 4);
  assert.deepEqual(chatCostBeforeCents(messages, byId('gpt-4.1-mini'), 1000), { cents: (104 * 40 + 1000 * 160) / 1e6 });
  assert.deepEqual(chatCostBeforeCents(messages, byId('gpt-4.1-mini')), { cents: (104 * 40 + 32_768 * 160) / 1e6 });
  assert.ok('unknown' in chatCostBeforeCents(messages, { ...byId('gpt-4.1-mini'), max_output_tokens: undefined }));
});

test('ph#3 an empty promptModel picks the cheapest streaming chat model, passing over non-streaming and offline ones', () => {
  assert.deepEqual(
    catalog
      .filter(isChatModel)
      .map((m) => m.id)
      .sort(),
    ['batch-llm', 'deepseek-r1', 'gpt-4.1-mini', 'gpt-4o-mini'],
  );
  assert.equal(cheapestStreamingChatModel(catalog)?.id, 'gpt-4o-mini', 'batch-llm is cheaper but cannot stream');
  const offline = catalog.map((m) => (m.id === 'gpt-4o-mini' ? { ...m, status: 'offline' } : m));
  assert.equal(cheapestStreamingChatModel(offline)?.id, 'gpt-4.1-mini');
  const choice = choosePromptModel('  ', catalog);
  assert.ok('model' in choice && choice.model.id === 'gpt-4o-mini' && choice.from === 'cheapest' && choice.stream);
  assert.deepEqual(
    choosePromptModel(
      undefined,
      catalog.filter((m) => !isChatModel(m)),
    ),
    { problem: 'no_chat_model' },
  );
});

test('ph#3 a promptModel setting is used as named, or is a problem; never silently swapped', () => {
  const batch = choosePromptModel('batch-llm', catalog);
  assert.ok('model' in batch && batch.model.id === 'batch-llm' && batch.from === 'setting' && batch.stream === false);
  assert.deepEqual(choosePromptModel('gone-model', catalog), { problem: 'not_in_catalog', id: 'gone-model' });
  assert.deepEqual(choosePromptModel('wan-2.6', catalog), { problem: 'not_chat', id: 'wan-2.6' });
});
