// UI check (issue 20): a language model tool invoked outside a chat, in a window that runs no
// extension tests (test/runner/toolSession.ts), where VS Code shows the tool's confirmation as a
// modal dialog — the Mocha suite's window confirms without showing it. The fixture extension
// test/fixtures/tool-invoker invokes airforce_generate_image and opens the answer in an editor.
// The dialog names the kind, the model and the price; Yes saves the image (one POST), Cancel sends
// nothing. Screenshots tool-confirmation.png and tool-result.png go to test-results/ (README).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { UiCheck } from './checks';
import { SimControl } from './simControl';
import { moveMouseAway, openViewContainer, runCommandFromPalette, screenshot, startClean, waitForWorkbench } from './workbench';

const COMMAND = 'Airforce Test: Invoke the Image Tool';
const IMAGES = '/v1/images/generations';

/** Runs the fixture's command, once the extension host has loaded it (a fresh window lists it a little later). */
async function invokeFromPalette(page: Page): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await runCommandFromPalette(page, COMMAND);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
}

/** The dialog the command makes VS Code show, and its text. */
async function confirmationDialog(page: Page): Promise<{ text: string; button: (label: string) => Promise<void> }> {
  const box = page.locator('.monaco-dialog-box').last();
  await box.waitFor({ state: 'visible', timeout: 30_000 });
  // The message arrives with the catalog's price: wait for it, not just the frame.
  await page.waitForFunction(() => /Estimated price|Price unknown/.test(document.querySelector('.monaco-dialog-box')?.textContent ?? ''), undefined, { timeout: 15_000 });
  return {
    text: (await box.innerText()).replace(/\s+/g, ' '),
    button: async (label) => {
      await box
        .locator('.monaco-button', { hasText: new RegExp(`^\\s*${label}\\s*$`) })
        .first()
        .click();
      await box.waitFor({ state: 'hidden', timeout: 10_000 });
    },
  };
}

/**
 * The text of the editor the fixture opens with the tool's answer, once it says `expect`, all
 * whitespace as single spaces (the editor draws spaces as no-break spaces and wraps long lines).
 */
async function answerEditor(page: Page, expect: RegExp): Promise<string> {
  const lines = page.locator('.editor-instance .monaco-editor .view-lines').filter({ hasText: 'airforce_generate_image' }).last();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = ((await lines.innerText().catch(() => '')) as string).replace(/\s+/g, ' ');
    if (expect.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the tool's answer never said ${expect}: "${text}"`);
    await page.waitForTimeout(250);
  }
}

export const toolConfirmationCheck: UiCheck = {
  title: 'A language model tool outside a chat: VS Code’s confirmation names kind, model and price; Yes saves the image, Cancel sends nothing',
  timeoutMs: 120_000,
  async run({ page, resultsDir, workspace, simulatorUrl, log }) {
    if (!simulatorUrl) throw new Error('no simulator');
    const sim = new SimControl(simulatorUrl);
    await waitForWorkbench(page);
    // Extensions are loaded once the Airforce view container shows.
    await openViewContainer(page, 'Airforce');
    await startClean(page);

    const before = await sim.requestCount('POST', IMAGES);
    await invokeFromPalette(page);
    const dialog = await confirmationDialog(page);
    for (const expected of [/Generate image for \$0\.025\?/, /flux-2-dev/, /A flat app icon/, /Estimated price: \$0\.025/]) {
      if (!expected.test(dialog.text)) throw new Error(`the confirmation lacks ${expected}: "${dialog.text}"`);
    }
    await moveMouseAway(page);
    log(`screenshot: ${await screenshot(page, resultsDir, 'tool-confirmation.png')}`);
    await dialog.button('Yes');
    const answer = await answerEditor(page, /Saved in the workspace/);
    const saved = /- (\S+\.png) \(sidecar: (\S+\.json)\)/.exec(answer);
    if (!saved) throw new Error(`the answer names no saved image: "${answer}"`);
    for (const file of [saved[1]!, saved[2]!]) if (!fs.existsSync(path.join(workspace, file))) throw new Error(`${file} is not in the workspace`);
    if (!/Cost: \$0\.025/.test(answer)) throw new Error(`the answer names no cost: "${answer}"`);
    if ((await sim.requestCount('POST', IMAGES)) !== before + 1) throw new Error('Yes did not send exactly one request');
    await moveMouseAway(page);
    log(`screenshot: ${await screenshot(page, resultsDir, 'tool-result.png')}`);

    await invokeFromPalette(page);
    await (await confirmationDialog(page)).button('Cancel');
    await answerEditor(page, /Rejected: .*Cancel/);
    if ((await sim.requestCount('POST', IMAGES)) !== before + 1) throw new Error('Cancel sent a request');
  },
};
