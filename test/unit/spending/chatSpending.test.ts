// Prompt help's chat calls in the spending (issue 20): a ledger entry of kind `chat` counts in the
// day's and the model's totals like a job, and Show Spending names it "Prompt help" with its own
// colour — in the legend only once something was spent on it.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { SpendEventSchema, type SpendEntry } from '../../../src/spending/events';
import { summarize } from '../../../src/spending/spend';
import { spendingHtml, type SpendingStrings } from '../../../src/spending/spendingHtml';

const NOW = Date.UTC(2026, 11, 7, 12);
const entry = (patch: Partial<SpendEntry>): SpendEntry =>
  SpendEventSchema.parse({ v: 1, t: NOW, seq: 0, id: 'chat:1', at: NOW / 1000, kind: 'chat', model: 'gpt-4o-mini', state: 'settled', cents: 0.02, ...patch });

const kinds = {
  video: 'Video',
  image: 'Image',
  speech: 'Speech',
  music: 'Music',
  sfx: 'Sound effect',
  transcribe: 'T',
  dub: 'D',
  isolate: 'I',
  voiceChange: 'V',
  chat: 'Prompt help',
};
const strings: SpendingStrings = {
  title: 'S',
  summary: [],
  chartTitle: 'C',
  chartLabel: 'L',
  modelsTitle: 'M',
  model: 'Model',
  kind: 'Kind',
  jobs: 'Jobs',
  cost: 'Spent',
  noSpending: 'none',
  kinds,
};
const NONCE = 'N0nceN0nceN0nceN0nce0A==';

describe('chat calls in the spending', () => {
  it('a chat entry reads back, counts today and per model under its kind', () => {
    const s = summarize([entry({}), entry({ id: 'img', kind: 'image', model: 'flux-2-dev', cents: 2.5 })], NOW, 'day');
    assert.equal(s.todayCents, 2.52);
    assert.equal(s.days.at(-1)?.byKind.chat, 0.02);
    assert.deepEqual(
      s.models.find((m) => m.kind === 'chat'),
      { model: 'gpt-4o-mini', kind: 'chat', cents: 0.02, jobs: 1 },
    );
  });

  it('Show Spending: "Prompt help" in the legend and the table, with its own fill; absent when nothing was spent', () => {
    const used = summarize([entry({})], NOW, 'day');
    const html = spendingHtml({ ...used, budgetCents: 0, period: 'day' }, strings, NONCE);
    assert.match(html, /<li class="legend-chat">[\s\S]*?Prompt help/);
    assert.match(html, /\.k-chat\{fill:var\(--vscode-terminal-ansiBrightGreen\)\}/);
    assert.match(html, /<td>gpt-4o-mini<\/td><td>Prompt help<\/td>/);
    const none = summarize([], NOW, 'day');
    assert.doesNotMatch(spendingHtml({ ...none, budgetCents: 0, period: 'day' }, strings, NONCE), /legend-chat/);
  });
});
