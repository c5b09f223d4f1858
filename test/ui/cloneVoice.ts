// UI check: right-click a recording in the Explorer → "Clone a Voice…": the name box offers the file's
// name, the price question says "an unknown amount", the consent text shows in a modal whose yes is
// "I Accept" (screenshot), and once accepted the voice is cloned and listed under Speech → My voices
// in the Models view (screenshot); the row's menu deletes it again after asking. A text file is not
// offered the entry.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from '../runner/paths';
import type { UiCheck } from './checks';
import { contextMenuLabels, explorerRow } from './animate';
import { SELECTORS, moveMouseAway, openViewContainer, runContextMenuEntry, screenshot, showExplorer, startClean, viewHeader, waitForSideBarIdle } from './workbench';

const SAMPLE = 'my-take.wav';
const NOT_A_SAMPLE = 'notes.txt';
const MENU_ENTRY = 'Clone a Voice…';
const VOICE = 'UI Check Voice';

/** The modal dialog whose message contains `text`, once it shows. */
async function dialog(page: Page, text: string): Promise<Locator> {
  const box = page.locator('.monaco-dialog-box').filter({ hasText: text }).first();
  await box.waitFor({ state: 'visible', timeout: 15_000 });
  return box;
}

async function press(box: Locator, label: string): Promise<void> {
  await box.locator('.monaco-button', { hasText: label }).first().click();
  await box.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** A row of the side bar's trees by its exact label. */
const sideBarRow = (page: Page, label: string): Locator =>
  page
    .locator('.part.sidebar .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
    .first();

export const cloneVoiceCheck: UiCheck = {
  title: 'Explorer "Clone a Voice…": name, price, consent with "I Accept", then Speech → My voices lists the voice; Delete Voice asks',
  timeoutMs: 90_000,
  async run({ page, resultsDir, workspace, log }) {
    fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'tone.wav'), path.join(workspace, SAMPLE));
    fs.writeFileSync(path.join(workspace, NOT_A_SAMPLE), 'Not a recording: Clone a Voice… must not be offered here.\n');
    await startClean(page);
    await showExplorer(page);

    const textLabels = await contextMenuLabels(page, await explorerRow(page, NOT_A_SAMPLE));
    await page.keyboard.press('Escape');
    if (textLabels.includes(MENU_ENTRY)) throw new Error(`"${MENU_ENTRY}" is offered on ${NOT_A_SAMPLE}`);
    const labels = await contextMenuLabels(page, await explorerRow(page, SAMPLE));
    if (!labels.includes(MENU_ENTRY)) throw new Error(`no "${MENU_ENTRY}" on ${SAMPLE}; the menu has: ${labels.join(', ')}`);
    await runContextMenuEntry(page, MENU_ENTRY);

    // The name, offered from the file name.
    const box = page.locator(SELECTORS.quickInputBox).first();
    await box.waitFor({ state: 'visible', timeout: 10_000 });
    const offered = await box.inputValue();
    if (offered !== 'my-take') throw new Error(`the name box offers "${offered}", expected my-take`);
    await box.fill(VOICE);
    await page.keyboard.press('Enter');

    await press(await dialog(page, `Clone the voice "${VOICE}" for an unknown amount?`), 'Clone');
    const consent = await dialog(page, 'Read the consent text for voice cloning');
    const shown = (await consent.textContent()) ?? '';
    if (!/consent text v\d/.test(shown)) throw new Error(`the consent modal does not show the consent text: ${shown}`);
    const buttons = (await consent.locator('.monaco-button').allTextContents()).map((t) => t.trim());
    if (!buttons.includes('I Accept')) throw new Error(`the consent modal offers ${buttons.join(', ')}, not "I Accept"`);
    await moveMouseAway(page);
    log(`screenshot: ${await screenshot(page, resultsDir, 'clone-voice-consent.png')}`);
    await press(consent, 'I Accept');
    await page
      .locator(SELECTORS.notification, { hasText: `The voice "${VOICE}" is cloned` })
      .first()
      .waitFor({ timeout: 20_000 });

    // Speech → My voices in the Models view.
    await openViewContainer(page, 'Airforce');
    await viewHeader(page, 'Models').first().waitFor({ state: 'visible', timeout: 20_000 });
    await waitForSideBarIdle(page);
    const speech = sideBarRow(page, 'Speech');
    await speech.waitFor({ state: 'visible', timeout: 15_000 });
    if ((await speech.getAttribute('aria-expanded')) !== 'true') await speech.click();
    const voice = sideBarRow(page, VOICE);
    await sideBarRow(page, 'My voices').waitFor({ state: 'visible', timeout: 15_000 });
    await voice.waitFor({ state: 'visible', timeout: 15_000 });
    await moveMouseAway(page);
    log(`screenshot: ${await screenshot(page, resultsDir, 'models-my-voices.png')}`);

    // The row's menu: Rename Voice… and Delete Voice; Delete asks first.
    const menu = await contextMenuLabels(page, voice);
    for (const entry of ['Rename Voice…', 'Delete Voice']) if (!menu.includes(entry)) throw new Error(`the voice's menu lacks "${entry}": ${menu.join(', ')}`);
    await runContextMenuEntry(page, 'Delete Voice');
    await press(await dialog(page, `Delete the cloned voice "${VOICE}"?`), 'Delete');
    await voice.waitFor({ state: 'detached', timeout: 15_000 });
    if (await sideBarRow(page, 'My voices').isVisible()) throw new Error('My voices is still shown with no cloned voice left');
  },
};
