// UI checks for the operation forms of the Generate panel (issue 19), on the real workbench against
// the simulator: Transcribe picks test/fixtures/tone.wav (copied into the workspace) through "Choose
// file…" and the workbench's open dialog, shows its price before Generate, sends one transcription
// and shows the transcript's first lines; the Voice changer lists the account's voices, prices the
// same file and plays its result. Screenshots of both forms in each theme (the README's).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { UiCheck } from './checks';
import { SimControl } from './simControl';
import { waitForWebviewTheme, type ThemeKind } from './themes';
import { clickIfShown, findWebviewFrame, moveMouseAway, runCommandFromPalette, screenshot, SELECTORS, startClean } from './workbench';
import { fixturePath } from '../simulator/resultBytes';

const UI_TRANSCRIBE_MODEL = 'whisper-1';
const UI_VOICE_CHANGE_MODEL = 'eleven-sts-v2';
const FILE = 'tone.wav';

/** The panel on an operation's tab, its form showing (an earlier task view is left for the form). */
export async function openOperation(page: Page, kind: 'transcribe' | 'dub' | 'voiceChange'): Promise<Frame> {
  await runCommandFromPalette(page, 'Airforce: Generate Video');
  let frame = await findWebviewFrame(page, '#kind-switch', 20_000);
  // The command switches the panel to the video form by itself; an earlier task view may still show.
  await clickIfShown(frame.locator('#task-view:not([hidden]) #t-new'));
  await frame.locator('#form-view').waitFor({ state: 'visible', timeout: 10_000 });
  await frame.locator(`#k-${kind}`).click();
  frame = await findWebviewFrame(page, `#k-${kind}[aria-selected="true"]`, 10_000);
  await frame.locator('#o-form').waitFor({ state: 'visible', timeout: 10_000 });
  // The form keeps the file an earlier check chose (the same panel still knows its token): start without.
  const remove = frame.locator('#o-file-remove');
  if (await remove.isVisible()) await remove.click();
  return frame;
}

export async function selectModel(frame: Frame, model: string): Promise<void> {
  await frame.locator(`#o-model option[value="${model}"]`).waitFor({ state: 'attached', timeout: 20_000 });
  await frame.locator('#o-model').selectOption(model);
}

/**
 * "Choose file…" → the workbench's open dialog (in the browser, VS Code's own quick-input dialog):
 * the file's path typed in and accepted; the form then shows the file the host measured.
 */
export async function chooseFile(page: Page, frame: Frame, file: string): Promise<void> {
  await frame.locator('#o-pick').click();
  const box = page.locator(SELECTORS.quickInputBox).first();
  await box.waitFor({ state: 'visible', timeout: 10_000 });
  // The dialog writes its start folder into the box once it has read it: typing before that is overwritten.
  await page.waitForFunction((sel) => (document.querySelector<HTMLInputElement>(sel)?.value ?? '').endsWith('/'), SELECTORS.quickInputBox, { timeout: 10_000 });
  const dialog = page.locator(SELECTORS.quickInput).first();
  for (let attempt = 0; attempt < 3 && (await dialog.isVisible()); attempt++) {
    await box.fill(file);
    await page.waitForTimeout(500); // the dialog reads the folder as the path is typed
    if ((await box.inputValue()) !== file) continue;
    await box.press('Enter');
    await dialog.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
  }
  if (await dialog.isVisible()) throw new Error(`the open dialog did not take ${file} (it shows "${await box.inputValue()}")`);
  await frame
    .waitForFunction((name) => document.querySelector('#o-file-name')?.textContent === name, path.basename(file), { timeout: 15_000 })
    .catch(async () => {
      throw new Error(`the form does not show ${path.basename(file)} after the open dialog (notices: "${await frame.locator('#o-file-notices').textContent()}")`);
    });
}

/** The cost line once it shows a dollar figure (or what it shows instead). */
export async function waitForCost(frame: Frame): Promise<string> {
  return frame
    .waitForFunction(
      () => {
        const t = document.querySelector('#o-cost')?.textContent?.trim() ?? '';
        return /\$\d+\.\d\d/.test(t) ? t : undefined;
      },
      undefined,
      { timeout: 5000 },
    )
    .then((h) => h.jsonValue() as Promise<string>)
    .catch(async () => {
      throw new Error(`the cost line reads "${await frame.locator('#o-cost').textContent()}", expected a price before Generate`);
    });
}

/** The fixture as a file of the workspace the workbench has open. */
export function workspaceFile(workspace: string): string {
  const file = path.join(workspace, FILE);
  if (!fs.existsSync(file)) fs.copyFileSync(fixturePath(FILE), file);
  return file;
}

