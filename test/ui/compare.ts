// UI check for issue 9 "Compare models": the grid with three video models on one prompt, against the
// simulator. The form shows the total before Compare; the grid shows one card per model while the
// jobs run (the simulator holds them at set progress), then finished with the three videos playing,
// in sync, and one kept (its sidecar says so; the Tasks view shows the comparison as one row).
// Screenshots: compare-running-<theme>.png, compare-finished-<theme>.png.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { UiCheck } from './checks';
import { SimControl } from './simControl';
import { waitForWebviewTheme, type ThemeKind } from './themes';
import { clickIfShown, findWebviewFrame, moveMouseAway, openViewContainer, runCommandFromPalette, screenshot, scrollViewToTop, startClean, waitForSideBarIdle } from './workbench';

export const UI_COMPARE_MODELS = ['wan-2.6', 'kling-1', 'seedance-lite'] as const;
const PROGRESS = [35, 60, 85];

async function openForm(page: Page): Promise<Frame> {
  await runCommandFromPalette(page, 'Airforce: Compare Models');
  const frame = await findWebviewFrame(page, '#c-form', 20_000).catch(() => {
    throw new Error('"Airforce: Compare Models" did not open the comparison form (#c-form)');
  });
  // The grid may still show an earlier comparison: back to the form.
  await clickIfShown(frame.locator('#grid-view:not([hidden]) #g-new'));
  await frame.locator('#c-prompt').waitFor({ state: 'visible', timeout: 10_000 });
  return frame;
}

/** Answers the cost question if one shows (a low airforce.confirmCostAboveCents). */
async function acceptCostIfAsked(page: Page): Promise<void> {
  const button = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Generate' }).first();
  if (await button.isVisible({ timeout: 1500 }).catch(() => false)) await button.click();
}

async function cardStates(frame: Frame): Promise<Record<string, string>> {
  return frame.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('#g-cards .g-card')].map((c) => [c.dataset.model ?? '', c.dataset.status ?? ''])));
}

/** Sidecars under the workspace that carry `"kept": true` (the output folder is inside it). */
function keptSidecars(dir: string, depth = 3): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && depth > 0 && !entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...keptSidecars(full, depth - 1));
    else if (entry.isFile() && entry.name.endsWith('.json')) {
      try {
        const json = JSON.parse(fs.readFileSync(full, 'utf8')) as Record<string, unknown>;
        if (json.kept === true && json.generator === 'airforce-media') out.push(json);
      } catch {
        // not a sidecar
      }
    }
  }
  return out;
}

