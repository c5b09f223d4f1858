// UI check for a large upload from the Generate panel (issue 19): a 24 MiB WAV (a real header, so its
// length and price are known) transcribed while the simulator stalls the upload (its `upload-stall`
// fault: it stops reading after 64 KiB). The task view shows the upload's progress and "Cancel
// upload"; pressed, the upload stops, the task fails as cancelled and the simulator never answered the
// POST (nothing made, nothing billed). Screenshot of the progress in each theme.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UiCheck } from './checks';
import { chooseFile, openOperation, selectModel, waitForCost } from './operations';
import { SimControl } from './simControl';
import { waitForWebviewTheme, type ThemeKind } from './themes';
import { moveMouseAway, screenshot, startClean } from './workbench';

const TRANSCRIPTIONS = '/v1/audio/transcriptions';
/** Larger than every socket buffer on the way, so the stall reaches the sender. */
const BYTES = 24 * 1024 * 1024;

/** A WAV of silence: 8 kHz, 16-bit mono (its header gives the length the price needs). */
function largeWav(workspace: string): string {
  const file = path.join(workspace, 'long-take.wav');
  if (fs.existsSync(file)) return file;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + BYTES, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(BYTES, 40);
  fs.writeFileSync(file, Buffer.concat([header, Buffer.alloc(BYTES)]));
  return file;
}

export function uploadCancelCheck(theme: ThemeKind): UiCheck {
  return {
    title: `Generate panel upload: a 24 MiB file's progress under its task, Cancel upload stops it and nothing is billed (${theme})`,
    timeoutMs: 90_000,
    async run({ page, resultsDir, log, workspace, simulatorUrl }) {
      if (!simulatorUrl) throw new Error('this check needs the simulator');
      const file = largeWav(workspace);
      const sim = new SimControl(simulatorUrl);
      await startClean(page);
      const frame = await openOperation(page, 'transcribe');
      await waitForWebviewTheme(frame, theme);
      await selectModel(frame, 'whisper-1');
      await chooseFile(page, frame, file);
      log(`transcribe ${path.basename(file)}: ${await frame.locator('#o-file-details').textContent()}, ${await waitForCost(frame)}`);
      const before = (await sim.statuses('POST', TRANSCRIPTIONS)).length;
      await sim.fault('upload-stall', { method: 'POST', path: TRANSCRIPTIONS });
      try {
        await frame.locator('#o-generate').click();
        const cancel = frame.locator('#t-upload:not([hidden]) #t-cancel-upload');
        await cancel.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
          throw new Error(
            `no upload progress under the task (status: "${await frame.locator('#t-status').textContent()}", upload: "${await frame.locator('#t-upload').textContent()}")`,
          );
        });
        const shown = (await frame.locator('#t-upload-text').textContent()) ?? '';
        const pct = Number(await frame.locator('#t-upload-progress').getAttribute('aria-valuenow'));
        if (!/Uploading… \d+%/.test(shown) || !(pct < 100)) throw new Error(`the upload reads "${shown}" (${pct}), expected a percentage below 100`);
        log(`under the task: "${shown}", "${await cancel.textContent()}"`);
        await moveMouseAway(page);
        log(`screenshot: ${await screenshot(page, resultsDir, `panel-upload-progress-${theme}.png`)}`);
        await cancel.click();
        await frame.locator('#t-upload').waitFor({ state: 'hidden', timeout: 10_000 });
        const status = await frame
          .waitForFunction(() => (document.querySelector('#t-status')?.textContent === 'Failed' ? document.querySelector('#t-error')?.textContent : undefined), undefined, {
            timeout: 15_000,
            polling: 100,
          })
          .then((h) => h.jsonValue() as Promise<string>)
          .catch(async () => {
            throw new Error(`the cancelled task reads "${await frame.locator('#t-status').textContent()}", expected Failed`);
          });
        log(`after Cancel upload: Failed, "${status}"`);
        if (!/nothing was made or billed/.test(status)) throw new Error(`the cancelled task says "${status}", expected it to say nothing was made or billed`);
        if (!(await frame.locator('#t-try-again').isVisible())) throw new Error('no "Try again" on the cancelled upload (nothing was made: sending it anew is safe)');
        const statuses = (await sim.statuses('POST', TRANSCRIPTIONS)).slice(before);
        if (statuses.length !== 1) throw new Error(`${statuses.length} transcription POSTs reached the simulator, expected 1`);
        if (statuses[0] !== 0) throw new Error(`the simulator answered the cancelled upload with ${statuses[0]}: it may have been made and billed`);
        await moveMouseAway(page);
        log(`screenshot: ${await screenshot(page, resultsDir, `panel-upload-cancelled-${theme}.png`)}`);
      } finally {
        await sim.clearFaults();
      }
    },
  };
}
