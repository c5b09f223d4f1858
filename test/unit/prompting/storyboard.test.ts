// "Storyboard from selection" (src/prompting/storyboard.ts): the request lists the catalog with caps;
// the answer's blocks are extracted, closed and checked by the storyboard analyzer; the one fix
// message names every problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelListSchema, type Model } from '../../../src/api/schemas/schemas';
import { catalogSection, extractBlocks, fixConversation, fixProblemsMessage, needsFix, readStoryboardAnswer, storyboardMessages } from '../../../src/prompting/storyboard';
import { MODELS } from '../../simulator/server';
import { recordingClient, useSimulator } from '../simulator/sim-helpers';

const catalog: Model[] = ModelListSchema.parse({ data: MODELS }).data;
const KEY = 'sk-air-test-key';
const sim = useSimulator({ keys: [KEY] });

const GOOD = [
  'Here is your storyboard:',
  '```airforce',
  'id: dawn',
  'kind: image',
  'model: flux-2-dev',
  'prompt: A lighthouse at dawn',
  'aspect_ratio: 16:9',
  '```',
  'And then:',
  '```airforce',
  'id: dawn-move',
  'kind: video',
  'model: wan-2.6',
  'image: @dawn',
  'prompt: Slow push-in as the mist lifts',
  'duration: 5',
  '```',
].join('\n');

const BAD = [
  '```airforce',
  'id: night',
  'kind: video',
  'model: seedance-lite',
  'image: @nowhere',
  'prompt: Waves at night',
  'duration: 30',
  '```',
  '```airforce',
  'id: voice',
  'kind: speech',
  'model: eleven-tts-v3',
  'voice: rachel',
  'response_format: flac',
  'input: The light keeps watch.',
].join('\n');

test("ph#3 the storyboard request names every kind's models with their caps and the block format", () => {
  const [system, user] = storyboardMessages({ selection: '  The lighthouse wakes.  ', catalog });
  assert.match(system!.content, /```airforce\nid: opening/);
  assert.match(system!.content, /image: @<id>/);
  assert.match(system!.content, /video models:\n- wan-2\.6 \(durations: 5–10 s; modes: text, image;/);
  assert.match(system!.content, /speech models:\n- eleven-tts-v3 \(voices: rachel, adam;/);
  assert.doesNotMatch(system!.content, /gpt-4o-mini/, 'chat models are not shot models');
  assert.equal(user!.content, 'Make the shots for this text:\n\nThe lighthouse wakes.');
  assert.equal(catalogSection(catalog, ['music']), 'music models:\n- eleven-music-v1 (length: 10–300 s)');
});

test('ph#3 a good answer: blocks only, no problems, prices known', () => {
  const read = readStoryboardAnswer(GOOD, catalog);
  assert.equal(read.blocks.length, 2);
  assert.doesNotMatch(read.text, /Here is|And then/);
  assert.deepEqual(read.problems, []);
  assert.equal(needsFix(read), false);
  assert.equal(read.analysis.shots[1]!.imageFrom, 'dawn');
  assert.deepEqual(
    read.analysis.shots.map((s) => s.estimate),
    [{ cents: 2.5 }, { cents: 200 }],
  );
});

test('ph#3 a faulty answer: every problem with its shot and line; a cut-off block is closed; the fix names them', () => {
  const read = readStoryboardAnswer(BAD, catalog);
  assert.ok(read.blocks[1]!.endsWith('\n```'), 'the unclosed block is closed before insertion');
  assert.equal(needsFix(read), true);
  const night = read.problems.filter((p) => p.shot === 'night').map((p) => [p.source, p.message]);
  assert.ok(
    night.some(([src, msg]) => src === 'image: @nowhere' && /no shot "nowhere" above/.test(msg!)),
    JSON.stringify(night),
  );
  assert.ok(
    night.some(([src, msg]) => src === 'duration: 30' && /4.*8/.test(msg!)),
    JSON.stringify(night),
  );
  assert.ok(
    read.problems.some((p) => p.shot === 'voice' && p.source === 'response_format: flac' && /mp3/.test(p.message)),
    JSON.stringify(read.problems),
  );
  const fix = fixProblemsMessage(read);
  assert.equal(fix.role, 'user');
  for (const p of read.problems) assert.ok(fix.content.includes(p.message), p.message);
  assert.match(fix.content, /shot "night", at `duration: 30`/);
  const convo = fixConversation([{ role: 'user', content: 'q' }], BAD, read);
  assert.deepEqual(
    convo.map((m) => m.role),
    ['user', 'assistant', 'user'],
  );
});

test('ph#3 an answer with no block is a problem, not an empty storyboard; other fences are ignored', () => {
  const read = readStoryboardAnswer('Sorry, here is some code:\n```js\nlet x = 1\n```', catalog);
  assert.deepEqual(read.blocks, []);
  assert.equal(read.problems.length, 1);
  assert.equal(needsFix(read), true);
  assert.deepEqual(extractBlocks('~~~airforce\nid: a\n~~~'), ['~~~airforce\nid: a\n~~~']);
});

test('ph#3 storyboard end to end: request, faulty answer, one fix request, fixed answer', async () => {
  const { client } = recordingClient(sim(), KEY);
  const messages = storyboardMessages({ selection: 'Night falls on the lighthouse.', catalog });
  sim().addFault({ fault: 'chat-script', times: 1, param: BAD });
  const first = await client.chat.complete({ model: 'gpt-4o-mini', messages });
  const read = readStoryboardAnswer(first.text, catalog);
  assert.equal(needsFix(read), true);
  sim().addFault({ fault: 'chat-script', times: 1, param: GOOD });
  const second = await client.chat.complete({ model: 'gpt-4o-mini', messages: fixConversation(messages, first.text, read) });
  assert.deepEqual(readStoryboardAnswer(second.text, catalog).problems, []);
  const sent = sim().requests.at(-1)!.body as { messages: { role: string; content: string }[] };
  assert.deepEqual(
    sent.messages.map((m) => m.role),
    ['system', 'user', 'assistant', 'user'],
  );
  assert.match(sent.messages[3]!.content, /no shot "nowhere" above/);
});
