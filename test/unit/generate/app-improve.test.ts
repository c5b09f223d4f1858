// Improve prompt in the real app (headless Chromium, same harness as app.test.ts): the price beside
// the button grows with the prompt; pressing it sends the kind, model, prompt and the form's choices;
// the rewrite streams into the field (read-only meanwhile, Cancel shown); Undo restores the text
// before; a failure gives the field its text back with the reason, and Try again when it is safe.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { AppMessage } from '../../../src/generate/protocol';
import { SHOTS, ready, send, skip, useAppHarness } from './app-helpers';

const OFFER = { type: 'promptHelp', model: 'gpt-4o-mini', baseCents: 0.06, perCharCents: 0.0001 } as const;
const asks = (posted: AppMessage[]) => posted.filter((m) => m.type === 'improvePrompt');

describe('webview app: Improve prompt', { skip }, () => {
  useAppHarness();

  it('prices the call by the prompt, streams the rewrite in, and Undo restores the text before', async () => {
    const { page, posted } = await ready('dark', 500, { kind: 'video' });
    assert.equal(await page.isDisabled('#f-improve'), true, 'no chat model offered yet');
    await send(page, OFFER);
    await page.fill('#f-prompt', 'fox in snow');
    assert.equal(await page.textContent('#f-improve-price'), `Up to $${((0.06 + 11 * 0.0001) / 100).toFixed(4)} with gpt-4o-mini`);
    await page.click('#f-improve');
    const [ask] = asks(await posted());
    assert.equal(ask?.type, 'improvePrompt');
    if (ask?.type !== 'improvePrompt') return;
    assert.equal(ask.kind, 'video');
    assert.equal(ask.prompt, 'fox in snow');
    assert.equal(typeof ask.choices.duration_seconds, 'number');
    assert.equal('prompt' in ask.choices || 'model' in ask.choices, false);

    await send(page, { type: 'improveDelta', kind: 'video', text: 'A red fox' });
    assert.equal(await page.inputValue('#f-prompt'), 'A red fox');
    assert.equal(await page.getAttribute('#f-prompt', 'readonly'), '');
    assert.equal(await page.isVisible('#f-improve-cancel'), true);
    assert.equal(await page.textContent('#f-improve'), 'Improving…');
    assert.equal(await page.isDisabled('#f-generate'), true, 'Generate waits for the rewrite');
    assert.match((await page.textContent('#f-improve-price')) ?? '', /^Up to \$0\.0006 /, 'the price of the call that runs');
    await page.screenshot({ path: path.join(SHOTS, 'webview-improve-streaming-dark.png'), fullPage: true });
    await send(page, { type: 'improveDone', kind: 'video', text: 'A red fox trots through fresh snow at dawn', model: 'gpt-4o-mini', cents: 0.012 });
    assert.equal(await page.inputValue('#f-prompt'), 'A red fox trots through fresh snow at dawn');
    assert.equal(await page.getAttribute('#f-prompt', 'readonly'), null);
    assert.equal(await page.isDisabled('#f-generate'), false);
    assert.equal(await page.textContent('#f-improve-note'), 'Rewritten by gpt-4o-mini for $0.0001.');
    assert.equal(await page.isVisible('#f-improve-undo'), true);
    await page.click('#f-improve-undo');
    assert.equal(await page.inputValue('#f-prompt'), 'fox in snow');
    assert.equal(await page.isVisible('#f-improve-undo'), false);
  });

  it('Cancel asks the host to stop; a failure restores the text and offers Try again when safe', async () => {
    const { page, posted } = await ready('lightplus', 500, { kind: 'image' });
    await send(page, OFFER);
    await page.fill('#m-prompt', 'a lighthouse');
    await page.click('#m-improve');
    await send(page, { type: 'improveDelta', kind: 'image', text: 'A lighthouse on a cl' });
    await page.click('#m-improve-cancel');
    assert.ok((await posted()).some((m) => m.type === 'cancelImprove'));
    await send(page, { type: 'improveFailed', kind: 'image' });
    assert.equal(await page.inputValue('#m-prompt'), 'a lighthouse');
    assert.equal(await page.textContent('#m-improve-note'), '');

    await page.click('#m-improve');
    await send(page, { type: 'improveFailed', kind: 'image', message: 'The chat model answered with nothing (nothing was billed).', retry: true });
    assert.equal(await page.inputValue('#m-prompt'), 'a lighthouse');
    assert.equal(await page.textContent('#m-improve-note'), 'The chat model answered with nothing (nothing was billed).');
    assert.equal(await page.isVisible('#m-improve-retry'), true);
    await page.screenshot({ path: path.join(SHOTS, 'webview-improve-failed-lightplus.png'), fullPage: true });
    await page.click('#m-improve-retry');
    assert.equal(asks(await posted()).length, 3);
  });

  it('says why prompt help is unavailable, with the button disabled', async () => {
    const { page } = await ready('light', 500, { kind: 'video' });
    await send(page, { type: 'promptHelp', problem: 'The model list has no chat model that can stream.' });
    assert.equal(await page.isDisabled('#f-improve'), true);
    assert.equal(await page.textContent('#f-improve-note'), 'The model list has no chat model that can stream.');
  });
});
