// UI check: the issue "Generate video in VS Code" as a person does it. F1 → "Airforce: Generate
// Video" opens the panel; pick a model, write a prompt, set the duration; the estimate is duration ×
// the model's price; Generate shows the task view whose bar follows the server's progress; the
// finished video plays in the panel. The simulator holds the task and sets its progress, so every
// state is seen however fast the simulated clock runs.
import type { Frame, Locator, Page } from 'playwright-core';
import type { UiCheck, UiContext } from './checks';
import { SimControl } from './simControl';
import { waitForWebviewTheme, type ThemeKind } from './themes';
import { clearNotifications, clickIfShown, findWebviewFrame, moveMouseAway, runCommandFromPalette, screenshot, startClean } from './workbench';

export const UI_MODEL = 'wan-2.6';
/** Two steps below the model's maximum, so the slider is really moved (not just pinned to an end). */
const STEPS_BELOW_MAX = 2;

/** The estimate the panel must show, formatted here independently of the product's formatter. */
export function dollars(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

export interface GeneratedTask {
  prompt: string;
  taskId: string;
  model: string;
  seconds: number;
  costText: string;
}

/** What the generate check produced, for the Tasks view check of the same theme. */
export const generated = new Map<ThemeKind, GeneratedTask>();

/** Opens (or reveals) the panel from the command palette and returns its webview frame. */
export async function openPanel(page: Page): Promise<Frame> {
  await runCommandFromPalette(page, 'Airforce: Generate Video');
  return findWebviewFrame(page, '#f-form');
}

/** Progress values to set that are above what the frozen task reached and below 100, increasing. */
export function progressSteps(reached: number): number[] {
  const first = Math.min(99, Math.max(reached + 1, 30));
  const second = Math.min(99, Math.max(first + 1, 70));
  return second > first ? [first, second] : [first];
}

async function waitForBar(frame: Frame, percent: number): Promise<void> {
  await frame
    .waitForFunction(
      (p) => {
        const bar = document.querySelector<HTMLElement>('#t-progress');
        const fill = bar?.querySelector<HTMLElement>('.bar');
        return !!bar && !bar.hidden && bar.getAttribute('aria-valuenow') === String(p) && fill?.style.width === `${p}%`;
      },
      percent,
      { timeout: 10_000, polling: 50 },
    )
    .catch(async () => {
      const now = await frame.evaluate(() => document.querySelector('#t-progress')?.getAttribute('aria-valuenow'));
      throw new Error(`the progress bar never showed ${percent}% (it shows ${now ?? 'nothing'})`);
    });
}

export function generateCheck(theme: ThemeKind, prompt: string): UiCheck {
  return {
    title: `Generate Video from the palette: model, prompt, cost estimate, live progress, playing result (${theme})`,
    timeoutMs: 90_000,
    async run(ctx: UiContext) {
      const { page, resultsDir, log } = ctx;
      if (!ctx.simulatorUrl) throw new Error('this check needs the simulator');
      const sim = new SimControl(ctx.simulatorUrl);
      const caps = (await sim.models()).find((m) => m.id === UI_MODEL)?.video_caps;
      if (!caps) throw new Error(`the simulator lists no video model ${UI_MODEL}`);

      await startClean(page);
      const frame = await openPanel(page);
      await waitForWebviewTheme(frame, theme);

      // -- the form (the panel may still show an earlier task: "New video" goes back to the form)
      await clickIfShown(frame.locator('#t-new'));
      await frame.locator('#form-view').waitFor({ state: 'visible', timeout: 10_000 });
      await frame.locator(`#f-model option[value="${UI_MODEL}"]`).waitFor({ state: 'attached', timeout: 20_000 });
      await frame.locator('#f-model').selectOption(UI_MODEL);
      // An earlier check may have left the form in image mode.
      const textMode = frame.locator('#f-mode-text');
      if (await textMode.isVisible()) await textMode.check();
      await frame.locator('#f-prompt').fill(prompt);
      const slider = frame.locator('#f-duration');
      await slider.focus();
      await slider.press('End');
      for (let i = 0; i < STEPS_BELOW_MAX; i++) await slider.press('ArrowLeft');
      const seconds = Number(await slider.inputValue());
      if (seconds !== caps.max_duration_s - STEPS_BELOW_MAX) {
        throw new Error(`the duration slider is at ${seconds} s, expected ${caps.max_duration_s - STEPS_BELOW_MAX} s (End, then ${STEPS_BELOW_MAX}× ←)`);
      }
      const shown = (await frame.locator('#f-duration-out').textContent())?.trim();
      if (shown !== `${seconds} s`) throw new Error(`the duration reads "${shown}", expected "${seconds} s"`);
      const costText = dollars(seconds * caps.price_per_second_cents);
      const cost = frame.locator('#f-cost');
      await frame
        .waitForFunction((want) => document.querySelector('#f-cost')?.textContent?.trim() === want, `Estimated cost: ${costText}`, { timeout: 5000 })
        .catch(async () => {
          throw new Error(`the estimate reads "${await cost.textContent()}", expected "Estimated cost: ${costText}" (${seconds} s × ${caps.price_per_second_cents}¢)`);
        });
      const generate = frame.locator('#f-generate');
      if (await generate.isDisabled()) throw new Error('Generate is disabled on a complete form');
      log(`form: ${UI_MODEL}, ${seconds} s, ${costText}`);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-form-${theme}.png`)}`);

      // -- progress: hold the task, then move it in known steps
      await sim.hold(true);
      let taskId = '';
      const seen: number[] = [];
      try {
        const known = await sim.taskIds();
        await generate.click();
        const created = await sim.waitForTask(prompt, known);
        taskId = created.task_id;
        await frame.locator('#task-view').waitFor({ state: 'visible', timeout: 10_000 });
        const frozen = await sim.patchTask(taskId, {}); // leaves the schedule where it is
        for (const p of progressSteps(frozen.progress)) {
          await sim.patchTask(taskId, { status: 'processing', progress: p });
          await waitForBar(frame, p);
          seen.push(p);
        }
        const status = (await frame.locator('#t-status').textContent())?.trim();
        if (status !== 'Generating') throw new Error(`the status reads "${status}" while processing`);
        const shownId = (await frame.locator('#t-id').textContent())?.trim();
        if (shownId !== taskId) throw new Error(`the panel shows task "${shownId}", the server made ${taskId}`);
        await moveMouseAway(page);
        log(`screenshot: ${await screenshot(page, resultsDir, `panel-progress-${theme}.png`)}`);
        await sim.completeTask(taskId);
      } finally {
        await sim.hold(false);
        // A check that failed half-way must not leave a task processing for the next ones.
        if (taskId) await sim.completeTask(taskId).catch(() => undefined);
      }
      log(`progress bar showed ${seen.map((p) => `${p}%`).join(' → ')} → done`);

      // -- the result plays in the panel, which stays in front
      generated.set(theme, { prompt, taskId, model: UI_MODEL, seconds, costText });
      const coveredBy = await waitForResultOrCover(page, frame);
      let resultFrame = frame;
      if (coveredBy !== undefined) {
        // Go on as a person would (click the panel's tab), so the playback is still checked.
        log(`the panel was covered by "${coveredBy}" when the video finished; clicking its tab again`);
        await panelTab(page).click();
        const back = await findWebviewFrame(page, '#task-view:not([hidden])', 10_000).catch(() => undefined);
        if (!back) {
          // Close the blank panel, so the next checks open a fresh one instead of failing on it too.
          await panelTab(page).locator('.tab-actions .action-label').first().click();
          await panelTab(page).waitFor({ state: 'detached', timeout: 5000 });
          throw new Error(`${coverMessage(coveredBy)}; clicking the panel's tab then showed an empty panel (closed it)`);
        }
        resultFrame = back;
      }
      const playing = await waitForPlayback(resultFrame, coveredBy !== undefined);
      log(`video: ${playing}`);
      await clearNotifications(page);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-result-${theme}.png`)}`);
      if (coveredBy !== undefined) throw new Error(`${coverMessage(coveredBy)}; the result played only after clicking the panel's tab again`);
    },
  };
}

