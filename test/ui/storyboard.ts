// UI check for issue 9 "Storyboard in Markdown": a Markdown file with an image shot and a video shot
// that animates it shows priced CodeLenses ("Generate all 2 shots · $… total", "Generate image · $…");
// clicking the image shot's lens generates it against the simulator and writes the link line under
// the block, whose lens then reads "Open result". Screenshot per theme.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { UiCheck } from './checks';
import type { ThemeKind } from './themes';
import { focusWorkbench, moveMouseAway, screenshot, startClean } from './workbench';

function storyboard(theme: ThemeKind): string {
  return [
    `# Storyboard (${theme})`,
    '',
    'A still first, then the video that animates it.',
    '',
    '```airforce',
    'id: still',
    'kind: image',
    'model: flux-2-dev',
    'aspect_ratio: 16:9',
    'prompt: A red fox on a snowy hill at dawn',
    '```',
    '',
    '```airforce',
    'id: fox-run',
    'model: wan-2.6',
    'duration: 8',
    'image: @still   # the still above',
    'prompt: The fox darts across the hills',
    '  as the sun rises behind it',
    '```',
    '',
  ].join('\n');
}

/** A CodeLens link in the editor whose text starts with `prefix`. */
const lens = (page: Page, prefix: string) => page.locator('.monaco-editor .codelens-decoration a', { hasText: prefix }).first();

async function openInEditor(page: Page, name: string): Promise<void> {
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  const box = page.locator('.quick-input-widget input').first();
  await box.waitFor({ state: 'visible', timeout: 10_000 });
  // A file written a moment ago may not be in Quick Open's file index yet: type it again until it is.
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
  for (const until = Date.now() + 20_000; ;) {
    await box.fill('');
    await box.fill(name);
    if (
      await row.waitFor({ state: 'visible', timeout: 2000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    if (Date.now() > until) throw new Error(`Quick Open does not find ${name}`);
  }
  await row.click({ timeout: 10_000 });
}

export function storyboardCheck(theme: ThemeKind): UiCheck {
  return {
    title: `A Markdown storyboard shows priced CodeLenses and links a generated shot under its block (${theme})`,
    timeoutMs: 60_000,
    async run(ctx) {
      const { page, resultsDir, log, workspace } = ctx;
      const name = `storyboard-${theme}.md`;
      fs.writeFileSync(path.join(workspace, name), storyboard(theme));
      await startClean(page);
      await openInEditor(page, name);
      // Prices appear once the catalog has loaded in the background.
      const all = lens(page, 'Generate all 2 shots');
      await all.waitFor({ state: 'visible', timeout: 20_000 }).catch(() => {
        throw new Error('no "Generate all 2 shots" CodeLens above the first block');
      });
      await page
        .waitForFunction(
          () => [...document.querySelectorAll('.codelens-decoration a')].some((a) => /Generate all 2 shots · \$\d+\.\d{2,4} total/.test(a.textContent ?? '')),
          undefined,
          { timeout: 20_000 },
        )
        .catch(async () => {
          throw new Error(`the total lens reads "${await all.textContent()}", expected a price`);
        });
      const image = lens(page, 'Generate image');
      const imageTitle = (await image.textContent()) ?? '';
      if (!/Generate image · \$\d+\.\d\d/.test(imageTitle)) throw new Error(`the image shot's lens reads "${imageTitle}"`);
      const video = (await lens(page, 'Generate video').textContent()) ?? '';
      if (!/Generate video · \$\d+\.\d\d/.test(video)) throw new Error(`the video shot's lens reads "${video}"`);
      // Below the confirm threshold: no question, the image is made and linked.
      await image.click();
      await page
        .locator('.view-lines', { hasText: '![still](' })
        .first()
        .waitFor({ timeout: 30_000 })
        .catch(() => {
          throw new Error('no "![still](…)" link line appeared under the image shot');
        });
      await lens(page, 'Open result').waitFor({ state: 'visible', timeout: 10_000 });
      log(`lenses: ${imageTitle} | ${video}; link line written`);
      // Saved, so closing the editor later asks nothing.
      await page.keyboard.press('Control+S');
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `storyboard-${theme}.png`)}`);
    },
  };
}
