// UI check for issue 15 point 3 (fields you cannot see in Light+): in each of VS Code's six built-in
// themes, every shown text field, number and URL input, select and button of the Generate panel
// (each kind's form), the Compare form and Show Spending must stand out from the page: its border or
// background differs from the page's (getComputedStyle in the webview's frame, test/ui/visibility.ts).
// Show Spending's five kind colours must also be told apart in every theme. The theme is switched
// with F1 → "Preferences: Color Theme", one visit per page per theme; screenshots:
// themes-<page>-<theme>.png in test-results/.
import type { Frame, Page } from 'playwright-core';
import type { UiCheck, UiContext } from './checks';
import { seedHistory } from './spending';
import { CONTROL_SELECTOR, describeUnseen, unseenControls } from './visibility';
import { clickIfShown, findWebviewFrame, moveMouseAway, pickQuickInputItem, runCommandFromPalette, screenshot, startClean } from './workbench';

export interface BuiltInTheme {
  /** workbench.colorTheme. */
  readonly id: string;
  /** Its name in the picker, which the webview's body carries as data-vscode-theme-name. */
  readonly label: string;
  /** The workbench root's class for its kind. */
  readonly workbenchClass: string;
  /** In screenshot names. */
  readonly slug: string;
}

export const BUILT_IN_THEMES: readonly BuiltInTheme[] = [
  { id: 'Default Light+', label: 'Light+', workbenchClass: 'vs', slug: 'light-plus' },
  { id: 'Default Light Modern', label: 'Light Modern', workbenchClass: 'vs', slug: 'light-modern' },
  { id: 'Default Dark+', label: 'Dark+', workbenchClass: 'vs-dark', slug: 'dark-plus' },
  { id: 'Default Dark Modern', label: 'Dark Modern', workbenchClass: 'vs-dark', slug: 'dark-modern' },
  { id: 'Default High Contrast', label: 'Dark High Contrast', workbenchClass: 'hc-black', slug: 'hc-dark' },
  { id: 'Default High Contrast Light', label: 'Light High Contrast', workbenchClass: 'hc-light', slug: 'hc-light' },
];

/** The least difference of one colour channel (0–255) that counts as visible; Dark Modern's input background is 18 above the page. */
const MIN_DIFF = 12;
/** Two kinds' colours in the spending chart must be at least this far apart (RGB distance). */
const MIN_KIND_DISTANCE = 60;
const KINDS = ['video', 'image', 'speech', 'music', 'sfx', 'transcribe', 'voiceChange'] as const;
/** The panel's tabs, in order: the kinds, then the operations with a form. */
const PANEL_TABS = ['video', 'image', 'speech', 'music', 'sfx', 'transcribe', 'dub', 'voiceChange'] as const;
const OPERATION_TABS: readonly string[] = ['transcribe', 'dub', 'voiceChange'];

/** The theme the workbench shows now, by the label the webviews carry (undefined: none shown yet). */
async function currentTheme(page: Page): Promise<BuiltInTheme | undefined> {
  const frame = page.frames().find((f) => f.url().includes('webview'));
  const label = await frame?.evaluate(() => document.body?.dataset.vscodeThemeName).catch(() => undefined);
  return BUILT_IN_THEMES.find((t) => t.label === label);
}

/** F1 → "Preferences: Color Theme" → the theme, then waits for the workbench to take it. */
async function applyTheme(page: Page, theme: BuiltInTheme): Promise<void> {
  await runCommandFromPalette(page, 'Preferences: Color Theme');
  await pickQuickInputItem(page, theme.label);
  await page
    .waitForFunction((cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls) === true, theme.workbenchClass, { timeout: 15_000, polling: 100 })
    .catch(() => {
      throw new Error(`the workbench did not switch to ${theme.label}`);
    });
}

/** Waits until a webview page has taken the theme (its body names it). */
async function waitForTheme(frame: Frame, theme: BuiltInTheme): Promise<void> {
  await frame
    .waitForFunction((label) => document.body.dataset.vscodeThemeName === label, theme.label, { timeout: 10_000, polling: 100 })
    .catch(async () => {
      const seen = await frame.evaluate(() => `${document.body.dataset.vscodeThemeName ?? '?'} (${document.body.className})`);
      throw new Error(`the page shows theme "${seen}", expected ${theme.label}`);
    });
}

const unseenIn = (frame: Frame, rootSelector: string) => frame.evaluate(unseenControls, { rootSelector, selector: CONTROL_SELECTOR, minDiff: MIN_DIFF });

