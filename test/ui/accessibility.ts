// UI check (issue 10, the keyboard): the real workbench's Generate panel, opened with "Airforce:
// Generate Image", walked by keyboard. Each kind's form (switched with the arrow keys on the kind
// switch) and the image result are read as an ARIA snapshot of the webview's frame; any control
// without an accessible name fails the check, listed. Then Ctrl+Enter in the prompt generates exactly
// one image request, focus lands on the task's heading, and Enter on "New image" brings it back to
// the prompt. The same reading runs in headless Chromium in test/unit/generate/a11y.test.ts.
import type { Frame, Page } from 'playwright-core';
import { NAMED_ROLES, namelessControls, snapshotNodes } from './ariaNames';
import type { UiCheck } from './checks';
import { UI_IMAGE_MODEL } from './mediaKinds';
import { SimControl } from './simControl';
import { findWebviewFrame, moveMouseAway, runCommandFromPalette, screenshot, startClean } from './workbench';

const KINDS = ['video', 'image', 'speech', 'music', 'sfx', 'transcribe', 'dub', 'voiceChange'] as const;
const OPERATION_TABS: readonly string[] = ['transcribe', 'dub', 'voiceChange'];
/** Each form's id prefix: video's, the image/audio one, the operations' on a workspace file. */
const prefixOf = (kind: (typeof KINDS)[number]): string => (kind === 'video' ? 'f-' : OPERATION_TABS.includes(kind) ? 'o-' : 'm-');
const PROMPT = 'A paper boat on a rain puddle, typed without a mouse';

const activeId = (frame: Frame): Promise<string> => frame.evaluate(() => document.activeElement?.id ?? '');

async function waitForFocus(frame: Frame, id: string, what: string): Promise<void> {
  await frame
    .waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 10_000 })
    .catch(async () => {
      throw new Error(`${what}: focus is on "${await activeId(frame)}", expected #${id}`);
    });
}

/** The nameless controls of what the panel shows now, each prefixed with `where`; logs the count. */
async function readNames(frame: Frame, where: string, log: (m: string) => void): Promise<string[]> {
  const snapshot = await frame.locator('#app').ariaSnapshot();
  const controls = snapshotNodes(snapshot).filter((n) => NAMED_ROLES.has(n.role)).length;
  const nameless = namelessControls(snapshot);
  log(`${where}: ${controls} controls, ${nameless.length} without a name`);
  if (controls === 0) return [`${where}: the snapshot shows no controls at all`];
  return nameless.map((line) => `${where}: ${line}`);
}

async function openImagePanel(page: Page): Promise<Frame> {
  await runCommandFromPalette(page, 'Airforce: Generate Image');
  const frame = await findWebviewFrame(page, '#k-image[aria-selected="true"]', 20_000).catch(() => {
    throw new Error('"Airforce: Generate Image" did not open the panel on its image form');
  });
  // An earlier check may have left a result showing: back to the form, by keyboard.
  const back = frame.locator('#t-new');
  if (await back.isVisible()) {
    await back.focus();
    await page.keyboard.press('Enter');
  }
  await frame.locator('#m-prompt').waitFor({ state: 'visible', timeout: 10_000 });
  return frame;
}

export const accessibilityCheck: UiCheck = {
  title: 'Generate panel by keyboard: every control of each kind and of the result has a name; Ctrl+Enter generates one image',
  timeoutMs: 120_000,
  async run({ page, resultsDir, log, simulatorUrl }) {
    if (!simulatorUrl) throw new Error('this check needs the simulator');
    await startClean(page);
    const frame = await openImagePanel(page);
    const problems: string[] = [];

    // The kind switch by its keys: Home to Video, then ArrowRight through the others.
    await frame.locator('#k-image').focus();
    for (const [i, kind] of KINDS.entries()) {
      await page.keyboard.press(i === 0 ? 'Home' : 'ArrowRight');
      await frame.locator(`#k-${kind}[aria-selected="true"]`).waitFor({ timeout: 5000 });
      const p = prefixOf(kind);
      await frame.locator(`#${p}model option`).first().waitFor({ state: 'attached', timeout: 20_000 });
      if (kind === 'speech' || kind === 'voiceChange')
        await frame
          .locator(`#${p}voice option`)
          .first()
          .waitFor({ state: 'attached', timeout: 20_000 })
          .catch(() => undefined);
      problems.push(...(await readNames(frame, `${kind} form`, log)));
      await frame.locator(`#k-${kind}`).focus(); // reading the snapshot may not move focus, but be sure
    }
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await frame.locator('#k-image[aria-selected="true"]').waitFor({ timeout: 5000 });

    await frame.locator(`#m-model option[value="${UI_IMAGE_MODEL}"]`).waitFor({ state: 'attached', timeout: 20_000 });
    await frame.locator('#m-model').selectOption(UI_IMAGE_MODEL);
    await frame.locator('#m-n').selectOption('1');
    await frame.locator('#m-prompt').focus();
    await page.keyboard.type(PROMPT);
    const hint = (await frame.locator('#m-shortcut').textContent())?.trim();
    if (!hint) throw new Error('no shortcut hint under Generate');
    log(`hint under Generate: "${hint}"`);

    const sim = new SimControl(simulatorUrl);
    const before = await sim.requestCount('POST', '/v1/images/generations');
    await page.keyboard.press('Control+Enter');
    await waitForFocus(frame, 't-title', 'after Ctrl+Enter');
    await frame
      .waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('#r-grid img.r-thumb')].some((i) => i.complete && i.naturalWidth > 0), undefined, {
        timeout: 30_000,
        polling: 100,
      })
      .catch(() => {
        throw new Error('Ctrl+Enter in the prompt did not lead to an image result');
      });
    const posts = (await sim.requestCount('POST', '/v1/images/generations')) - before;
    if (posts !== 1) throw new Error(`${posts} image POSTs reached the simulator for one Ctrl+Enter, expected 1`);
    problems.push(...(await readNames(frame, 'image result', log)));
    await moveMouseAway(page);
    log(`screenshot: ${await screenshot(page, resultsDir, 'panel-a11y-result.png')}`);

    // "New image" by keyboard returns to the prompt.
    await frame.locator('#t-new').focus();
    await page.keyboard.press('Enter');
    await waitForFocus(frame, 'm-prompt', '"New image"');

    if (problems.length > 0) throw new Error(`controls without an accessible name:\n${problems.join('\n')}`);
  },
};
