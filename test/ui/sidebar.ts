// UI check: the Airforce activity-bar icon opens a side bar with the Tasks and Models views.
import type { UiCheck } from './checks';
import { moveMouseAway, openViewContainer, screenshot, viewHeader, waitForSideBarIdle, waitForWorkbench } from './workbench';

export const sidebarCheck: UiCheck = {
  title: 'Airforce icon opens the side bar with the Tasks and Models views',
  setup: true, // waits for the workbench and the extension's views: the commands are there after it
  async run({ page, resultsDir, log }) {
    await waitForWorkbench(page);
    await openViewContainer(page, 'Airforce');
    for (const title of ['Tasks', 'Models']) {
      await viewHeader(page, title).first().waitFor({ state: 'visible', timeout: 20_000 });
    }
    // The picture should show what a person sees once the views have loaded, not their busy bars.
    await waitForSideBarIdle(page);
    await page.locator('.part.sidebar .welcome-view-content, .part.sidebar .monaco-list').first().waitFor({ timeout: 10_000 });
    await moveMouseAway(page);
    log(`screenshot: ${await screenshot(page, resultsDir, 'sidebar.png')}`);
  },
};
