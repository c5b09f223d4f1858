// UI checks for the kinds beside video (issue 8): the Generate panel switched to Image makes two
// images whose thumbnails show, and "Animate this image" opens the video form with that picture as
// the first frame and its own prompt (the chain); Speech with a voice plays by itself in an <audio>
// element after Generate; the Models view lists all five groups. Each drives the real workbench
// against the simulator.
import type { Frame, Page } from 'playwright-core';
import type { UiCheck } from './checks';
import { SimControl } from './simControl';
import { waitForWebviewTheme, type ThemeKind } from './themes';
import { clickIfShown, findWebviewFrame, moveMouseAway, openViewContainer, runCommandFromPalette, screenshot, startClean, viewHeader, waitForSideBarIdle } from './workbench';

/** The simulator's image model that makes up to four images per request. */
export const UI_IMAGE_MODEL = 'flux-2-dev';
export const UI_SPEECH_MODEL = 'eleven-tts-v3';
const IMAGE_COUNT = 2;

/** Opens the panel with a kind's command and returns its frame once that kind's form shows. */
async function openKind(page: Page, command: string, kind: string): Promise<Frame> {
  await runCommandFromPalette(page, command);
  const frame = await findWebviewFrame(page, `#k-${kind}[aria-selected="true"]`, 20_000).catch(() => {
    throw new Error(`"${command}" did not open the panel on its ${kind} form (no selected #k-${kind} tab)`);
  });
  // The panel may still show an earlier result: go back to the form of this kind.
  await clickIfShown(frame.locator('#task-view:not([hidden]) [data-action="new"], #t-new'));
  await frame.locator('#m-prompt').waitFor({ state: 'visible', timeout: 10_000 });
  return frame;
}

async function selectModel(frame: Frame, model: string): Promise<void> {
  await frame.locator(`#m-model option[value="${model}"]`).waitFor({ state: 'attached', timeout: 20_000 });
  await frame.locator('#m-model').selectOption(model);
}

/** Sets a field that may be a select or an input. */
async function setField(frame: Frame, selector: string, value: string): Promise<void> {
  const el = frame.locator(selector);
  const tag = await el.evaluate((e) => e.tagName);
  if (tag === 'SELECT') await el.selectOption(value);
  else await el.fill(value);
}

/** Waits for the cost line to show a dollar figure (or says what it shows instead). */
async function waitForCost(frame: Frame): Promise<string> {
  return frame
    .waitForFunction(
      () => {
        const t = document.querySelector('#m-cost')?.textContent?.trim() ?? '';
        return /\$\d+\.\d\d/.test(t) ? t : undefined;
      },
      undefined,
      { timeout: 5000 },
    )
    .then((h) => h.jsonValue() as Promise<string>)
    .catch(async () => {
      throw new Error(`the cost line reads "${await frame.locator('#m-cost').textContent()}", expected a price before Generate`);
    });
}

export function imageKindCheck(theme: ThemeKind, prompt: string): UiCheck {
  return {
    title: `Generate panel on Image: two images as thumbnails, "Animate this image" opens the video form with it (${theme})`,
    timeoutMs: 90_000,
    async run({ page, resultsDir, log, simulatorUrl }) {
      if (!simulatorUrl) throw new Error('this check needs the simulator');
      await startClean(page);
      const frame = await openKind(page, 'Airforce: Generate Image', 'image');
      await waitForWebviewTheme(frame, theme);
      await selectModel(frame, UI_IMAGE_MODEL);
      await frame.locator('#m-prompt').fill(prompt);
      await setField(frame, '#m-n', String(IMAGE_COUNT));
      const cost = await waitForCost(frame);
      log(`image form: ${UI_IMAGE_MODEL}, n=${IMAGE_COUNT}, ${cost}`);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-image-form-${theme}.png`)}`);

      const sim = new SimControl(simulatorUrl);
      const before = await sim.requestCount('POST', '/v1/images/generations');
      await frame.locator('#m-generate').click();
      // Both thumbnails show real pictures (a broken image has naturalWidth 0).
      const sizes = await frame
        .waitForFunction(
          (count) => {
            const imgs = [...document.querySelectorAll<HTMLImageElement>('#r-grid img.r-thumb')];
            if (imgs.length !== count || !imgs.every((i) => i.complete && i.naturalWidth > 0)) return undefined;
            return imgs.map((i) => `${i.naturalWidth}×${i.naturalHeight}`);
          },
          IMAGE_COUNT,
          { timeout: 30_000, polling: 100 },
        )
        .then((h) => h.jsonValue() as Promise<string[]>)
        .catch(async () => {
          const n = await frame.locator('#r-grid img.r-thumb').count();
          throw new Error(`the result grid shows ${n} loaded thumbnails, expected ${IMAGE_COUNT}`);
        });
      const posts = (await sim.requestCount('POST', '/v1/images/generations')) - before;
      if (posts !== 1) throw new Error(`${posts} image POSTs reached the simulator for one Generate, expected 1`);
      log(`thumbnails: ${sizes.join(', ')}`);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-image-result-${theme}.png`)}`);

      // The chain: the first image becomes the video's first frame.
      await frame.locator('[data-action="animate"][data-index="0"]').click();
      const video = await findWebviewFrame(page, '#form-view:not([hidden]) #f-mode-image:checked', 15_000).catch(() => {
        throw new Error('"Animate this image" did not open the video form in image mode');
      });
      const thumb = video.locator('#f-thumbs li.thumb img');
      await thumb.first().waitFor({ state: 'visible', timeout: 10_000 });
      const loaded = await video
        .waitForFunction(
          () => {
            const img = document.querySelector<HTMLImageElement>('#f-thumbs li.thumb img');
            return !!img && img.complete && img.naturalWidth > 0;
          },
          undefined,
          { timeout: 10_000 },
        )
        .then(() => true)
        .catch(() => false);
      if (!loaded) throw new Error('the video form shows the animated image without a picture');
      if ((await video.locator('#f-thumbs li.thumb').count()) !== 1) throw new Error('the video form should hold exactly the one image');
      // fh#4: the picture's own prompt, never the video form's earlier one.
      const videoPrompt = await video.locator('#f-prompt').inputValue();
      if (videoPrompt !== prompt) throw new Error(`fh#4 the video form's prompt is "${videoPrompt}", expected the image's own "${prompt}"`);
      log('video form in image mode with the generated image and its prompt');
    },
  };
}

