// What the person sees of spending: the Show Spending page (src/spending/spendingHtml.ts, a static
// page with no script and a strict CSP, bars per day stacked by kind, totals per model, every value
// escaped), its words (src/spending/vscode/view.ts), and the status bar tooltip (src/views/statusBar.ts).
import { fakeVscode, FakeWebviewPanel, ui } from '../vscodeFake';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { axisMax, spendingHtml, type SpendingStrings } from '../../../src/spending/spendingHtml';
import type { SpendingData } from '../../../src/spending/service';
import type { DaySpend } from '../../../src/spending/spend';
import type { JobRecord } from '../../../src/jobs/types';
import { job } from './helpers';
// The fake has no status bar: one item that records what it shows (set before statusBar.ts loads).
class FakeItem {
  text = '';
  tooltip: string | undefined;
  name = '';
  command = '';
  visible = false;
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {}
}
(fakeVscode.window as unknown as Record<string, unknown>).createStatusBarItem = () => new FakeItem();
(fakeVscode as unknown as Record<string, unknown>).StatusBarAlignment = { Left: 1 };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const view = require('../../../src/spending/vscode/view') as typeof import('../../../src/spending/vscode/view');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const statusBar = require('../../../src/views/statusBar') as typeof import('../../../src/views/statusBar');

const days: DaySpend[] = Array.from({ length: 30 }, (_, i) => ({ date: `2024-03-${String(i + 1).padStart(2, '0')}`, total: 0, byKind: {} }));
days[27] = { date: '2024-03-28', total: 206, byKind: { video: 200, image: 6 } };
days[29] = { date: '2024-03-30', total: 40, byKind: { speech: 40 } };

const data = (patch: Partial<SpendingData> = {}): SpendingData => ({
  todayCents: 40,
  monthCents: 246,
  inFlightCents: 120,
  periodCents: 40,
  unbilledJobs: 0,
  days,
  models: [
    { model: 'wan-2.6', kind: 'video', cents: 200, jobs: 1 },
    { model: '<img src=x onerror=alert(1)>', kind: 'speech', cents: 40, jobs: 2 },
  ],
  budgetCents: 500,
  period: 'day',
  leftCents: 340,
  implausible: [],
  ...patch,
});

/** Shaped like the view's own (16 random bytes in base64): the page builder refuses anything weaker. */
const NONCE = 'N0nceN0nceN0nceN0nce0A==';

describe('the Show Spending page', () => {
  const strings: SpendingStrings = view.spendingStrings(data());
  const html = spendingHtml(data(), strings, NONCE);

  it('speaks the display language: the page lang and money as Russian writes it', () => {
    const ru = spendingHtml(data(), strings, NONCE, 'ru');
    assert.match(ru, /<html lang="ru">/);
    assert.match(ru, /<title>2024-03-28: 2,06\s\$<\/title>/);
    assert.match(html, /<html lang="en">/);
  });

  it('has no script, and its CSP admits only its own style element', () => {
    assert.doesNotMatch(html, /<script/i);
    assert.ok(html.includes(`content="default-src 'none'; style-src 'nonce-${NONCE}';"`));
    assert.equal(html.split(`<style nonce="${NONCE}">`).length - 1, 1);
    assert.doesNotMatch(html, /style="/, 'no inline style attributes (the CSP would block them)');
  });

  it('draws one bar segment per kind and day, themed with --vscode-* colours', () => {
    const bars = [...html.matchAll(/<rect class="bar k-(\w+)" x/g)].map((m) => m[1]);
    assert.deepEqual(bars, ['video', 'image', 'speech']);
    for (const c of ['--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-foreground', '--vscode-contrastBorder']) assert.ok(html.includes(c), c);
    assert.match(html, /<title>2024-03-28: \$2\.06<\/title>/);
    assert.match(html, /aria-label="Bar chart of spending per day over the last 30 days, by kind; \$2\.46 in total\."/);
  });

  it("fh#5 colour is not the only cue: each segment names its kind and amount, the legend gives each kind's total; no two kinds share a colour, and never both of the look-alike yellow and orange", () => {
    assert.match(html, /<rect class="bar k-speech"[^>]*><title>Speech: \$0\.40<\/title><\/rect>/);
    assert.match(html, /<rect class="bar k-image"[^>]*><title>Image: \$0\.06<\/title><\/rect>/);
    assert.match(html, /<li class="legend-video">.*Video <span class="num">\$2\.00<\/span><\/li>/);
    assert.match(html, /<li class="legend-sfx">.*Sound effect <span class="num">\$0\.00<\/span><\/li>/);
    const colours = [...html.matchAll(/\.k-(\w+)\{fill:var\((--vscode-charts-\w+)\)\}/g)].map((m) => m[2]);
    assert.equal(colours.length, 5);
    assert.equal(new Set(colours).size, 5, colours.join(', '));
    assert.ok(!(colours.includes('--vscode-charts-yellow') && colours.includes('--vscode-charts-orange')), colours.join(', '));
  });

  it('taller bars for more money: the video segment is about 33 times the image one', () => {
    const height = (kind: string): number => Number(new RegExp(`k-${kind}" x="[\\d.]+" y="[\\d.]+" width="[\\d.]+" height="([\\d.]+)"`).exec(html)?.[1]);
    assert.ok(Math.abs(height('video') / height('image') - 200 / 6) < 2);
  });

  it('lists totals per model, escaping what the server named', () => {
    assert.match(html, /<td>wan-2\.6<\/td><td>Video<\/td><td class="num">1<\/td><td class="num">\$2\.00<\/td>/);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!html.includes('<img src=x'));
  });

  it('says what was spent, what is in flight and what the budget leaves; without a budget, says so', () => {
    for (const line of ['Spent today: $0.40', 'Spent this month: $2.46', 'In flight (sent, not finished): $1.20', 'Budget $5.00 per day: $3.40 left'])
      assert.ok(html.includes(line), line);
    const none = view.spendingStrings(data({ leftCents: undefined, budgetCents: 0 }));
    assert.ok(none.summary.includes('No budget set (airforce.budgetCents).'));
    const empty = spendingHtml(data({ models: [], days: days.map((d) => ({ ...d, total: 0, byKind: {} })) }), strings, NONCE);
    assert.match(empty, /Nothing spent in the last 30 days\./);
    assert.doesNotMatch(empty, /class="bar k-\w+" x/);
  });

  it('the axis tops out at a round figure of at least a dollar', () => {
    assert.deepEqual([0, 99, 100, 101, 206, 501, 12_000].map(axisMax), [100, 100, 100, 200, 500, 1000, 20_000]);
  });
});

