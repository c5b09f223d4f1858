// UI check for issue 11: Airforce: Show Spending draws the last 30 days as bars stacked by kind and
// the totals per model, in the current theme. Earlier days come from another "window": lines appended
// to the shared ledger in global storage (what any other window of this user does), so the chart has
// a few days of history beside what this run generated today.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UiCheck, UiContext } from './checks';
import { waitForWebviewTheme, type ThemeKind } from './themes';
import { findWebviewFrame, moveMouseAway, runCommandFromPalette, screenshot, startClean } from './workbench';

/** Where VS Code keeps the extension's global storage, for the runner's layout (workspace beside user-data). */
function ledgerFile(ctx: UiContext): string {
  const storage = path.join(path.dirname(ctx.workspace), 'user-data', 'User', 'globalStorage', 'airforce.airforce-media');
  return path.join(storage, 'spending.jsonl');
}

const DAY_MS = 86_400_000;
/** Settled jobs of earlier days: [days ago, kind, model, cents]. */
const HISTORY: ReadonlyArray<readonly [number, string, string, number]> = [
  [1, 'video', 'wan-2.6', 320],
  [1, 'image', 'flux-2-dev', 12],
  [3, 'video', 'kling-1', 500],
  [3, 'speech', 'eleven-tts-v3', 40],
  [6, 'music', 'eleven-music-v1', 150],
  [6, 'sfx', 'eleven-sfx-v2', 30],
  [9, 'image', 'flux-2-dev', 24],
];

/** Appends the earlier days once (the ids are fixed: a second append folds into the same jobs). */
export function seedHistory(ctx: UiContext): string[] {
  const file = ledgerFile(ctx);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const now = Date.now();
  const lines = HISTORY.map(([ago, kind, model, cents], i) => {
    // Noon, `ago` local days back: the bar's day does not depend on when the check runs.
    const day = new Date(now - ago * DAY_MS);
    const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 12).getTime() / 1000;
    return JSON.stringify({ v: 1, id: `ui-history-${i}`, t: now, seq: i, at, kind, model, state: 'settled', cents, est: cents, billed: true });
  });
  fs.appendFileSync(file, `${lines.join('\n')}\n`);
  return HISTORY.map(([ago]) => {
    const d = new Date(now - ago * DAY_MS);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
}

export function spendingCheck(theme: ThemeKind): UiCheck {
  return {
    title: `Show Spending draws 30 days of bars by kind and the totals per model (${theme})`,
    timeoutMs: 40_000,
    async run(ctx) {
      const { page, resultsDir, log } = ctx;
      const days = seedHistory(ctx);
      await startClean(page);
      await runCommandFromPalette(page, 'Airforce: Show Spending');
      const frame = await findWebviewFrame(page, 'svg.chart', 20_000).catch(() => {
        throw new Error('"Airforce: Show Spending" opened no page with a chart (svg.chart)');
      });
      await waitForWebviewTheme(frame, theme);
      // Each seeded day has its bar (a <title> per day with bars), and every kind shows somewhere.
      const titles = await frame.locator('svg.chart g > title').allTextContents();
      for (const day of new Set(days)) {
        if (!titles.some((t) => t.startsWith(`${day}: $`))) throw new Error(`no bar for ${day}; the chart has: ${titles.join(' | ')}`);
      }
      for (const kind of ['video', 'image', 'speech', 'music', 'sfx']) {
        if ((await frame.locator(`svg.chart rect.k-${kind}`).count()) === 0) throw new Error(`no ${kind} segment in the chart`);
      }
      // The segments are painted with the theme's chart colours, not left black.
      const fill = await frame
        .locator('svg.chart rect.k-video')
        .first()
        .evaluate((el) => getComputedStyle(el).fill);
      if (!/rgb/.test(fill) || fill === 'rgb(0, 0, 0)') throw new Error(`video bars are filled with "${fill}", expected --vscode-charts-blue`);
      const models = await frame.locator('table.models tbody tr td:first-child').allTextContents();
      for (const m of ['wan-2.6', 'kling-1', 'eleven-music-v1']) if (!models.includes(m)) throw new Error(`the per-model table lacks ${m}: ${models.join(', ')}`);
      log(`bars: ${titles.length} days; models: ${models.join(', ')}`);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `spending-${theme}.png`)}`);
    },
  };
}