export function compareCheck(theme: ThemeKind, prompt: string): UiCheck {
  return {
    title: `Compare Models: three video models as a grid, running and finished, played in sync, one kept (${theme})`,
    timeoutMs: 120_000,
    async run({ page, resultsDir, log, simulatorUrl, workspace }) {
      if (!simulatorUrl) throw new Error('this check needs the simulator');
      const sim = new SimControl(simulatorUrl);
      await startClean(page);
      const frame = await openForm(page);
      await waitForWebviewTheme(frame, theme);
      await frame.locator('#c-kind-video').check();
      for (const id of UI_COMPARE_MODELS) {
        const box = frame.locator(`#c-models input[data-model="${id}"]`);
        await box.waitFor({ state: 'attached', timeout: 20_000 });
        await box.check();
      }
      await frame.locator('#c-prompt').fill(prompt);
      await frame.locator('#c-duration').selectOption('5');
      const total = await frame
        .waitForFunction(
          () => {
            const t = document.querySelector('#c-total')?.textContent ?? '';
            return /\$\d+\.\d\d/.test(t) ? t : undefined;
          },
          undefined,
          { timeout: 10_000 },
        )
        .then((h) => h.jsonValue() as Promise<string>)
        .catch(async () => {
          throw new Error(`the form shows no total before Compare ("${await frame.locator('#c-total').textContent()}"; error "${await frame.locator('#c-error').textContent()}")`);
        });
      log(`form: ${UI_COMPARE_MODELS.join(', ')} — ${total}`);

      // Running: the simulator holds the jobs, each at its own progress.
      await sim.hold(true);
      try {
        const known = await sim.taskIds();
        const before = await sim.requestCount('POST', '/v1/video/generations');
        await frame.locator('#c-submit').click();
        await acceptCostIfAsked(page);
        const grid = await findWebviewFrame(page, '#grid-view:not([hidden]) #g-cards[data-count="3"]', 20_000).catch(() => {
          throw new Error('Compare did not switch to a grid of three cards');
        });
        // The grid shows once every job is started; their creates may still be on their way.
        let posts = 0;
        for (const until = Date.now() + 10_000; Date.now() < until; await page.waitForTimeout(200)) {
          posts = (await sim.requestCount('POST', '/v1/video/generations')) - before;
          if (posts >= 3) break;
        }
        if (posts !== 3) throw new Error(`${posts} video creates reached the simulator for one comparison of three models, expected 3`);
        const deadline = Date.now() + 15_000;
        let tasks = await sim.newTasks(prompt, known);
        while (tasks.length < 3 && Date.now() < deadline) {
          await page.waitForTimeout(200);
          tasks = await sim.newTasks(prompt, known);
        }
        if (tasks.length !== 3) throw new Error(`the simulator has ${tasks.length} tasks of the comparison, expected 3`);
        for (const [i, t] of tasks.entries()) await sim.patchTask(t.task_id, { status: 'processing', progress: PROGRESS[i]! });
        await grid
          .waitForFunction(() => [...document.querySelectorAll<HTMLElement>('#g-cards .g-card')].every((c) => c.dataset.status === 'processing'), undefined, { timeout: 20_000 })
          .catch(async () => {
            throw new Error(`the cards do not all show processing: ${JSON.stringify(await cardStates(grid))}`);
          });
        await moveMouseAway(page);
        log(`screenshot: ${await screenshot(page, resultsDir, `compare-running-${theme}.png`)}`);

        // Finished: every card plays its video.
        for (const t of tasks) await sim.completeTask(t.task_id);
        await grid
          .waitForFunction(
            () => {
              const cards = [...document.querySelectorAll<HTMLElement>('#g-cards .g-card')];
              return cards.length === 3 && cards.every((c) => c.dataset.status === 'completed' && (c.querySelector('video')?.readyState ?? 0) >= 2);
            },
            undefined,
            { timeout: 45_000, polling: 200 },
          )
          .catch(async () => {
            throw new Error(`the cards did not all finish with a playable video: ${JSON.stringify(await cardStates(grid))}`);
          });
      } finally {
        await sim.hold(false);
      }
      const muted = await frame.evaluate(() => [...document.querySelectorAll('video')].every((v) => v.muted && v.loop));
      if (!muted) throw new Error('the grid’s videos should be muted and looping');

      // Play in sync restarts them together.
      await frame.locator('#g-sync').check();
      const times = await frame.evaluate(async () => {
        await new Promise((r) => setTimeout(r, 300));
        return [...document.querySelectorAll('video')].map((v) => v.currentTime);
      });
      if (Math.max(...times) - Math.min(...times) > 0.35) throw new Error(`"Play in sync" left the videos apart: ${times.map((t) => t.toFixed(2)).join(', ')}`);

      // Keep the second model: its card says so, and so does its sidecar.
      const kept = UI_COMPARE_MODELS[1];
      await frame.locator(`.g-card[data-model="${kept}"] [data-action="keep"]`).click();
      await frame.locator(`.g-card.is-kept[data-model="${kept}"]`).waitFor({ state: 'visible', timeout: 10_000 });
      const sidecar = await waitForKept(workspace, kept, prompt);
      log(`kept ${kept}: ${sidecar.result_file} (group ${sidecar.group})`);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `compare-finished-${theme}.png`)}`);

      // History: the comparison is one row.
      await openViewContainer(page, 'Airforce');
      await waitForSideBarIdle(page);
      await scrollViewToTop(page, 'Tasks');
      const row = page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: `Compare: ${prompt}` }).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {
        throw new Error('the Tasks view shows no "Compare: …" row for the comparison');
      });
    },
  };
}

async function waitForKept(workspace: string, model: string, prompt: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = keptSidecars(workspace).find((s) => s.model === model && s.prompt === prompt);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no sidecar of ${model} carries "kept": true`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
