// Completion inside shot blocks: keys of the kind, model ids of the kind, values the model allows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeShot } from '../../../src/storyboard/completion';
import { parseStoryboard } from '../../../src/storyboard/parse';
import { catalog, md } from './helpers';

const at = (text: string, line: number, character?: number) => {
  const board = parseStoryboard(text);
  return completeShot(board, line, character ?? board.lines[line]!.length, catalog, { speech: 'eleven-tts-v3' });
};
const labels = (text: string, line: number, character?: number) => at(text, line, character)?.items.map((i) => i.label);

describe('storyboard completion', () => {
  it('offers the keys of the block kind that are not written yet, replacing the typed part', () => {
    const text = md('```airforce', 'kind: image', 'prompt: x', 'as', '```');
    const found = at(text, 3)!;
    assert.deepEqual(
      found.items.map((i) => i.label),
      ['id', 'model', 'n', 'aspect_ratio', 'image', 'seed', 'response_format'],
    );
    assert.deepEqual([found.line, found.start, found.end], [3, 0, 2]);
    assert.equal(found.items[0]!.insertText, 'id: ');
    assert.deepEqual(labels(md('```airforce', 'kind: speech', '', '```'), 2), ['id', 'model', 'input', 'voice', 'speed', 'response_format', 'seed']);
  });

  it('offers the model ids of the block kind only', () => {
    assert.deepEqual(labels(md('```airforce', 'model: ', 'prompt: x', '```'), 1), ['wan-2.6', 'kling-1', 'seedance-lite']);
    assert.deepEqual(labels(md('```airforce', 'kind: sfx', 'model: el', '```'), 2), ['eleven-sfx-v2']);
    const found = at(md('```airforce', 'kind: image', 'model: fl  # which', '```'), 2, 9)!;
    assert.deepEqual([found.start, found.end], [7, 9], 'the typed id is replaced, the comment kept');
  });

  it('offers the values the chosen model allows', () => {
    const text = md('```airforce', 'model: seedance-lite', 'duration: ', 'aspect_ratio: ', 'quality: ', 'mode: ', '```');
    assert.deepEqual(labels(text, 2), ['4', '5', '6', '7', '8']);
    assert.deepEqual(labels(text, 3), ['16:9', '9:16']);
    assert.deepEqual(labels(text, 4), ['480p', '720p']);
    assert.deepEqual(labels(text, 5), ['text']);
    assert.deepEqual(labels(md('```airforce', 'kind: image', 'model: flux-2-dev', 'n: ', '```'), 3), ['1', '2', '3', '4']);
    assert.deepEqual(labels(md('```airforce', 'kind: speech', 'voice: ', '```'), 2), ['rachel', 'adam'], 'the default speech model’s voices');
    assert.deepEqual(
      labels(md('```airforce', 'kind: x', '```'), 1, 2),
      ['id', 'kind', 'model', 'prompt', 'duration', 'aspect_ratio', 'quality', 'mode', 'image', 'seed'],
      'the key being typed stays on offer',
    );
    assert.deepEqual(labels(md('```airforce', 'kind: ', '```'), 1), ['video', 'image', 'speech', 'music', 'sfx']);
  });

  it('offers @id of image shots above for image:, and nothing inside a prompt or outside blocks', () => {
    const text = md(
      '```airforce',
      'id: still',
      'kind: image',
      'prompt: a',
      '```',
      '```airforce',
      'id: clip',
      'prompt: b',
      '```',
      '```airforce',
      'image: @',
      'prompt: long',
      '  model: ',
      '```',
      'model: ',
    );
    assert.deepEqual(labels(text, 10), ['@still']);
    assert.equal(at(text, 12), undefined, 'an indented line continues the prompt');
    assert.equal(at(text, 11), undefined, 'prompt text is free');
    assert.equal(at(text, 14), undefined, 'outside any block');
    assert.equal(at(text, 9), undefined, 'on the fence');
  });
});
