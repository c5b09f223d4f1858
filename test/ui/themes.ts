// Light and dark: the checks that follow a theme switch take their screenshots in that theme, and the
// panel must follow it (its colours come only from the --vscode-* variables).
import type { Frame, Page } from 'playwright-core';
import type { UiCheck } from './checks';
import { pickQuickInputItem, runCommandFromPalette, startClean } from './workbench';

export type ThemeKind = 'dark' | 'light';

/** The built-in themes' labels in the "Preferences: Color Theme" picker (VS Code 1.100). */
// Light+ is the default of many installs and the theme that leaves --vscode-input-border unset.
const THEME_LABEL: Readonly<Record<ThemeKind, string>> = { dark: 'Dark Modern', light: 'Light+' };
/** The class the workbench root carries for each kind of theme. */
const WORKBENCH_CLASS: Readonly<Record<ThemeKind, string>> = { dark: 'vs-dark', light: 'vs' };

export async function setColorTheme(page: Page, theme: ThemeKind): Promise<void> {
  await runCommandFromPalette(page, 'Preferences: Color Theme');
  await pickQuickInputItem(page, THEME_LABEL[theme]);
  await page.waitForFunction((cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls) === true, WORKBENCH_CLASS[theme], { timeout: 10_000, polling: 100 });
}

export function themeCheck(theme: ThemeKind): UiCheck {
  return {
    title: `Preferences: Color Theme switches the workbench to ${THEME_LABEL[theme]}`,
    timeoutMs: 30_000,
    async run({ page, log }) {
      await startClean(page);
      await setColorTheme(page, theme);
      log(`theme: ${THEME_LABEL[theme]}`);
    },
  };
}

/**
 * Waits until the panel's page follows `theme`: VS Code's body class for the theme kind, and a body
 * background whose lightness matches (the stylesheet paints it from --vscode-editor-background).
 */
export async function waitForWebviewTheme(frame: Frame, theme: ThemeKind, timeoutMs = 10_000): Promise<void> {
  await frame
    .waitForFunction(
      (want) => {
        const cls = want === 'light' ? 'vscode-light' : 'vscode-dark';
        if (!document.body.classList.contains(cls)) return false;
        const rgb = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(document.body).backgroundColor);
        if (!rgb) return false;
        const luma = (0.2126 * Number(rgb[1]) + 0.7152 * Number(rgb[2]) + 0.0722 * Number(rgb[3])) / 255;
        return want === 'light' ? luma > 0.7 : luma < 0.3;
      },
      theme,
      { timeout: timeoutMs, polling: 100 },
    )
    .catch(async () => {
      const seen = await frame.evaluate(() => `${document.body.className} / ${getComputedStyle(document.body).backgroundColor}`);
      throw new Error(`the panel does not follow the ${theme} theme (body: ${seen})`);
    });
}