function coverMessage(coveredBy: string): string {
  return `when the video was saved, "${coveredBy}" opened in the panel's editor group and hid the Generate Video panel ` + 'that was showing it (airforce.openResultOnComplete)';
}

/** The editor tab of the Generate panel. */
function panelTab(page: Page): Locator {
  return page.locator('.tabs-container .tab', { hasText: 'Airforce: Generate' }).first();
}

/**
 * Waits until the panel shows the finished video, or until something hides the panel; returns the
 * title of the tab that covered it then.
 */
async function waitForResultOrCover(page: Page, frame: Frame, timeoutMs = 30_000): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown =
      !frame.isDetached() &&
      (await frame
        .locator('#t-video-wrap')
        .isVisible()
        .catch(() => false));
    if (shown) return undefined;
    const tabActive = await panelTab(page)
      .evaluate((el) => el.classList.contains('active'))
      .catch(() => false);
    if (frame.isDetached() || !tabActive) {
      const active = page.locator('.tabs-container .tab.active').first();
      return ((await active.textContent().catch(() => null)) ?? '(another editor)').trim();
    }
    if (Date.now() > deadline) throw new Error(`the panel did not show the finished video within ${timeoutMs} ms`);
    await page.waitForTimeout(100);
  }
}

/**
 * Waits for the task view's video to get its source and play (autoplay, muted if the browser
 * insists). `mayClickPlay`: the panel was reloaded after it had autoplayed once, so a person would
 * press play. Returns a line describing it; throws with the media error when it cannot play.
 */
async function waitForPlayback(frame: Frame, mayClickPlay = false): Promise<string> {
  await frame.locator('#t-video-wrap').waitFor({ state: 'visible', timeout: 30_000 });
  const src = await frame.locator('#t-video').getAttribute('src');
  if (!src) throw new Error('the result video has no src');
  if (mayClickPlay) {
    await frame.waitForFunction(() => (document.querySelector<HTMLVideoElement>('#t-video')?.readyState ?? 0) >= 1, undefined, { timeout: 10_000 });
    const paused = await frame.locator('#t-video').evaluate((v: HTMLVideoElement) => v.paused);
    if (paused) await frame.locator('#t-video').click();
  }
  const state = await frame
    .waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>('#t-video');
        if (!v) return undefined;
        if (v.error) return { error: `media error ${v.error.code}: ${v.error.message}` };
        if (v.readyState >= 2 && v.currentTime > 0) return { ok: `playing at ${v.currentTime.toFixed(2)} s, ${v.videoWidth}×${v.videoHeight}, muted=${v.muted}` };
        return undefined;
      },
      undefined,
      { timeout: 15_000, polling: 100 },
    )
    .then((h) => h.jsonValue())
    .catch(async () => {
      const v = await frame.evaluate(() => {
        const el = document.querySelector<HTMLVideoElement>('#t-video');
        return el ? `readyState ${el.readyState}, paused ${el.paused}, currentTime ${el.currentTime}` : 'no video element';
      });
      throw new Error(`the result video did not start playing (${v})`);
    });
  if (!state) throw new Error('no video state');
  if ('error' in state) throw new Error(`the result video cannot play: ${state.error} (src ${src})`);
  return state.ok;
}
