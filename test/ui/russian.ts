// UI check: the workbench in Russian (code-server --locale ru, second session; see RUSSIAN_UI_CHECKS
// in checks.ts). The side bar's views and the Generate panel speak Russian, money is written the
// Russian way ("0,40 $"); screenshots sidebar-ru.png and panel-ru.png go to test-results/.
import type { UiCheck } from './checks';
import { findWebviewFrame, moveMouseAway, openViewContainer, runCommandFromPalette, screenshot, SELECTORS, waitForSideBarIdle, waitForWorkbench } from './workbench';

export const russianCheck: UiCheck = {
  title: 'Russian display language: the side bar and the Generate panel in Russian',
  timeoutMs: 90_000,
  async run({ page, resultsDir, log }) {
    await waitForWorkbench(page);
    // code-server resolves --locale to "en" unless a pack for that language is installed
    // (test/runner/languagePack.ts); say so rather than time out looking for Russian titles.
    const language = await page.evaluate(() => (globalThis as { _VSCODE_NLS_LANGUAGE?: string })._VSCODE_NLS_LANGUAGE);
    if (!/^ru/i.test(language ?? '')) throw new Error(`the workbench's display language is "${language}", not Russian: no Russian language pack was found`);
    await openViewContainer(page, 'Airforce');
    // package.nls.ru.json: view.tasks / view.models. viewHeader's \b is an ASCII word boundary,
    // which never follows a Cyrillic letter: match the header's title element exactly instead.
    for (const title of ['Задачи', 'Модели']) {
      await page
        .locator(`${SELECTORS.paneHeader} .title`)
        .filter({ hasText: new RegExp(`^\\s*${title}\\s*$`, 'iu') })
        .first()
        .waitFor({ state: 'visible', timeout: 20_000 });
    }
    await waitForSideBarIdle(page);
    await moveMouseAway(page);
    log(`screenshot: ${await screenshot(page, resultsDir, 'sidebar-ru.png')}`);

    // The command's Russian title (package.nls.ru.json command.generateVideo), category unchanged.
    await runCommandFromPalette(page, 'Airforce: Сгенерировать видео');
    const frame = await findWebviewFrame(page, '#f-form');
    const lang = await frame.evaluate(() => document.documentElement.lang);
    if (!/^ru/i.test(lang)) throw new Error(`the panel's <html lang> is "${lang}", not Russian`);
    const text = (): Promise<string> => frame.evaluate(() => document.body.innerText);
    // The strings come from l10n/bundle.l10n.ru.json through the host.
    await frame.waitForFunction(() => /Модель/.test(document.body.innerText) && /Сгенерировать/.test(document.body.innerText), undefined, { timeout: 20_000 });
    // Once the models load, the price reads as Russian writes dollars: digits, a comma, then "$".
    await frame.waitForFunction(() => /\d,\d{2}\s\$/.test(document.body.innerText), undefined, { timeout: 30_000 });
    const body = await text();
    for (const english of ['Generate', 'Estimated cost', 'Prompt']) {
      if (new RegExp(`\\b${english}\\b`).test(body)) throw new Error(`English left in the Russian panel: "${english}"`);
    }
    await moveMouseAway(page);
    log(`screenshot: ${await screenshot(page, resultsDir, 'panel-ru.png')}`);
  },
};