/** The Generate panel: each kind's form (video in image mode, so the image inputs show). */
async function generatePanel(page: Page, ctx: UiContext, theme: BuiltInTheme): Promise<string[]> {
  await runCommandFromPalette(page, 'Airforce: Generate Video');
  const frame = await findWebviewFrame(page, '#f-form');
  await waitForTheme(frame, theme);
  await clickIfShown(frame.locator('#t-new'));
  await frame.locator('#form-view').waitFor({ state: 'visible', timeout: 10_000 });
  const found: string[] = [];
  for (const kind of PANEL_TABS) {
    await frame.locator(`#k-${kind}`).click();
    await frame.locator(`#k-${kind}[aria-selected="true"]`).waitFor({ timeout: 5000 });
    const p = kind === 'video' ? 'f-' : OPERATION_TABS.includes(kind) ? 'o-' : 'm-';
    await frame.locator(`#${p}model option`).first().waitFor({ state: 'attached', timeout: 20_000 });
    await moveMouseAway(page);
    found.push(...describeUnseen(`${theme.label}, Generate panel, ${kind}`, await unseenIn(frame, '#app')));
    if (kind === 'video' || kind === 'sfx' || kind === 'transcribe') ctx.log(`screenshot: ${await screenshot(page, ctx.resultsDir, `themes-panel-${kind}-${theme.slug}.png`)}`);
    // Video in image mode too: the image buttons and the URL field; then back (later checks start in text mode).
    const imageMode = kind === 'video' && (await frame.locator('#f-mode-text').isChecked()) && (await frame.locator('#f-mode-image').isVisible());
    if (imageMode) {
      await frame.locator('#f-mode-image').check();
      found.push(...describeUnseen(`${theme.label}, Generate panel, video image mode`, await unseenIn(frame, '#app')));
      await frame.locator('#f-mode-text').check();
    }
  }
  await frame.locator('#k-video').click();
  return found;
}

async function compareForm(page: Page, ctx: UiContext, theme: BuiltInTheme): Promise<string[]> {
  await runCommandFromPalette(page, 'Airforce: Compare Models');
  const frame = await findWebviewFrame(page, '#c-form', 20_000);
  await waitForTheme(frame, theme);
  await clickIfShown(frame.locator('#grid-view:not([hidden]) #g-new'));
  await frame.locator('#c-prompt').waitFor({ state: 'visible', timeout: 10_000 });
  await frame.locator('#c-models input[type="checkbox"]').first().waitFor({ state: 'attached', timeout: 20_000 });
  await moveMouseAway(page);
  const found = describeUnseen(`${theme.label}, Compare`, await unseenIn(frame, 'body'));
  ctx.log(`screenshot: ${await screenshot(page, ctx.resultsDir, `themes-compare-${theme.slug}.png`)}`);
  return found;
}

/** Show Spending: its controls (if any) and the five kind colours, pairwise apart. */
async function spendingPage(page: Page, ctx: UiContext, theme: BuiltInTheme): Promise<string[]> {
  await runCommandFromPalette(page, 'Airforce: Show Spending');
  const frame = await findWebviewFrame(page, 'ul.legend', 20_000);
  await waitForTheme(frame, theme);
  const found = describeUnseen(`${theme.label}, Show Spending`, await unseenIn(frame, 'body'));
  const fills = await frame.evaluate((kinds) => kinds.map((k) => [k, getComputedStyle(document.querySelector(`.legend rect.k-${k}`) as Element).fill] as const), [...KINDS]);
  const rgb = (c: string): number[] => (/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(c)?.slice(1, 4) ?? ['0', '0', '0']).map(Number);
  let closest = { a: '', b: '', distance: Infinity };
  for (let i = 0; i < fills.length; i++) {
    for (let j = i + 1; j < fills.length; j++) {
      const [a, b] = [rgb(fills[i][1]), rgb(fills[j][1])];
      const distance = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
      if (distance < closest.distance) closest = { a: fills[i][0], b: fills[j][0], distance };
    }
  }
  ctx.log(`${theme.label}: spending colours ${fills.map(([k, f]) => `${k} ${f}`).join(', ')}; closest ${closest.a}/${closest.b} ${closest.distance.toFixed(0)}`);
  if (closest.distance < MIN_KIND_DISTANCE) {
    found.push(
      `${theme.label}, Show Spending: ${closest.a} and ${closest.b} are nearly the same colour (${fills.find(([k]) => k === closest.a)?.[1]} vs ${fills.find(([k]) => k === closest.b)?.[1]})`,
    );
  }
  await moveMouseAway(page);
  ctx.log(`screenshot: ${await screenshot(page, ctx.resultsDir, `themes-spending-${theme.slug}.png`)}`);
  return found;
}

export const builtInThemesCheck: UiCheck = {
  title: 'fh#3 every field, select and button of the Generate panel, Compare and Show Spending stands out in all six built-in themes; spending colours differ',
  timeoutMs: 240_000,
  async run(ctx) {
    const { page, log } = ctx;
    if (!ctx.simulatorUrl) throw new Error('this check needs the simulator (the forms list its models)');
    seedHistory(ctx); // bars of every kind in the chart, as the spending check leaves them
    const before = await currentTheme(page);
    const problems: string[] = [];
    try {
      for (const theme of BUILT_IN_THEMES) {
        const started = Date.now();
        await startClean(page);
        await applyTheme(page, theme);
        problems.push(...(await generatePanel(page, ctx, theme)));
        problems.push(...(await compareForm(page, ctx, theme)));
        problems.push(...(await spendingPage(page, ctx, theme)));
        log(`${theme.label}: checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    } finally {
      // Back to the theme the earlier checks left (their screenshots' theme), when one was known.
      if (before)
        await startClean(page)
          .then(() => applyTheme(page, before))
          .catch(() => undefined);
    }
    if (problems.length > 0) throw new Error(`controls that cannot be told from the page:\n${problems.join('\n')}`);
  },
};
