// UI check for Change Voice's voice pick (issue 19): from the palette, tone.wav chosen in the open
// dialog, the voice pick lists the account's voices with a Play button on those with a preview; the
// button opens the preview in VS Code's own audio player (it loads and can play) while the pick stays
// open; Escape then leaves without sending anything.
import type { UiCheck } from './checks';
import { workspaceFile } from './operations';
import { SimControl } from './simControl';
import { findWebviewFrame, moveMouseAway, runCommandFromPalette, screenshot, SELECTORS, startClean } from './workbench';

const VOICE_CHANGER = '/v1/audio/voice-changer';

export const voicePickPreviewCheck: UiCheck = {
  title: "Change Voice's voice pick: the Play button opens the voice's preview in VS Code's audio player, the pick stays open",
  timeoutMs: 90_000,
  async run({ page, resultsDir, log, workspace, simulatorUrl }) {
    if (!simulatorUrl) throw new Error('this check needs the simulator');
    const file = workspaceFile(workspace);
    const sim = new SimControl(simulatorUrl);
    const before = await sim.requestCount('POST', VOICE_CHANGER);
    await startClean(page);
    await runCommandFromPalette(page, 'Airforce: Change Voice…');
    const box = page.locator(SELECTORS.quickInputBox).first();
    const title = page.locator('.quick-input-title').first();
    await box.waitFor({ state: 'visible', timeout: 10_000 });
    // No media file in the editor: the open dialog asks for one first.
    if (/choose an audio or video file/.test((await title.textContent()) ?? '')) {
      await page.waitForFunction((sel) => (document.querySelector<HTMLInputElement>(sel)?.value ?? '').endsWith('/'), SELECTORS.quickInputBox, { timeout: 10_000 });
      await box.fill(file);
      await page.waitForTimeout(500); // the dialog reads the folder as the path is typed
      await box.press('Enter');
    }
    await page
      .waitForFunction(() => /new voice/.test(document.querySelector('.quick-input-title')?.textContent ?? ''), undefined, { timeout: 20_000 })
      .catch(async () => {
        throw new Error(`no voice pick after the file (the quick input reads "${await title.textContent()}")`);
      });
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^\s*Rachel\s*$/ }) });
    await row.first().hover();
    const play = row.first().locator('.action-label.codicon-play');
    await play.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {
      throw new Error('the voice Rachel (with a preview) shows no Play button');
    });
    log(`Play button: "${await play.getAttribute('aria-label')}"`);
    await play.click();
    const player = await findWebviewFrame(page, '.audio-container audio', 20_000).catch(() => {
      throw new Error("the preview did not open in VS Code's audio player");
    });
    const duration = await player.locator('.audio-container audio').evaluate((a: HTMLAudioElement) => a.duration);
    if (!(duration > 0)) throw new Error(`the preview in the player has no length (${duration})`);
    const tab = page.locator('.tabs-container .tab').filter({ hasText: /voice-.*\.mp3/ });
    if ((await tab.count()) === 0) throw new Error('no editor tab for the voice preview');
    if (!(await page.locator(SELECTORS.quickInput).first().isVisible())) throw new Error('the voice pick closed when the preview played');
    log(`preview open in "${(await tab.first().textContent())?.trim()}", ${duration.toFixed(1)} s; the voice pick stays open`);
    await moveMouseAway(page);
    log(`screenshot: ${await screenshot(page, resultsDir, 'change-voice-pick-preview.png')}`);
    await box.press('Escape');
    await page.locator(SELECTORS.quickInput).first().waitFor({ state: 'hidden', timeout: 5000 });
    await page.waitForTimeout(500);
    const posts = (await sim.requestCount('POST', VOICE_CHANGER)) - before;
    if (posts !== 0) throw new Error(`${posts} voice-changer POSTs after Escape, expected none`);
    // The player's editor goes (its group with it): later checks' screenshots have the width back.
    await tab.first().hover();
    await tab.first().locator('.codicon-close').click();
    await tab.first().waitFor({ state: 'detached', timeout: 5000 });
  },
};
