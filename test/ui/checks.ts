// The UI layer: checks that drive the real workbench with Playwright. Each check is one test in the
// summary. Add a check by writing a module that exports a UiCheck and listing it in UI_CHECKS.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { TestResult } from '../runner/results';
import { errorText } from '../runner/results';
import { TEST_KEY } from '../runner/paths';
import { accessibilityCheck } from './accessibility';
import { builtInThemesCheck } from './builtInThemes';
import { animateCheck } from './animate';
import { compareCheck } from './compare';
import { dubCheck } from './dubTab';
import { uploadCancelCheck } from './uploadCancel';
import { voicePickPreviewCheck } from './voicePickPreview';
import { setApiKeyCheck } from './apiKey';
import { generateCheck } from './generate';
import { improvePromptCheck } from './improvePrompt';
import { imageKindCheck, modelGroupsCheck, speechKindCheck } from './mediaKinds';
import { transcribeCheck, voiceChangeCheck } from './operations';
import { sidebarCheck } from './sidebar';
import { russianCheck } from './russian';
import { spendingCheck } from './spending';
import { storyboardCheck } from './storyboard';
import { subtitlesCheck } from './subtitles';
import { tasksViewCheck } from './tasksView';
import { themeCheck, type ThemeKind } from './themes';
import { toolConfirmationCheck } from './tools';

export interface UiContext {
  readonly page: Page;
  /** Where screenshots go (test-results/). */
  readonly resultsDir: string;
  /** Folder open in the workbench. */
  readonly workspace: string;
  /** Base URL of the simulator the extension talks to, when one runs. */
  readonly simulatorUrl?: string;
  log(message: string): void;
}

export interface UiCheck {
  readonly title: string;
  /** Default 60 s. */
  readonly timeoutMs?: number;
  /** Runs even when AIRFORCE_UI_ONLY picks other checks (later checks need what it sets up). */
  readonly setup?: boolean;
  run(ctx: UiContext): Promise<void>;
}

/** The "Generate video in VS Code" flow, run once per theme (each theme gets its own screenshots). */
const PROMPTS: Readonly<Record<ThemeKind, { generate: string; animate: string; image: string; speech: string; compare: string }>> = {
  dark: {
    generate: 'A paper lantern drifting over a lake at night',
    animate: 'The dragon spreads its wings and takes off',
    image: 'A lighthouse on a cliff under the northern lights',
    speech: 'Welcome aboard. The night flight to Reykjavik is now boarding.',
    compare: 'A fox running through fresh snow at dawn, low tracking shot',
  },
  light: {
    generate: 'A hummingbird hovering over red flowers',
    animate: 'The dragon circles the mountain at sunrise',
    image: 'A watercolour of a lemon grove on the Amalfi coast',
    speech: 'Good morning. Today we bake bread with three ingredients.',
    compare: 'Sailboats racing past a lighthouse, aerial view',
  },
};
const themed = (theme: ThemeKind): UiCheck[] => [
  themeCheck(theme),
  generateCheck(theme, PROMPTS[theme].generate),
  improvePromptCheck(theme),
  tasksViewCheck(theme),
  // Once is enough: it plays the generated video with a subtitle track (the Tasks view is open now).
  ...(theme === 'dark' ? [subtitlesCheck(theme)] : []),
  animateCheck(theme, PROMPTS[theme].animate),
  imageKindCheck(theme, PROMPTS[theme].image),
  speechKindCheck(theme, PROMPTS[theme].speech),
  transcribeCheck(theme),
  dubCheck(theme),
  uploadCancelCheck(theme),
  voiceChangeCheck(theme),
  // Once is enough: VS Code's own audio player shows the preview.
  ...(theme === 'dark' ? [voicePickPreviewCheck] : []),
  spendingCheck(theme),
  compareCheck(theme, PROMPTS[theme].compare),
  storyboardCheck(theme),
];

/** In order: later checks may rely on the state earlier ones leave (the key set, a generated task). */
export const UI_CHECKS: readonly UiCheck[] = [
  sidebarCheck,
  setApiKeyCheck(process.env.AIRFORCE_TEST_KEY ?? TEST_KEY),
  modelGroupsCheck,
  ...themed('dark'),
  ...themed('light'),
  builtInThemesCheck,
  accessibilityCheck,
];

/** Run in a second workbench started with code-server --locale ru (and the key in AIRFORCE_API_KEY). */
export const RUSSIAN_UI_CHECKS: readonly UiCheck[] = [russianCheck];

/** Run in a workbench without extension tests, where VS Code shows a tool's confirmation (runner/toolSession.ts). */
export const TOOL_UI_CHECKS: readonly UiCheck[] = [toolConfirmationCheck];

export async function runUiChecks(
  ctx: UiContext,
  checks: readonly UiCheck[] = UI_CHECKS,
  // A second session of the same run (the Russian one) keeps the first one's failure pictures.
  opts: { readonly keepEarlierFailures?: boolean } = {},
): Promise<TestResult[]> {
  const results: TestResult[] = [];
  // AIRFORCE_UI_ONLY=<regexp>: only the checks whose title matches (and the set-up ones), for iterating.
  const only = process.env.AIRFORCE_UI_ONLY ? new RegExp(process.env.AIRFORCE_UI_ONLY) : undefined;
  if (only) checks = checks.filter((c) => c.setup === true || only.test(c.title));
  fs.mkdirSync(ctx.resultsDir, { recursive: true });
  // Pictures of an earlier run's failures would mislead.
  if (!opts.keepEarlierFailures) {
    for (const f of fs.readdirSync(ctx.resultsDir)) if (/^failed-.*\.png$/.test(f)) fs.rmSync(path.join(ctx.resultsDir, f), { force: true });
  }
  for (const check of checks) {
    const started = Date.now();
    const timeoutMs = check.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check.run(ctx),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      results.push({ layer: 'ui', title: check.title, ok: true, durationMs: Date.now() - started });
    } catch (err) {
      // Keep what the page showed when it failed.
      await ctx.page.screenshot({ path: path.join(ctx.resultsDir, `failed-${check.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`) }).catch(() => undefined);
      results.push({ layer: 'ui', title: check.title, ok: false, durationMs: Date.now() - started, error: errorText(err) });
    } finally {
      clearTimeout(timer);
    }
  }
  return results;
}