export function transcribeCheck(theme: ThemeKind): UiCheck {
  return {
    title: `Generate panel on Transcribe: tone.wav chosen, its price shown, the transcript's lines after Generate (${theme})`,
    timeoutMs: 120_000,
    async run({ page, resultsDir, log, workspace, simulatorUrl }) {
      if (!simulatorUrl) throw new Error('this check needs the simulator');
      const file = workspaceFile(workspace);
      await startClean(page);
      const frame = await openOperation(page, 'transcribe');
      await waitForWebviewTheme(frame, theme);
      await selectModel(frame, UI_TRANSCRIBE_MODEL);
      if (!(await frame.locator('#o-generate').isDisabled())) throw new Error('Generate is enabled before a file is chosen');
      await chooseFile(page, frame, file);
      const details = await frame.locator('#o-file-details').textContent();
      const cost = await waitForCost(frame);
      await frame.locator('#o-language').selectOption('en');
      log(`transcribe form: ${UI_TRANSCRIBE_MODEL}, ${FILE} (${details}), ${cost}`);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-transcribe-form-${theme}.png`)}`);

      const sim = new SimControl(simulatorUrl);
      const before = await sim.requestCount('POST', '/v1/audio/transcriptions');
      await frame.locator('#o-generate').click();
      const text = await frame
        .waitForFunction(
          () => {
            const pre = document.querySelector<HTMLElement>('#r-text');
            return pre && pre.offsetParent !== null && (pre.textContent ?? '').trim() !== '' ? pre.textContent : undefined;
          },
          undefined,
          { timeout: 30_000, polling: 100 },
        )
        .then((h) => h.jsonValue() as Promise<string>)
        .catch(async () => {
          throw new Error(
            `no transcript in the task view (status: "${await frame.locator('#t-status').textContent()}", error: "${await frame.locator('#t-error').textContent()}")`,
          );
        });
      const posts = (await sim.requestCount('POST', '/v1/audio/transcriptions')) - before;
      if (posts !== 1) throw new Error(`${posts} transcription POSTs reached the simulator for one Generate, expected 1`);
      if (!/Hello from the simulator/.test(text)) throw new Error(`the transcript reads "${text}"`);
      const name = await frame.locator('#r-text-name').textContent();
      // The second theme's run saves beside the first's: tone.transcript-2.txt.
      if (!/^tone\.transcript(-\d+)?\.txt$/.test(name ?? '')) throw new Error(`the transcript is named "${name}", expected tone.transcript.txt`);
      log(`transcript ${name}: ${JSON.stringify(text)}`);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-transcribe-result-${theme}.png`)}`);
    },
  };
}

export function voiceChangeCheck(theme: ThemeKind): UiCheck {
  return {
    title: `Generate panel on Voice changer: the account's voices, tone.wav priced, the result plays (${theme})`,
    timeoutMs: 120_000,
    async run({ page, resultsDir, log, workspace }) {
      const file = workspaceFile(workspace);
      await startClean(page);
      const frame = await openOperation(page, 'voiceChange');
      await waitForWebviewTheme(frame, theme);
      await selectModel(frame, UI_VOICE_CHANGE_MODEL);
      const voices = frame.locator('#o-voice option[value]:not([value=""])');
      await voices.first().waitFor({ state: 'attached', timeout: 20_000 });
      const voiceId = (await voices.nth(1).getAttribute('value')) ?? (await voices.first().getAttribute('value'));
      if (!voiceId) throw new Error('the voice list is empty');
      await frame.locator('#o-voice').selectOption(voiceId);
      await chooseFile(page, frame, file);
      const cost = await waitForCost(frame);
      log(`voice changer form: ${UI_VOICE_CHANGE_MODEL}, voice ${voiceId}, ${cost}`);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-voice-change-form-${theme}.png`)}`);

      await frame.locator('#o-generate').click();
      await frame
        .waitForFunction(
          () => {
            const a = document.querySelector<HTMLAudioElement>('#r-audio');
            return !!a && a.offsetParent !== null && a.readyState >= 1 && !a.error && a.duration > 0;
          },
          undefined,
          { timeout: 30_000 },
        )
        .catch(async () => {
          throw new Error(
            `the changed voice does not load in the <audio> element (status: "${await frame.locator('#t-status').textContent()}", error: "${await frame.locator('#t-error').textContent()}")`,
          );
        });
      await frame.locator('#r-audio').evaluate((a: HTMLAudioElement) => {
        a.pause();
        a.currentTime = 0;
      });
      log('the changed voice loads in the panel player');
    },
  };
}
