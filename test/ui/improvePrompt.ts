// UI check for issue 20's "Improve prompt" in the Generate panel, against the simulator: the button
// shows the chat call's price before anything is sent; pressed, the rewrite streams into the prompt
// field (one chat POST, the video model's caps and the form's duration in the request), the cost it
// settled at shows with Undo, and Undo restores the text written before. A stream cut halfway gives
// the field its text back and says why.
import type { Frame, Page } from 'playwright-core';
import type { UiCheck } from './checks';
import { waitForWebviewTheme, type ThemeKind } from './themes';
import { clickIfShown, findWebviewFrame, moveMouseAway, runCommandFromPalette, screenshot, startClean } from './workbench';
import { UI_MODEL } from './generate';

const CHAT = '/v1/chat/completions';
const WRITTEN = 'fox in snow';
const REWRITE = 'A red fox trots through fresh snow at dawn, low tracking shot, soft golden light, breath visible in the cold air.';

interface ChatPost {
  method: string;
  path: string;
  body?: { model?: string; messages?: Array<{ role: string; content: string }> };
}

async function simCall<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`simulator ${method} ${path} answered ${res.status}`);
  return (await res.json()) as T;
}

const chatPosts = async (base: string): Promise<ChatPost[]> =>
  (await simCall<{ data: ChatPost[] }>(base, 'GET', '/__sim/requests')).data.filter((r) => r.method === 'POST' && r.path === CHAT);

/** The video form, back from any task view an earlier check left showing. */
async function videoForm(page: Page): Promise<Frame> {
  await runCommandFromPalette(page, 'Airforce: Generate Video');
  const frame = await findWebviewFrame(page, '#f-form', 20_000);
  await clickIfShown(frame.locator('#task-view:not([hidden]) [data-action="new"], #t-new'));
  await frame.locator('#f-prompt').waitFor({ state: 'visible', timeout: 10_000 });
  return frame;
}

async function waitForText(frame: Frame, selector: string, test: RegExp, what: string, timeoutMs = 15_000): Promise<string> {
  return frame
    .waitForFunction(
      ([sel, source]) => {
        const el = document.querySelector<HTMLElement>(sel);
        const text = el instanceof HTMLTextAreaElement ? el.value : (el?.textContent ?? '');
        return new RegExp(source).test(text) ? text : undefined;
      },
      [selector, test.source] as const,
      { timeout: timeoutMs, polling: 50 },
    )
    .then((h) => h.jsonValue() as Promise<string>)
    .catch(async () => {
      const now = await frame.evaluate((sel) => {
        const el = document.querySelector<HTMLElement>(sel);
        return el instanceof HTMLTextAreaElement ? el.value : (el?.textContent ?? '(none)');
      }, selector);
      throw new Error(`${what}: ${selector} reads "${now}", expected ${test}`);
    });
}

export function improvePromptCheck(theme: ThemeKind): UiCheck {
  return {
    title: `Generate panel: Improve prompt streams a rewrite into the field with its cost, Undo restores it (${theme})`,
    timeoutMs: 90_000,
    async run({ page, resultsDir, log, simulatorUrl }) {
      if (!simulatorUrl) throw new Error('this check needs the simulator');
      await startClean(page);
      const frame = await videoForm(page);
      await waitForWebviewTheme(frame, theme);
      await frame.locator(`#f-model option[value="${UI_MODEL}"]`).waitFor({ state: 'attached', timeout: 20_000 });
      await frame.locator('#f-model').selectOption(UI_MODEL);
      await frame.locator('#f-prompt').fill(WRITTEN);
      // The price before anything is sent: the cheapest streaming chat model, at most a fraction of a cent.
      const price = await waitForText(frame, '#f-improve-price', /\$0\.\d+ .*gpt-4o-mini/, 'the Improve prompt price');
      log(`before: ${price}`);
      const before = (await chatPosts(simulatorUrl)).length;

      await simCall(simulatorUrl, 'POST', '/__sim/faults', { fault: 'chat-script', times: 1, param: `<think>keep it one shot</think>"${REWRITE}"`, match: { path: CHAT } });
      await frame.locator('#f-improve').click();
      await waitForText(frame, '#f-prompt', new RegExp(`^${REWRITE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), 'the rewrite in the prompt field');
      const note = await waitForText(frame, '#f-improve-note', /gpt-4o-mini.*\$0\.\d+/, 'the settled cost');
      await frame.locator('#f-improve-undo').waitFor({ state: 'visible', timeout: 5000 });
      log(`after: ${note}`);
      const posts = (await chatPosts(simulatorUrl)).slice(before);
      if (posts.length !== 1) throw new Error(`${posts.length} chat POSTs for one Improve prompt, expected 1`);
      const system = posts[0]!.body?.messages?.[0]?.content ?? '';
      const user = posts[0]!.body?.messages?.[1]?.content ?? '';
      if (!system.includes(`"${UI_MODEL}"`) || !/durations: \d+–\d+ s/.test(system)) throw new Error(`the request lacks the video model's caps: ${system}`);
      if (!user.includes(WRITTEN) || !/duration_seconds: \d+/.test(user)) throw new Error(`the request lacks the prompt or the form's duration: ${user}`);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-improve-prompt-${theme}.png`)}`);

      await frame.locator('#f-improve-undo').click();
      await waitForText(frame, '#f-prompt', new RegExp(`^${WRITTEN}$`), 'the text after Undo');

      // A stream cut halfway: the field keeps what was written, the note says why.
      await simCall(simulatorUrl, 'POST', '/__sim/faults', { fault: 'chat-cut', times: 1, param: 4, match: { path: CHAT } });
      await frame.locator('#f-improve').click();
      await waitForText(frame, '#f-improve-note', /broke off/, 'the cut stream');
      await waitForText(frame, '#f-prompt', new RegExp(`^${WRITTEN}$`), 'the text after a cut stream');
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-improve-cut-${theme}.png`)}`);
    },
  };
}
