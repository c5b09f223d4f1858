// The storyboard parser: ```airforce blocks in Markdown, key: value lines, continuations, comments.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockAt, findShot, mayHoldShots, parseStoryboard } from '../../../src/storyboard/parse';
import { readImage, readValue, shotRequest } from '../../../src/storyboard/shot';
import { md } from './helpers';

describe('storyboard parser', () => {
  it('finds airforce blocks only, with their lines, and skips other fences', () => {
    const board = parseStoryboard(
      md(
        '# Fox',
        '````markdown',
        '```airforce',
        'prompt: inside a sample, not a shot',
        '```',
        '````',
        '```js',
        'const a = 1;',
        '```',
        '```airforce',
        'id: fox-wide',
        'prompt: A red fox',
        '```',
        'text',
        '~~~ airforce',
        'kind: image',
        'prompt: a still',
        '~~~',
      ),
    );
    assert.equal(board.blocks.length, 2);
    const [a, b] = board.blocks;
    assert.deepEqual([a!.fenceLine, a!.closeLine, a!.closed, a!.id, a!.index], [9, 12, true, 'fox-wide', 0]);
    assert.deepEqual([b!.fenceLine, b!.closeLine, b!.byKey.get('kind')?.value, b!.id], [14, 17, 'image', undefined]);
    assert.equal(findShot(board, 'fox-wide'), a);
    assert.equal(blockAt(board, 11), a);
    assert.equal(blockAt(board, 13), undefined);
    assert.ok(mayHoldShots('x\n```airforce\n```'));
    assert.ok(!mayHoldShots('```js\nairforce\n```'));
  });

  it('continues prompt and input on indented lines, keeping # inside them', () => {
    const board = parseStoryboard(
      md('```airforce', 'prompt: A red fox # not a comment', '  darting across', '', '\tsnowy hills', 'duration: 8   # seconds', '# a whole-line comment', 'model: wan-2.6', '```'),
    );
    const block = board.blocks[0]!;
    const prompt = block.byKey.get('prompt')!;
    assert.equal(prompt.value, 'A red fox # not a comment darting across snowy hills');
    assert.deepEqual([prompt.line, prompt.lastLine], [1, 4]);
    const duration = block.byKey.get('duration')!;
    assert.equal(duration.value, '8');
    assert.deepEqual([duration.line, duration.valueStart, duration.valueEnd], [5, 10, 11]);
    assert.deepEqual(block.problems, []);
    assert.deepEqual(
      block.fields.map((f) => f.key),
      ['prompt', 'duration', 'model'],
    );
  });

  it('reports malformed lines, repeated keys, stray indentation and an unclosed block', () => {
    const board = parseStoryboard(md('```airforce', 'model wan-2.6', 'seed: 1', '  more', 'seed: 2', 'prompt: x'));
    const block = board.blocks[0]!;
    assert.equal(block.closed, false);
    assert.equal(block.closeLine, 5);
    const messages = block.problems.map((p) => `${p.line}: ${p.message}`);
    assert.deepEqual(messages, [
      '0: this airforce block has no closing fence',
      '1: expected "key: value"',
      '3: only prompt and input continue on indented lines (this follows seed)',
      '4: seed is given twice; the last one counts',
    ]);
    assert.equal(block.byKey.get('seed')!.value, '2');
    assert.equal(block.byKey.get('prompt')!.value, 'x', 'the last line still counts');
  });

  it('maps keys to request fields: duration → duration_seconds, unknown keys pass through, numbers read', () => {
    const board = parseStoryboard(
      md('```airforce', 'id: s1', 'model: wan-2.6', 'duration: 8', 'aspect_ratio: 16:9', 'seed: 42', 'sound: true', 'style: "12"', 'camera: dolly in', 'prompt: fox', '```'),
    );
    const r = shotRequest(board.blocks[0]!);
    assert.equal(r.kind, 'video');
    assert.deepEqual(r.input, { model: 'wan-2.6', duration_seconds: 8, aspect_ratio: '16:9', seed: 42, sound: true, style: '12', camera: 'dolly in', prompt: 'fox' });
    assert.equal(r.fieldOf.get('duration_seconds')!.key, 'duration');
  });

  it('reads kinds, default models, speech input, and image references', () => {
    const board = parseStoryboard(
      md(
        '```airforce',
        'kind: speech',
        'prompt: Hello there',
        'voice: rachel',
        '```',
        '```airforce',
        'image: @still',
        'prompt: move',
        '```',
        '```airforce',
        'kind: opera',
        'prompt: x',
        '```',
      ),
    );
    const [speech, video, odd] = board.blocks.map((b) => shotRequest(b, { speech: 'eleven-tts-v3', video: 'wan-2.6' }));
    assert.deepEqual(speech!.input, { input: 'Hello there', voice: 'rachel', model: 'eleven-tts-v3' });
    assert.deepEqual(video!.image, { ref: 'still' });
    assert.equal(video!.input.mode, 'image', 'a video from an image animates it');
    assert.equal(odd!.kindOk, false);
    assert.deepEqual(readImage('https://x.test/a.png'), { url: 'https://x.test/a.png' });
    assert.deepEqual(readImage('shots/fox.png'), { path: 'shots/fox.png' });
    assert.equal(readValue('model', '42'), '42', 'a model id stays text');
    assert.equal(readValue('speed', '1.5'), 1.5);
  });
});