describe('the status bar tooltip', () => {
  it('while jobs run: spent today and this month, in flight, and the budget left', async () => {
    const bar = new statusBar.GeneratingStatusBar();
    const records: JobRecord[] = [job({ status: 'processing' })];
    let listener: () => void = () => undefined;
    bar.attach({ records: () => records, get: () => undefined, onDidChange: (l) => ((listener = l as () => void), { dispose() {} }) }, async () => data());
    await new Promise((r) => setImmediate(r));
    assert.equal(bar.shown.text, '$(loading~spin) 1 generating');
    assert.equal(bar.shown.tooltip, 'Airforce: 1 generating — show the Tasks view\n\nSpent today: $0.40 · this month: $2.46\nIn flight: $1.20\nBudget $5.00 per day: $3.40 left');
    records.pop();
    listener();
    bar.dispose();
  });

  it('without a budget there is no budget line', () => {
    assert.equal(statusBar.spendingTooltip(data({ leftCents: undefined, inFlightCents: 0 })), 'Spent today: $0.40 · this month: $2.46');
  });
});

describe('fh#5 the status bar and the local queue', () => {
  it('fh#5 a video waiting in the local queue is counted as waiting, not as generating', async () => {
    const bar = new statusBar.GeneratingStatusBar();
    const records: JobRecord[] = [job({ status: 'processing' }), job({ localId: 'l2', status: 'waiting' }), job({ localId: 'l3', kind: 'image', status: 'waiting' })];
    let listener: () => void = () => undefined;
    bar.attach({ records: () => records, get: () => undefined, onDidChange: (l) => ((listener = l as () => void), { dispose() {} }) });
    // The image's one POST is under way (it has no local queue): generating.
    assert.equal(bar.shown.text, '$(loading~spin) 2 generating · 1 waiting');
    assert.equal(bar.shown.tooltip, 'Airforce: 2 generating, 1 waiting to be sent — show the Tasks view');
    records.splice(0, 1);
    records.splice(1, 1);
    listener();
    assert.equal(bar.shown.text, '$(clock) 1 waiting', 'nothing generates while the only job waits for a slot');
    bar.dispose();
  });
});

describe('fh#5 Show Spending after a reload', () => {
  it('fh#5 the restored tab is drawn again, and Show Spending then reveals it instead of opening a second one', async () => {
    ui.reset();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { registerSpendingSerializer, SPENDING_VIEW_TYPE } = require('../../../src/spending/vscode/serializer') as typeof import('../../../src/spending/vscode/serializer');
    const registration = registerSpendingSerializer((panel) => view.SpendingView.revive(panel, async () => data()));
    const serializer = ui.serializers.find((s) => s.viewType === SPENDING_VIEW_TYPE);
    assert.ok(serializer, 'a serializer for the Show Spending tab is registered');
    const restored = new FakeWebviewPanel(SPENDING_VIEW_TYPE, 'Airforce Spending', {});
    await serializer.deserializeWebviewPanel(restored, undefined);
    await new Promise((r) => setImmediate(r));
    assert.match(restored.webview.html, /Spent today: \$0\.40/);
    assert.equal(restored.webview.options.enableScripts, false);
    const again = new FakeWebviewPanel(SPENDING_VIEW_TYPE, 'Airforce Spending', {});
    await serializer.deserializeWebviewPanel(again, undefined);
    assert.equal(again.disposed, true, 'one Show Spending tab');
    view.SpendingView.createOrShow(async () => data());
    assert.equal(ui.panels.length, 0, 'the restored tab is revealed, no new one is made');
    restored.dispose();
    registration.dispose();
  });
});