export function speechKindCheck(theme: ThemeKind, text: string): UiCheck {
  return {
    title: `Generate panel on Speech: a voice, its preview, and the result playing in an <audio> element (${theme})`,
    timeoutMs: 90_000,
    async run({ page, resultsDir, log }) {
      await startClean(page);
      const frame = await openKind(page, 'Airforce: Generate Speech', 'speech');
      await waitForWebviewTheme(frame, theme);
      await selectModel(frame, UI_SPEECH_MODEL);
      const voice = frame.locator('#m-voice');
      await frame.locator('#m-voice option[value]:not([value=""])').first().waitFor({ state: 'attached', timeout: 20_000 });
      const voiceId =
        (await frame.locator('#m-voice option[value]:not([value=""])').nth(1).getAttribute('value')) ??
        (await frame.locator('#m-voice option[value]:not([value=""])').first().getAttribute('value'));
      if (!voiceId) throw new Error('the voice list is empty');
      await voice.selectOption(voiceId);
      await frame.locator('#m-prompt').fill(text);
      const cost = await waitForCost(frame);
      log(`speech form: ${UI_SPEECH_MODEL}, voice ${voiceId}, ${cost}`);

      // The preview: the host downloads it and the panel plays it.
      await frame.locator('#m-voice-preview').click();
      await frame
        .waitForFunction(() => [...document.querySelectorAll<HTMLAudioElement>('audio')].some((a) => !!a.src && a.readyState >= 1 && !a.error), undefined, { timeout: 15_000 })
        .catch(() => {
          throw new Error('the voice preview did not load in an <audio> element');
        });
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-speech-form-${theme}.png`)}`);

      await frame.locator('#m-generate').click();
      const audio = frame.locator('#r-audio');
      await audio.waitFor({ state: 'visible', timeout: 30_000 });
      await frame
        .waitForFunction(
          () => {
            const a = document.querySelector<HTMLAudioElement>('#r-audio');
            return !!a && a.readyState >= 1 && !a.error && a.duration > 0;
          },
          undefined,
          { timeout: 15_000 },
        )
        .catch(async () => {
          const s = await audio.evaluate((a: HTMLAudioElement) => `src ${a.src ? 'set' : 'empty'}, readyState ${a.readyState}, error ${a.error?.code ?? 'none'}`);
          throw new Error(`the speech result does not load in the <audio> element (${s})`);
        });
      // fh#4: it plays by itself, once, after the Generate the person pressed (the clock moves).
      const played = await frame
        .waitForFunction(
          () => {
            const a = document.querySelector<HTMLAudioElement>('#r-audio');
            return a && !a.paused && a.currentTime > 0 ? { duration: a.duration } : undefined;
          },
          undefined,
          { timeout: 10_000, polling: 50 },
        )
        .then((h) => h.jsonValue() as Promise<{ duration: number }>)
        .catch(async () => {
          const s = await audio.evaluate((a: HTMLAudioElement) => `paused ${a.paused}, currentTime ${a.currentTime}`);
          throw new Error(`fh#4 the speech result does not start playing by itself (${s})`);
        });
      log(`speech plays by itself: ${played.duration.toFixed(2)} s`);
      await audio.evaluate((a: HTMLAudioElement) => {
        a.pause();
        a.currentTime = 0;
      });
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-speech-result-${theme}.png`)}`);
    },
  };
}

/** The Models view groups every kind the key can make (no "coming later"). */
export const modelGroupsCheck: UiCheck = {
  title: 'Models view shows the five groups: Video, Image, Speech, Music, Sound effects',
  async run({ page, resultsDir, log }) {
    await startClean(page);
    await openViewContainer(page, 'Airforce');
    await viewHeader(page, 'Models').first().waitFor({ state: 'visible', timeout: 20_000 });
    await waitForSideBarIdle(page);
    const want = ['Video', 'Image', 'Speech', 'Music', 'Sound effects'];
    const rows = page.locator('.part.sidebar .monaco-list-row .label-name');
    const deadline = Date.now() + 15_000;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      labels = (await rows.allTextContents()).map((t) => t.trim());
      if (want.every((w) => labels.includes(w))) break;
      await page.waitForTimeout(250);
    }
    const missing = want.filter((w) => !labels.includes(w));
    if (missing.length > 0) throw new Error(`the Models view lacks ${missing.join(', ')}; it shows: ${labels.join(', ')}`);
    if (labels.some((l) => /coming later/i.test(l))) throw new Error('the Models view still says "coming later"');
    await moveMouseAway(page);
    log(`screenshot: ${await screenshot(page, resultsDir, 'models-groups.png')}`);
  },
};
