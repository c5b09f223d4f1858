// Playwright helpers for the VS Code 1.100 web workbench. Selectors verified against
// code-server 4.100.3; keep them here so every UI check shares one place to fix.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

export const SELECTORS = {
  workbench: '.monaco-workbench',
  activityItem: (containerTitle: string) => `.activitybar [aria-label^="${containerTitle}"]`,
  sidebar: '.part.sidebar',
  paneHeader: '.part.sidebar .pane-header',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  contextMenuEntry: '.context-view .action-label',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget input',
  notification: '.notification-toast',
} as const;

export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForSelector(SELECTORS.workbench, { timeout: timeoutMs });
  // The activity bar is filled in once the extension points are read.
  await page.waitForSelector('.activitybar .action-item', { timeout: timeoutMs });
}

/** Shows the Explorer (a shortcut never toggles it closed, unlike clicking its icon). */
export async function showExplorer(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+E');
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 10_000 });
}

/**
 * Opens a view container from the activity bar. Clicking an already active item would hide the
 * side bar, so switch to the Explorer first when the container is already shown.
 */
export async function openViewContainer(page: Page, containerTitle: string, timeoutMs = 20_000): Promise<Locator> {
  const item = page.locator(SELECTORS.activityItem(containerTitle)).first();
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  if (await isActivityItemActive(item)) await showExplorer(page);
  await item.click();
  return item;
}

async function isActivityItemActive(item: Locator): Promise<boolean> {
  return item.evaluate((el) => {
    const li = el.closest('.action-item');
    return !!li && (li.classList.contains('checked') || li.getAttribute('aria-selected') === 'true' || li.getAttribute('aria-pressed') === 'true');
  });
}

/** Waits until no view in the side bar shows its busy bar (views load while the extension activates). */
export async function waitForSideBarIdle(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const bars = document.querySelectorAll('.part.sidebar .monaco-progress-container');
      return [...bars].every((b) => !b.classList.contains('active') && !b.classList.contains('infinite'));
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
}

/** A side-bar view's header, found by its (case-insensitive) title. */
export function viewHeader(page: Page, title: string): Locator {
  return page.locator(SELECTORS.paneHeader).filter({ hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\b`, 'i') });
}

/**
 * Scrolls a side-bar view's list back to its top with the mouse wheel (no row is selected): the
 * newest tasks are at the top, and a check that revealed an older row left the list scrolled down.
 */
export async function scrollViewToTop(page: Page, title: string): Promise<void> {
  const list = viewHeader(page, title).first().locator('xpath=..').locator('.monaco-list').first();
  const box = await list.boundingBox();
  if (!box) return;
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
  await page.mouse.wheel(0, -100_000);
  await page.waitForTimeout(150);
  await moveMouseAway(page);
}

/**
 * F1, type the command's title, run the command with exactly that title (the fuzzy filter can rank
 * another one first: "Preferences: Color Theme" brings up "Browse Color Themes in Marketplace").
 */
export async function runCommandFromPalette(page: Page, title: string): Promise<void> {
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  const box = page.locator(SELECTORS.quickInputBox).first();
  await box.waitFor({ state: 'visible', timeout: 10_000 });
  await box.fill(`>${title}`);
  await quickInputRow(page, title).first().click({ timeout: 10_000 });
}

/** A quick-pick row whose label is exactly `label`. */
function quickInputRow(page: Page, label: string): Locator {
  return page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) });
}

/**
 * Takes the keyboard focus back from a webview: keys pressed while its iframe has focus (F1 after
 * typing in the panel) do not reach the workbench's keybindings here.
 */
export async function focusWorkbench(page: Page): Promise<void> {
  await page.evaluate(() => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active.tagName === 'IFRAME') active.blur();
  });
}

/** The innermost frame of a webview whose URL contains `webview` and that has `selector`. */
export async function findWebviewFrame(page: Page, selector: string, timeoutMs = 20_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (!frame.url().includes('webview')) continue;
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame with ${selector} within ${timeoutMs} ms`);
}

/**
 * Clicks `target` if it shows now. A panel switches from an earlier task view to its form by itself,
 * so a "New …" button can go away under the click: that is no failure (the caller then waits for what
 * it needs); a click that fails while the target still shows is.
 */
export async function clickIfShown(target: Locator): Promise<void> {
  for (const one of await target.all()) {
    if (!(await one.isVisible().catch(() => false))) continue;
    await one.click({ timeout: 5000 }).catch(async (err: unknown) => {
      if (await one.isVisible().catch(() => false)) throw err;
    });
  }
}

/** Parks the mouse over the editor area so no hover tooltip covers what is being shown. */
export async function moveMouseAway(page: Page): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  // Upper middle of the editor area: clear of the side bar, toasts (bottom right) and the title bar.
  await page.mouse.move(Math.round(size.width * 0.65), Math.round(size.height * 0.2));
  // The test host sets workbench.hover.delay to minutes (runner/host.ts), so no tooltip is pending;
  // one frame lets :hover styles follow the mouse.
  await page.waitForTimeout(50);
  await page
    .waitForFunction(() => ![...document.querySelectorAll('.workbench-hover, .monaco-hover')].some((h) => (h as HTMLElement).offsetParent !== null), undefined, {
      timeout: 3000,
    })
    .catch(() => undefined); // a lingering tooltip spoils the picture, not the check
}

