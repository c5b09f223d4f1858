// The one cost question (src/ui/confirmCost.ts): one wording for the panel, Speak Selection, Compare
// and storyboards — the kind, the number of jobs when there are several, the price or "unknown".
import '../vscodeFake';
import { beforeEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fakeVscode, ui } from '../vscodeFake';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { confirmCost, costQuestion } = require('../../../src/ui/confirmCost') as typeof import('../../../src/ui/confirmCost');

describe('confirmCost', () => {
  beforeEach(() => ui.reset());

  it('names the kind and the price of one job', () => {
    assert.equal(costQuestion(['video'], 400), 'Generate video for $4.00?');
    assert.equal(costQuestion(['sfx'], 3), 'Generate sound effect for $0.03?');
  });

  it('says when the price is unknown (a non-finite figure)', () => {
    assert.equal(costQuestion(['speech'], NaN), 'Generate speech for an unknown amount?');
    assert.equal(costQuestion(['image', 'image'], Infinity), 'Generate 2 jobs (image) for an unknown amount in total?');
  });

  it('names the count and each kind once for several jobs', () => {
    assert.equal(costQuestion(['video', 'video', 'video'], 360), 'Generate 3 jobs (video) for $3.60 in total?');
    assert.equal(costQuestion(['image', 'video', 'video'], 244), 'Generate 3 jobs (image, video) for $2.44 in total?');
  });

  it('asks in a modal and agrees only to "Generate"', async () => {
    assert.equal(await confirmCost(['music'], 50), false);
    assert.deepEqual(ui.warnings.at(-1), { message: 'Generate music for $0.50?', modal: true, detail: undefined, items: ['Generate'] });
    ui.warningAnswer = 'Generate';
    assert.equal(await confirmCost(['music'], 50), true);
  });

  it('uses the display language for the price', () => {
    const env = fakeVscode.env as { language: string };
    env.language = 'ru';
    try {
      assert.match(costQuestion(['video'], 400), /^Generate video for 4,00\s\$\?$/);
    } finally {
      env.language = 'en';
    }
  });
});
