// UI check: right-click an image in the Explorer → "Animate Image" opens the panel in image mode with
// the picture as its input thumbnail and an empty prompt (not the form's earlier, unrelated one: the
// picture has no sidecar of ours); the entry is not offered on a file that is not an image.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { repoRoot } from '../runner/paths';
import type { UiCheck } from './checks';
import { waitForWebviewTheme, type ThemeKind } from './themes';
import { openPanel } from './generate';
import { SELECTORS, findWebviewFrame, moveMouseAway, runContextMenuEntry, screenshot, showExplorer, startClean } from './workbench';

export const IMAGE_NAME = 'dragon.png';
/** Typed into the video form before the Explorer hands it a picture: one click would bill it. */
const EARLIER_PROMPT = 'An earlier, unrelated prompt that must not stay';
const TEXT_NAME = 'notes.txt';
const MENU_ENTRY = 'Animate Image';

/** The Explorer row of a top-level file; refreshes the Explorer once if the watcher has not shown it yet. */
export async function explorerRow(page: Page, name: string): Promise<Locator> {
  const row = page
    .locator(SELECTORS.explorerRow)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) })
    .first();
  try {
    await row.waitFor({ state: 'visible', timeout: 5000 });
  } catch {
    // The tree renders only the rows in view: a long expanded folder above (the saved results) keeps
    // the top-level files out of the page. The end of the tree is where those files are.
    await page.locator('.explorer-folders-view .monaco-list').first().focus();
    await page.keyboard.press('End');
    await row.waitFor({ state: 'visible', timeout: 10_000 });
  }
  return row;
}

/** Right-clicks `row` and returns the labels of the context menu's entries (the menu stays open). */
export async function contextMenuLabels(page: Page, row: Locator): Promise<string[]> {
  await row.click({ button: 'right' });
  const entries = page.locator(SELECTORS.contextMenuEntry);
  await entries.first().waitFor({ state: 'visible', timeout: 10_000 });
  return (await entries.allTextContents()).map((t) => t.trim()).filter(Boolean);
}

/**
 * The panel's frame once it shows the form in image mode; fails early with the command's error
 * when one is reported instead.
 */
async function imageModePanel(page: Page, timeoutMs = 20_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  const errorToast = page
    .locator(SELECTORS.notification)
    .filter({ has: page.locator('.codicon-error') })
    .first();
  while (Date.now() < deadline) {
    if (await errorToast.isVisible()) {
      const text = (await errorToast.locator('.notification-list-item-message').textContent())?.trim();
      throw new Error(`"${MENU_ENTRY}" reported an error: ${text}`);
    }
    const frame = await findWebviewFrame(page, '#form-view:not([hidden]) #f-mode-image:checked', 250).catch(() => undefined);
    if (frame) return frame;
  }
  throw new Error(`the panel did not show the form in "Animate an image" mode within ${timeoutMs} ms`);
}

export function animateCheck(theme: ThemeKind, prompt: string): UiCheck {
  return {
    title: `Explorer context menu "Animate Image" opens the panel in image mode with the picture (${theme})`,
    timeoutMs: 60_000,
    async run({ page, resultsDir, workspace, log }) {
      // Files the workbench's watcher picks up; the same bytes as the fixture, so the thumbnail is known.
      const image = path.join(workspace, IMAGE_NAME);
      fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'demo-image.png'), image);
      fs.writeFileSync(path.join(workspace, TEXT_NAME), 'Not an image: the Animate Image entry must not be offered here.\n');
      await startClean(page);
      // fh#4: the form holds an earlier prompt when the picture arrives.
      await (await openPanel(page)).locator('#f-prompt').fill(EARLIER_PROMPT);
      await showExplorer(page);

      const textLabels = await contextMenuLabels(page, await explorerRow(page, TEXT_NAME));
      await page.keyboard.press('Escape');
      if (textLabels.includes(MENU_ENTRY)) throw new Error(`"${MENU_ENTRY}" is offered on ${TEXT_NAME}`);

      const imageLabels = await contextMenuLabels(page, await explorerRow(page, IMAGE_NAME));
      if (!imageLabels.includes(MENU_ENTRY)) throw new Error(`no "${MENU_ENTRY}" on ${IMAGE_NAME}; the menu has: ${imageLabels.join(', ')}`);
      await runContextMenuEntry(page, MENU_ENTRY);

      const frame = await imageModePanel(page);
      await waitForWebviewTheme(frame, theme);
      await frame.locator('#field-images').waitFor({ state: 'visible', timeout: 5000 });
      const thumb = frame.locator('#f-thumbs li.thumb');
      await thumb.first().waitFor({ state: 'visible', timeout: 10_000 });
      if ((await thumb.count()) !== 1) throw new Error(`image mode shows ${await thumb.count()} thumbnails, expected 1`);
      const label = (await thumb.locator('.thumb-label').textContent())?.trim();
      if (label !== IMAGE_NAME) throw new Error(`the thumbnail is labelled "${label}", expected ${IMAGE_NAME}`);
      // The picture itself loaded (a broken one is swapped for a file-type placeholder).
      const size = await frame
        .waitForFunction(
          () => {
            const img = document.querySelector<HTMLImageElement>('#f-thumbs li.thumb img');
            return img && img.complete && img.naturalWidth > 0 ? `${img.naturalWidth}×${img.naturalHeight}` : undefined;
          },
          undefined,
          { timeout: 10_000, polling: 100 },
        )
        .then((h) => h.jsonValue())
        .catch(() => {
          throw new Error('the thumbnail shows no picture');
        });
      // demo-image.png is square: the thumbnail keeps its shape.
      const [w, h] = String(size).split('×').map(Number);
      if (w !== h) throw new Error(`the thumbnail is ${size}, the image is square`);
      log(`thumbnail ${size} for ${IMAGE_NAME}`);
      const startsWith = await frame.locator('#f-prompt').inputValue();
      if (startsWith !== '') throw new Error(`fh#4 the prompt starts as "${startsWith}", expected empty for a picture not generated here`);

      await frame.locator('#f-prompt').fill(prompt);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-image-${theme}.png`)}`);
    },
  };
}