/**
 * Drags the side bar's edge by `dx` pixels (the sash between it and the editor). Returns the width it
 * had, so a check can put it back.
 */
export async function resizeSideBar(page: Page, dx: number): Promise<number> {
  const bar = await page.locator(SELECTORS.sidebar).first().boundingBox();
  if (!bar) throw new Error('the side bar is not shown');
  const edge = bar.x + bar.width;
  const sashes = page.locator('.monaco-sash.vertical');
  for (let i = 0; i < (await sashes.count()); i++) {
    const box = await sashes.nth(i).boundingBox();
    if (!box || Math.abs(box.x + box.width / 2 - edge) > 4 || box.height < bar.height / 2) continue;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + dx, y, { steps: 5 });
    await page.mouse.up();
    return bar.width;
  }
  throw new Error('no sash on the side bar edge');
}

/** Closes a context menu or quick pick an earlier (failed) step left open, so clicks reach the workbench. */
export async function closeOverlays(page: Page): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const open = await page.evaluate(() =>
      [...document.querySelectorAll('.context-view .monaco-menu, .quick-input-widget')].some((el) => (el as HTMLElement).offsetParent !== null),
    );
    if (!open) return;
    await focusWorkbench(page);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(100);
  }
}

/**
 * Runs a context-menu entry. The mouse only highlights it here: the menu ignores a click that comes
 * too soon after it opened (it guards against the right-click's own mouse-up), so Enter runs it.
 */
export async function runContextMenuEntry(page: Page, label: string): Promise<void> {
  const entry = page.locator(SELECTORS.contextMenuEntry, { hasText: label }).first();
  await entry.hover();
  await page.waitForFunction((text) => [...document.querySelectorAll('.context-view .action-item.focused .action-label')].some((el) => el.textContent?.trim() === text), label, {
    timeout: 5000,
    polling: 50,
  });
  await page.keyboard.press('Enter');
  await page.locator('.context-view .monaco-menu').first().waitFor({ state: 'hidden', timeout: 5000 });
}

/** Closes every notification toast, so none covers a screenshot (and the next check starts clean). */
export async function clearNotifications(page: Page): Promise<void> {
  // A late toast (a job settling from an earlier session) can arrive just after Clear All: clear again.
  for (let attempt = 1; ; attempt++) {
    if ((await page.locator(SELECTORS.notification).count()) === 0) return;
    await runCommandFromPalette(page, 'Notifications: Clear All Notifications');
    const cleared = await page
      .waitForFunction((selector) => document.querySelectorAll(selector).length === 0, SELECTORS.notification, { timeout: 5000, polling: 100 })
      .then(
        () => true,
        () => false,
      );
    if (cleared) return;
    if (attempt === 3) throw new Error('Notifications: Clear All Notifications left toasts open three times');
  }
}

/** The start of a check: no menu, quick pick or toast left over from the one before. */
export async function startClean(page: Page): Promise<void> {
  await closeOverlays(page);
  await clearNotifications(page);
}

/**
 * In an open quick pick: types `label` and accepts the row whose label is exactly that (a fuzzy
 * filter can put a near miss first).
 */
export async function pickQuickInputItem(page: Page, label: string): Promise<void> {
  const box = page.locator(SELECTORS.quickInputBox).first();
  await box.waitFor({ state: 'visible', timeout: 10_000 });
  await box.fill(label);
  await quickInputRow(page, label).first().click({ timeout: 10_000 });
  await page.locator(SELECTORS.quickInput).first().waitFor({ state: 'hidden', timeout: 10_000 });
}

export async function screenshot(page: Page, resultsDir: string, name: string): Promise<string> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
