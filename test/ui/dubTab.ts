// UI check for the Dub tab of the Generate panel (issue 19), on the real workbench against the
// simulator: tone.wav chosen through "Choose file…", its price shown, Generate waiting for the target
// language until one is chosen; Generate sends one dubbing create, the task view follows the job
// (its status and the server's dubbing id) and the dubbed track plays in the panel. Screenshots of
// the form and the result in each theme (the README's).
import type { UiCheck } from './checks';
import { chooseFile, openOperation, selectModel, waitForCost, workspaceFile } from './operations';
import { SimControl } from './simControl';
import { waitForWebviewTheme, type ThemeKind } from './themes';
import { moveMouseAway, screenshot, startClean } from './workbench';

const UI_DUB_MODEL = 'eleven-dubbing-v1';
const DUBBING = '/v1/audio/dubbing';

export function dubCheck(theme: ThemeKind): UiCheck {
  return {
    title: `Generate panel on Dub: tone.wav priced, the target language asked for, the job followed and its track plays (${theme})`,
    timeoutMs: 150_000,
    async run({ page, resultsDir, log, workspace, simulatorUrl }) {
      if (!simulatorUrl) throw new Error('this check needs the simulator');
      const file = workspaceFile(workspace);
      await startClean(page);
      const frame = await openOperation(page, 'dub');
      await waitForWebviewTheme(frame, theme);
      await selectModel(frame, UI_DUB_MODEL);
      // A form kept from the other theme's run: back to no language chosen.
      await frame.locator('#o-target-lang').selectOption('');
      await frame.locator('#o-source-lang').selectOption('');
      await chooseFile(page, frame, file);
      const cost = await waitForCost(frame);
      if (!(await frame.locator('#o-generate').isDisabled())) throw new Error('Generate is enabled before the target language is chosen');
      // Under Generate, or under the field once it was touched (the selects were reset above).
      const says = `${await frame.locator('#o-hint').textContent()} ${await frame.locator('#o-msg-target_lang').textContent()}`;
      if (!/Choose a language/.test(says)) throw new Error(`the form says "${says.trim()}", expected it to ask for the language`);
      await frame.locator('#o-target-lang').selectOption('it');
      await frame.locator('#o-generate:not([disabled])').waitFor({ timeout: 5000 });
      log(`dub form: ${UI_DUB_MODEL}, ${cost}, into it, source detected`);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-dub-form-${theme}.png`)}`);

      const sim = new SimControl(simulatorUrl);
      const before = await sim.requestCount('POST', DUBBING);
      await frame.locator('#o-generate').click();
      // Followed: the task view names the server's dubbing id while it runs (or once it is done).
      const id = await frame
        .waitForFunction(() => /^dub/.test(document.querySelector('#t-id')?.textContent ?? '') && document.querySelector('#task-view:not([hidden])') !== null, undefined, {
          timeout: 30_000,
          polling: 100,
        })
        .then(() => frame.locator('#t-id').textContent())
        .catch(async () => {
          throw new Error(
            `no dubbing id in the task view (status: "${await frame.locator('#t-status').textContent()}", error: "${await frame.locator('#t-error').textContent()}")`,
          );
        });
      log(`dubbing ${id}: ${await frame.locator('#t-status').textContent()}`);
      await frame
        .waitForFunction(
          () => {
            const a = document.querySelector<HTMLAudioElement>('#r-audio');
            return !!a && a.offsetParent !== null && a.readyState >= 1 && !a.error && a.duration > 0;
          },
          undefined,
          { timeout: 90_000, polling: 250 },
        )
        .catch(async () => {
          throw new Error(
            `the dubbed track does not load in the <audio> element (status: "${await frame.locator('#t-status').textContent()}", error: "${await frame.locator('#t-error').textContent()}")`,
          );
        });
      await frame.locator('#r-audio').evaluate((a: HTMLAudioElement) => {
        a.pause();
        a.currentTime = 0;
      });
      const label = (await frame.locator('#r-audio').getAttribute('aria-label')) ?? '';
      // The second theme's run saves beside the first's: tone.it-2.mp3.
      if (!/tone\.it(-\d+)?\.mp3$/.test(label)) throw new Error(`the dubbed track is named "${label}", expected tone.it.mp3`);
      const posts = (await sim.requestCount('POST', DUBBING)) - before;
      if (posts !== 1) throw new Error(`${posts} dubbing creates reached the simulator for one Generate, expected 1`);
      const fresh = (await frame.locator('#t-new').textContent()) ?? '';
      if (fresh !== 'New dubbing') throw new Error(`the task view's button reads "${fresh}", expected "New dubbing"`);
      log(`the dubbed track plays in the panel: ${label}`);
      await moveMouseAway(page);
      log(`screenshot: ${await screenshot(page, resultsDir, `panel-dub-result-${theme}.png`)}`);
    },
  };
}
