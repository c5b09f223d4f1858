// UI check: the Tasks view lists the video the generate check of the same theme made, as completed
// and saved: its prompt, the completed icon, and "model · duration · cost" as the description.
import type { UiCheck } from './checks';
import { generated } from './generate';
import type { ThemeKind } from './themes';
import { moveMouseAway, openViewContainer, resizeSideBar, screenshot, scrollViewToTop, startClean, viewHeader, waitForSideBarIdle } from './workbench';

/** Pixels added to the side bar's width for its screenshot. */
const WIDER_BY = 160;

export function tasksViewCheck(theme: ThemeKind): UiCheck {
  return {
    title: `Tasks view shows the generated video as completed and saved (${theme})`,
    timeoutMs: 40_000,
    async run({ page, resultsDir, log }) {
      const task = generated.get(theme);
      if (!task) throw new Error(`the ${theme} generate check made no task to look for`);
      await startClean(page);
      await openViewContainer(page, 'Airforce');
      await viewHeader(page, 'Tasks').first().waitFor({ state: 'visible', timeout: 20_000 });
      await waitForSideBarIdle(page);
      await scrollViewToTop(page, 'Tasks');

      const row = page
        .locator('.part.sidebar .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: task.prompt }) })
        .first();
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      // The row's accessible name carries the status; wait for it (the view redraws as the file is saved).
      const wanted = `${task.prompt}, Completed, saved`;
      await page
        .waitForFunction(
          ([prompt, label]) =>
            [...document.querySelectorAll('.part.sidebar .monaco-list-row')].some(
              (r) => r.querySelector('.label-name')?.textContent?.includes(prompt) && r.getAttribute('aria-label') === label,
            ),
          [task.prompt, wanted] as const,
          { timeout: 10_000, polling: 100 },
        )
        .catch(async () => {
          throw new Error(`the row reads "${await row.getAttribute('aria-label')}", expected "${wanted}"`);
        });
      if ((await row.locator('.codicon-pass-filled').count()) === 0) {
        const icon = await row.locator('.codicon').first().getAttribute('class');
        throw new Error(`the row has no completed icon (codicon-pass-filled); it has "${icon}"`);
      }
      const description = (await row.locator('.label-description').textContent())?.trim() ?? '';
      const expected = `${task.model} · ${task.seconds}s · ${task.costText}`;
      if (!description.startsWith(expected)) throw new Error(`the row's description is "${description}", expected it to start with "${expected}"`);
      log(`row: ${wanted} — ${description}`);

      // For the picture: a side bar wide enough for the description, and the focus (with its
      // outline) back in the editor; the width is restored so later pictures keep the usual layout.
      const width = await resizeSideBar(page, WIDER_BY);
      try {
        await page.locator('.tabs-container .tab.active').first().click();
        await moveMouseAway(page);
        log(`screenshot: ${await screenshot(page, resultsDir, `sidebar-${theme}.png`)}`);
      } finally {
        const now = (await page.locator('.part.sidebar').first().boundingBox())?.width ?? width;
        await resizeSideBar(page, width - now);
      }
    },
  };
}
