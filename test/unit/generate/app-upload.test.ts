// A large upload under its task in headless Chromium: the host's `uploadProgress` shows as a labelled
// progress bar with "Cancel upload" while bytes are being sent; Cancel asks the host once; the bar
// goes once the last byte is out or the task ends, and never shows under another task.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { AppMessage, HostMessage, JobView } from '../../../src/generate/protocol';
import { SHOTS, ready, send, skip, useAppHarness } from './app-helpers';

const MIB = 1024 * 1024;
const TASK: JobView = {
  localId: 'op9',
  kind: 'transcribe',
  status: 'processing',
  progress: 0,
  model: 'whisper-1',
  prompt: 'long-take.wav',
  startedAt: Date.now() - 2000,
};

describe('webview app: a large upload under its task', { skip }, () => {
  useAppHarness();

  it('shows the progress and Cancel upload while sending; Cancel asks the host once', async () => {
    const { page, posted } = await ready('dark', 500, { kind: 'transcribe' });
    await send(page, { type: 'task', task: TASK, reveal: true } satisfies HostMessage);
    assert.equal(await page.isVisible('#t-upload'), false);
    await send(page, { type: 'uploadProgress', localId: 'op9', sent: 6 * MIB, total: 24 * MIB });
    assert.equal(await page.isVisible('#t-upload'), true);
    assert.equal(await page.textContent('#t-upload-text'), 'Uploading… 25%');
    assert.equal(await page.getAttribute('#t-upload-progress', 'aria-valuenow'), '25');
    assert.equal(await page.getAttribute('#t-upload-progress', 'role'), 'progressbar');
    assert.equal(await page.textContent('#t-cancel-upload'), 'Cancel upload');
    assert.match((await page.textContent('#t-upload-hint')) ?? '', /bills nothing/);
    await page.screenshot({ path: path.join(SHOTS, 'webview-upload-dark.png'), fullPage: true });
    await page.click('#t-cancel-upload');
    assert.equal(await page.isDisabled('#t-cancel-upload'), true);
    const cancels = (await posted()).filter((m: AppMessage) => m.type === 'cancelUpload');
    assert.deepEqual(cancels, [{ type: 'cancelUpload', localId: 'op9' }]);
    // The host stopped it: the task fails, and the bar goes.
    await send(page, {
      type: 'task',
      task: { ...TASK, status: 'failed', error: 'Upload cancelled before its last byte was sent: nothing was made or billed.', endedAt: Date.now() },
      reveal: false,
    } satisfies HostMessage);
    assert.equal(await page.isVisible('#t-upload'), false);
    // "Try again": running again, the old progress is not shown until the new upload reports.
    await send(page, { type: 'task', task: TASK, reveal: false } satisfies HostMessage);
    assert.equal(await page.isVisible('#t-upload'), false);
    await send(page, { type: 'uploadProgress', localId: 'op9', sent: 0, total: 24 * MIB });
    assert.equal(await page.textContent('#t-upload-text'), 'Uploading… 0%');
    assert.equal(await page.isDisabled('#t-cancel-upload'), false, 'a new upload can be cancelled again');
  });

  it('goes once the last byte is out, and never shows under another task', async () => {
    const { page } = await ready('lightplus', 500, { kind: 'transcribe' });
    await send(page, { type: 'task', task: TASK, reveal: true } satisfies HostMessage);
    await send(page, { type: 'uploadProgress', localId: 'op9', sent: 12 * MIB, total: 24 * MIB });
    assert.equal(await page.isVisible('#t-upload'), true);
    await send(page, { type: 'uploadProgress', localId: 'op9', sent: 24 * MIB, total: 24 * MIB });
    assert.equal(await page.isVisible('#t-upload'), false);
    assert.equal(await page.textContent('#t-status'), 'Generating');
    await send(page, { type: 'uploadProgress', localId: 'other', sent: 1 * MIB, total: 24 * MIB });
    assert.equal(await page.isVisible('#t-upload'), false);
  });
});
