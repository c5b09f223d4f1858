// The comparison grid's webview app, for real in headless Chromium: the page the host builds (same
// HTML and strict nonce CSP), the bundle built from source, acquireVsCodeApi faked, host messages
// posted into the page. The form asks for the price, names what a model lacks, sends tokens only;
// the grid draws one card per model, plays muted looping videos, restarts them together, Keep/Retry.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { CompareHostMessage, GroupView } from '../../../src/compare/constants';
import { compareStrings } from '../../../src/compare/host/strings';
import { buildPanelHtml } from '../../../src/webview/html';
import { MODELS } from '../../simulator/catalog';
import { fixturePath } from '../../simulator/resultBytes';
import { CONTROL_SELECTOR, describeUnseen, unseenControls } from '../../ui/visibility';
import { browserHarness, postedBy, postToPage, ROOT, SHOTS, skip, type Send } from '../webview/browser-helpers';

const NONCE = 'Y29tcGFyZS1ub25jZS0xMjM0';
const TOKEN = 'img:CCCCCCCCCCCCCCCCCCCCCCCC';
const THEMES: Record<string, string> = {
  dark: '--vscode-foreground:#cccccc;--vscode-editor-background:#1f1f1f;--vscode-descriptionForeground:#9d9d9d;--vscode-button-background:#0078d4;--vscode-button-foreground:#fff;--vscode-button-secondaryBackground:#313131;--vscode-button-secondaryForeground:#ccc;--vscode-input-background:#313131;--vscode-input-foreground:#ccc;--vscode-focusBorder:#0078d4;--vscode-widget-border:#3c3c3c;--vscode-errorForeground:#f85149;--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;',
  // Light+: no --vscode-input-border or --vscode-widget-border; dropdowns have #cecece.
  lightplus:
    '--vscode-foreground:#616161;--vscode-editor-background:#ffffff;--vscode-descriptionForeground:#717171;--vscode-button-background:#007acc;--vscode-button-foreground:#fff;--vscode-button-secondaryBackground:#5f6a79;--vscode-button-secondaryForeground:#fff;--vscode-input-background:#fff;--vscode-input-foreground:#616161;--vscode-dropdown-background:#fff;--vscode-dropdown-border:#cecece;--vscode-focusBorder:#0090f1;--vscode-errorForeground:#a1260d;--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;',
  light:
    '--vscode-foreground:#3b3b3b;--vscode-editor-background:#ffffff;--vscode-descriptionForeground:#3b3b3b;--vscode-button-background:#005fb8;--vscode-button-foreground:#fff;--vscode-button-secondaryBackground:#e5e5e5;--vscode-button-secondaryForeground:#3b3b3b;--vscode-input-background:#fff;--vscode-input-foreground:#3b3b3b;--vscode-input-border:#cecece;--vscode-focusBorder:#005fb8;--vscode-widget-border:#e5e5e5;--vscode-errorForeground:#be1100;--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;',
};

const harness = browserHarness({
  entry: 'src/compare/app/main.ts',
  viewport: { width: 900, height: 760 },
  args: ['--autoplay-policy=no-user-gesture-required'],
  serve: (url: URL, send: Send): boolean => {
    const base = harness.base();
    if (url.pathname === '/') {
      const html = buildPanelHtml({
        cspSource: base,
        nonce: NONCE,
        scriptUri: `${base}/compare.js`,
        styleUris: [`${base}/theme.css?name=${url.searchParams.get('theme') ?? 'dark'}`, `${base}/base.css`, `${base}/compare.css`],
        title: 'Airforce: Compare Models',
        lang: 'en',
        settings: { strings: compareStrings({ t: (m: string) => m }) },
      });
      send('text/html', html);
    } else if (url.pathname === '/compare.js') send('text/javascript', harness.bundle());
    else if (url.pathname === '/compare.css' || url.pathname === '/base.css') send('text/css', readFileSync(path.join(ROOT, 'media', url.pathname.slice(1))));
    else if (url.pathname === '/theme.css') send('text/css', `html{${THEMES[url.searchParams.get('name') ?? 'dark']}}`);
    else if (url.pathname.startsWith('/video')) send('video/mp4', readFileSync(fixturePath('sample.mp4')));
    else return false;
    return true;
  },
});

