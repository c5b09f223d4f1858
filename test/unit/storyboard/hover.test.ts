// fh#5: hovers over a shot's valid keys and values: the key, the shot's model and what it allows;
// nothing over a key the kind does not take or a value a diagnostic is about.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeStoryboard } from '../../../src/storyboard/analyze';
import { hoverShot } from '../../../src/storyboard/hover';
import { parseStoryboard } from '../../../src/storyboard/parse';
import { catalog, md } from './helpers';

const text = md('```airforce', 'id: fox', 'model: wan-2.6', 'duration: 8', 'aspect_ratio: 4:3', 'prompt: a fox', 'n: 2', '```');
const at = (line: number, character: number) => {
  const board = parseStoryboard(text);
  return hoverShot(board, line, character, catalog, analyzeStoryboard(board, catalog).diagnostics);
};

describe('fh#5 storyboard hovers', () => {
  it('fh#5 a key names itself, the shot model and the values that model allows', () => {
    const h = at(3, 2)!;
    assert.equal(h.on, 'key');
    assert.equal(h.key, 'duration');
    assert.equal(h.model?.id, 'wan-2.6');
    assert.deepEqual(h.allowed, ['5', '6', '7', '8', '9', '10']);
    assert.deepEqual([h.line, h.start, h.end], [3, 0, 8]);
  });

  it('fh#5 a valid value gets a hover with the model; the model value is the model itself', () => {
    const v = at(3, 11)!;
    assert.equal(v.on === 'value' && v.value, '8');
    const m = at(2, 9)!;
    assert.equal(m.on === 'value' && m.key, 'model');
    assert.equal(m.model?.id, 'wan-2.6');
    assert.deepEqual([m.start, m.end], [7, 14]);
  });

  it('fh#5 no hover over a value a diagnostic is about, a key the kind does not take, or outside a block', () => {
    assert.equal(at(4, 15), undefined, 'aspect_ratio 4:3 is refused by the model: the diagnostic speaks');
    assert.equal(at(4, 3)?.on, 'key', 'its key still explains itself');
    assert.equal(at(6, 0), undefined, 'n is not a video key');
    assert.equal(at(0, 2), undefined, 'the fence');
    assert.equal(at(7, 1), undefined);
  });
});
