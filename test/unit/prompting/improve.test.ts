// "Improve prompt" messages (src/prompting/improve.ts, caps.ts): the model's caps and the form's
// choices go into the request; the answer is cleaned before it becomes the prompt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelListSchema, type Model } from '../../../src/api/schemas/schemas';
import { describeCaps } from '../../../src/prompting/caps';
import { cleanImprovedPrompt, IMPROVE_MAX_TOKENS, improvePromptMessages } from '../../../src/prompting/improve';
import { MODELS } from '../../simulator/server';
import { recordingClient, useSimulator } from '../simulator/sim-helpers';

const catalog: Model[] = ModelListSchema.parse({ data: MODELS }).data;
const byId = (id: string): Model => catalog.find((m) => m.id === id)!;
const KEY = 'sk-air-test-key';
const sim = useSimulator({ keys: [KEY] });

test('ph#3 each kind states its model caps, read from the catalog entry', () => {
  assert.deepEqual(describeCaps('video', byId('kling-1')), ['durations: 5–10 s', 'modes: text, image, reference', 'aspect ratios: 16:9, 9:16, 1:1, 4:3', 'qualities: 720p, 1080p']);
  assert.deepEqual(describeCaps('image', byId('imagen-4')), ['images per request: up to 1', 'aspect ratios: 1:1, 16:9, 9:16, 4:3, 3:4', 'text to image only (no input image)']);
  assert.match(describeCaps('speech', byId('eleven-tts-v3'))[0]!, /^voices: rachel, adam$/);
  assert.deepEqual(describeCaps('music', byId('eleven-music-v1')), ['length: 10–300 s']);
  assert.deepEqual(describeCaps('sfx', byId('eleven-sfx-v2')), ['durations: 0.5–22 s']);
  assert.deepEqual(describeCaps('sfx', { ...byId('eleven-sfx-v2'), sfx_caps: 'odd' }), [], 'an unreadable cap is left out');
});

test('ph#3 the improve request carries the kind, the model, its caps, the choices and the prompt', () => {
  const [system, user] = improvePromptMessages({
    kind: 'video',
    model: byId('seedance-lite'),
    prompt: '  a fox  ',
    choices: { duration_seconds: 6, aspect_ratio: '9:16', mode: 'image', prompt: 'ignored', extra: { nested: 1 } },
  });
  assert.equal(system!.role, 'system');
  assert.match(system!.content, /video model "seedance-lite"/);
  assert.match(system!.content, /- durations: 4–8 s\n- modes: text\n- aspect ratios: 16:9, 9:16\n- qualities: 480p, 720p/);
  assert.match(system!.content, /animates a given first frame/);
  assert.equal(user!.content, 'The prompt:\na fox\n\nChosen in the form:\n- duration_seconds: 6\n- aspect_ratio: 9:16\n- mode: image');
  const speech = improvePromptMessages({ kind: 'speech', model: byId('eleven-tts-v3'), prompt: '' });
  assert.match(speech[0]!.content, /spoken word for word/);
  assert.equal(speech[1]!.content, 'Nothing is written yet: suggest one good prompt.');
});

test('ph#3 the answer is cleaned of fences, labels and wrapping quotes, and nothing more', () => {
  assert.equal(cleanImprovedPrompt('```\nA fox at dusk\n```'), 'A fox at dusk');
  assert.equal(cleanImprovedPrompt('Prompt: "A fox at dusk"'), 'A fox at dusk');
  assert.equal(cleanImprovedPrompt('«Лиса в сумерках»'), 'Лиса в сумерках');
  assert.equal(cleanImprovedPrompt('"Run," she said, "now"'), '"Run," she said, "now"');
});

test('ph#3 improve end to end: the messages go out through the chat client and the rewrite comes back', async () => {
  const { client } = recordingClient(sim(), KEY);
  sim().addFault({ fault: 'chat-script', times: 1, param: '<think>keep it short</think>"A red fox trots through snow, low tracking shot, golden hour"' });
  const messages = improvePromptMessages({ kind: 'video', model: byId('wan-2.6'), prompt: 'fox in snow', choices: { duration_seconds: 5 } });
  const r = await client.chat.complete({ model: 'gpt-4o-mini', messages, max_tokens: IMPROVE_MAX_TOKENS });
  assert.equal(cleanImprovedPrompt(r.text), 'A red fox trots through snow, low tracking shot, golden hour');
  const sent = sim().requests.at(-1)!.body as { messages: { content: string }[]; max_tokens: number };
  assert.match(sent.messages[0]!.content, /durations: 5–10 s/);
  assert.equal(sent.max_tokens, IMPROVE_MAX_TOKENS);
});