describe('comparison grid app (headless Chromium)', { skip }, () => {
  harness.use();
  let base = '';
  let page: Page;

  before(() => {
    base = harness.base();
    page = harness.page();
    assert.ok(!/zod/.test(harness.bundle()), 'zod stays out of the webview bundle');
  });

  async function open(theme = 'dark', state?: unknown): Promise<void> {
    await harness.navigate(theme, state);
  }
  // Resolves once the page has handled the message.
  const send = (m: CompareHostMessage): Promise<void> => postToPage(page, m);
  const posted = (): Promise<Array<Record<string, unknown>>> => postedBy(page);
  const lastOf = async (type: string) => (await posted()).filter((m) => m.type === type).at(-1);

  async function hostReady(): Promise<void> {
    await send({ type: 'init', confirmCostAboveCents: 500, imageTokens: [TOKEN] });
    await send({ type: 'models', models: MODELS as never });
  }

  test('the form: models of the kind, prices after the check, what a model lacks, tokens only on Compare', async () => {
    await open();
    assert.deepEqual((await posted())[0], { type: 'ready' });
    await hostReady();
    for (const id of ['wan-2.6', 'seedance-lite']) await page.locator(`#c-models input[data-model="${id}"]`).check();
    assert.equal(await page.locator('#c-models input[data-model="flux-2-dev"]').count(), 0, 'an image model is not offered for video');
    await page.locator('#c-prompt').fill('A fox');
    await page.locator('#c-duration').selectOption('5');
    await send({ type: 'image', image: { source: TOKEN, label: 'fox.png' } });
    assert.match(await page.locator('#c-notes').innerText(), /Input image not supported by seedance-lite/);
    // The check of the finished form (earlier ones, sent while it was being filled in, do not count).
    const check = await page.waitForFunction(() =>
      (window as unknown as { __posted: Array<{ type: string; form?: { image?: string; duration_seconds?: number } }> }).__posted
        .filter((m) => m.type === 'check' && m.form?.image !== undefined && m.form.duration_seconds === 5)
        .at(-1),
    );
    const asked = (await check.jsonValue()) as unknown as { seq: number; form: Record<string, unknown> };
    assert.deepEqual(asked.form, { kind: 'video', models: ['wan-2.6', 'seedance-lite'], prompt: 'A fox', duration_seconds: 5, image: TOKEN });
    await send({
      type: 'checked',
      seq: asked.seq,
      ok: true,
      estimates: [
        { model: 'wan-2.6', cents: 200 },
        { model: 'seedance-lite', cents: 25 },
      ],
      totalCents: 225,
    });
    assert.equal(await page.locator('#c-total').innerText(), 'Total estimated cost: {0}'.replace('{0}', '$2.25'));
    assert.equal(await page.locator('[data-price="wan-2.6"]').innerText(), '≈ $2.00');
    await page.screenshot({ path: path.join(SHOTS, 'compare-app-form-dark.png') });
    await page.locator('#c-submit').click();
    assert.deepEqual(await lastOf('compare'), { type: 'compare', form: asked.form });
  });

  test('fh#3 Light+ (no input border): the prompt, the selects and the buttons of the form stand out from the page', async () => {
    await open('lightplus');
    await hostReady();
    for (const id of ['wan-2.6', 'seedance-lite']) await page.locator(`#c-models input[data-model="${id}"]`).check();
    const unseen = await page.evaluate(unseenControls, { rootSelector: '#c-form', selector: CONTROL_SELECTOR, minDiff: 12 });
    const found = describeUnseen('compare form', unseen);
    await page.screenshot({ path: path.join(SHOTS, 'compare-app-form-lightplus.png') });
    assert.deepEqual(found, [], found.join('\n'));
  });

  test('fh#5 a fresh form shows no error before the person acts; one ticked model asks for a second', async () => {
    await open();
    await hostReady();
    await page.locator('#c-models input[data-model="wan-2.6"]').waitFor();
    assert.equal(await page.locator('#c-error').innerText(), '');
    assert.equal(await page.locator('#c-error').isVisible(), false);
    assert.equal(await page.locator('#c-submit').isDisabled(), true);
    await page.locator('#c-models input[data-model="wan-2.6"]').check();
    assert.equal(await page.locator('#c-error').innerText(), 'Pick at least 2 models.');
  });

  test('a refused check shows its message and Compare stays off; fewer than two models asks for more', async () => {
    await open();
    await hostReady();
    await page.locator('#c-models input[data-model="wan-2.6"]').check();
    await page.locator('#c-prompt').fill('x');
    assert.equal(await page.locator('#c-error').innerText(), 'Pick at least 2 models.');
    assert.equal(await page.locator('#c-submit').isDisabled(), true);
    await page.locator('#c-models input[data-model="seedance-lite"]').check();
    const check = (await (
      await page.waitForFunction(() =>
        (window as unknown as { __posted: Array<{ type: string; form?: { models: string[] } }> }).__posted.filter((m) => m.type === 'check' && m.form?.models.length === 2).at(-1),
      )
    ).jsonValue()) as unknown as { seq: number };
    await send({ type: 'checked', seq: check.seq, ok: false, model: 'seedance-lite', message: 'seedance-lite: duration_seconds must be a whole number between 4 and 8 seconds' });
    assert.match(await page.locator('#c-error').innerText(), /seedance-lite: duration_seconds/);
    assert.equal(await page.locator('#c-submit').isDisabled(), true);
  });

  const running = (over: Partial<GroupView> = {}): GroupView => ({
    id: 'g1',
    kind: 'video',
    prompt: 'A fox running through fresh snow',
    cards: [
      {
        model: 'wan-2.6',
        unsupported: [],
        canRetry: false,
        canKeep: false,
        job: { localId: 'a', status: 'processing', progress: 35, startedAt: Date.now() - 65_000, estimateCents: 200, kept: false, files: [] },
      },
      {
        model: 'kling-1',
        unsupported: [],
        canRetry: false,
        canKeep: false,
        job: { localId: 'b', status: 'queued', progress: 0, startedAt: Date.now() - 20_000, estimateCents: 140, kept: false, files: [] },
      },
      {
        model: 'seedance-lite',
        unsupported: ['aspect_ratio'],
        canRetry: true,
        canKeep: false,
        job: {
          localId: 'c',
          status: 'failed',
          progress: 0,
          startedAt: Date.now() - 30_000,
          endedAt: Date.now() - 10_000,
          estimateCents: 25,
          error: 'The provider refused the prompt',
          kept: false,
          files: [],
        },
      },
    ],
    ...over,
  });
  const finished = (): GroupView => ({
    ...running(),
    cards: ['wan-2.6', 'kling-1', 'seedance-lite'].map((model, i) => ({
      model,
      unsupported: [],
      canRetry: false,
      canKeep: true,
      job: {
        localId: `j${i}`,
        status: 'completed',
        progress: 100,
        startedAt: Date.now() - 90_000,
        endedAt: Date.now() - 5_000 * i,
        estimateCents: 200,
        settledCents: 180 + i,
        kept: i === 1,
        files: [{ uri: `${base}/video${i}.mp4`, name: `fox-${i}.mp4`, media: 'video' }],
      },
    })),
  });

  for (const theme of ['dark', 'light']) {
    test(`the grid (${theme}): running cards with progress, clock, estimate; then finished, muted, looping, in sync, kept`, async () => {
      await open(theme);
      await hostReady();
      await send({ type: 'group', group: running(), reveal: true });
      await page.locator('#grid-view:not([hidden]) .g-card').first().waitFor();
      assert.equal(await page.locator('#form-view').isHidden(), true);
      const wan = page.locator('.g-card[data-model="wan-2.6"]');
      assert.equal(await wan.locator('.g-status').innerText(), 'Processing 35%');
      assert.match(await wan.locator('.g-elapsed').innerText(), /^Elapsed 1:0[5-7]$/);
      assert.equal(await wan.locator('.g-cost').innerText(), 'Estimated $2.00');
      const failed = page.locator('.g-card[data-model="seedance-lite"]');
      assert.equal(await failed.locator('[data-action="retry"]').count(), 1);
      assert.equal(await wan.locator('[data-action="retry"]').count(), 0, 'Retry only on failed cards');
      assert.match(await failed.locator('.g-notes').innerText(), /Aspect ratio not supported by seedance-lite/);
      await page.screenshot({ path: path.join(SHOTS, `compare-app-running-${theme}.png`) });
      await failed.locator('[data-action="retry"]').click();
      assert.deepEqual(await lastOf('retry'), { type: 'retry', model: 'seedance-lite' });

      await send({ type: 'group', group: finished(), reveal: false });
      await page.waitForFunction(() => [...document.querySelectorAll('video')].length === 3 && [...document.querySelectorAll('video')].every((v) => v.readyState >= 2));
      assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('video')].map((v) => v.muted && v.loop)), [true, true, true]);
      assert.equal(await page.locator('.g-card[data-model="kling-1"] .g-cost').innerText(), 'Cost $1.81');
      assert.equal(await page.locator('.g-card.is-kept').getAttribute('data-model'), 'kling-1');
      assert.equal(await page.locator('.g-card[data-model="kling-1"] [data-action="keep"]').count(), 0, 'the kept card offers no Keep');
      const first = await page.locator('video').first().elementHandle();
      // A progress update does not rebuild a playing video.
      await send({ type: 'group', group: finished(), reveal: false });
      assert.equal(await page.evaluate((v) => v === document.querySelector('video'), first), true);

      await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
      await page.locator('#g-sync').check();
      const times = await page.evaluate(() => [...document.querySelectorAll('video')].map((v) => v.currentTime));
      assert.ok(Math.max(...times) < 0.3, `Play in sync restarted every video (${times.join(', ')})`);
      assert.equal(await page.evaluate(() => (window as unknown as { __state: { sync: boolean; groupId: string } }).__state.groupId), 'g1');

      await page.locator('.g-card[data-model="wan-2.6"] [data-action="keep"]').click();
      assert.deepEqual(await lastOf('keep'), { type: 'keep', localId: 'j0' });
      await page.locator('.g-card[data-model="wan-2.6"] [data-action="open"]').click();
      assert.deepEqual(await lastOf('openFile'), { type: 'openFile', localId: 'j0' });
      await page.evaluate(() => document.querySelectorAll('video').forEach((v) => v.pause()));
      await page.screenshot({ path: path.join(SHOTS, `compare-app-finished-${theme}.png`) });
    });
  }

  test('after a reload the saved state shows the grid again, and Compare again asks the host for the form', async () => {
    await open('dark', { view: 'grid', groupId: 'g1', group: finished(), sync: false, form: { kind: 'video', models: [], prompt: '' } });
    await hostReady();
    assert.equal(await page.locator('#grid-view').isHidden(), false);
    await page.locator('#g-again').click();
    assert.deepEqual(await lastOf('compareAgain'), { type: 'compareAgain' });
    await send({ type: 'prefill', form: { kind: 'image', models: ['flux-2-dev', 'imagen-4'], prompt: 'A lemon', n: 2 } });
    assert.equal(await page.locator('#form-view').isHidden(), false);
    assert.equal(await page.locator('#c-kind-image').isChecked(), true);
    assert.equal(await page.locator('#c-prompt').inputValue(), 'A lemon');
    assert.equal(await page.locator('#c-n').inputValue(), '2');
    assert.match(await page.locator('#c-notes').innerText(), /Image count not supported by imagen-4/);
  });

  test('Improve prompt: for the first chosen model, streams into the prompt, Compare waits; Undo restores it', async () => {
    await open('lightplus');
    await hostReady();
    await send({ type: 'promptHelp', model: 'gpt-4o-mini', baseCents: 0.06, perCharCents: 0.0001 });
    assert.equal(await page.locator('#c-improve').isDisabled(), true, 'no model chosen yet');
    for (const id of ['wan-2.6', 'seedance-lite']) await page.locator(`#c-models input[data-model="${id}"]`).check();
    await page.locator('#c-prompt').fill('fox');
    await page.locator('#c-duration').selectOption('5');
    assert.match(await page.locator('#c-improve-price').innerText(), /^Up to \$0\.0006 with gpt-4o-mini$/);
    await page.locator('#c-improve').click();
    assert.deepEqual(await lastOf('improvePrompt'), { type: 'improvePrompt', kind: 'video', model: 'wan-2.6', prompt: 'fox', choices: { duration_seconds: 5 } });
    await send({ type: 'improveDelta', kind: 'video', text: 'A red fox' });
    assert.equal(await page.locator('#c-prompt').inputValue(), 'A red fox');
    assert.equal(await page.locator('#c-submit').isDisabled(), true, 'Compare waits for the rewrite');
    await send({ type: 'improveDone', kind: 'video', text: 'A red fox running through snow', model: 'gpt-4o-mini', cents: 0.02 });
    assert.equal(await page.locator('#c-prompt').inputValue(), 'A red fox running through snow');
    assert.equal(await page.locator('#c-improve-note').innerText(), 'Rewritten by gpt-4o-mini for $0.0002.');
    await page.mouse.move(800, 700); // the harness's theme has no hover colour for secondary buttons
    await page.screenshot({ path: path.join(SHOTS, 'compare-app-improve-lightplus.png') });
    await page.locator('#c-improve-undo').click();
    assert.equal(await page.locator('#c-prompt').inputValue(), 'fox');
  });
});
