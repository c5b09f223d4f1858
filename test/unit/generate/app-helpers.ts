// The harness of the webview app tests: the real app in headless Chromium (the browser set-up is
// webview-browser-helpers'). The page is the one the host builds (same HTML, same CSP), with the
// theme's variables; host messages are posted into the page. Screenshots go to test-results/.
// Used by webview-app*.test.ts.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { VideoModel } from '../../../src/api/models';
import type { Model } from '../../../src/api/schemas/schemas';
import { buildPanelHtml, PANEL_STYLESHEETS } from '../../../src/webview/html';
import { panelStrings } from '../../../src/generate/host/strings';
import { LANGUAGES } from '../../../src/ui/languages';
import type { AppMessage, HostMessage, ModelList } from '../../../src/generate/protocol';
import { MODELS } from '../../simulator/catalog';
import { fixturePath } from '../../simulator/resultBytes';
import { browserHarness, postedBy, postToPage, ROOT, type Send } from '../webview/browser-helpers';

export { SHOTS, skip } from '../webview/browser-helpers';

/** Image tokens as the host issues them: the app only ever holds these (and https URLs). */
export const TOKEN_A = 'img:AAAAAAAAAAAAAAAAAAAAAAAA';
export const TOKEN_B = 'img:BBBBBBBBBBBBBBBBBBBBBBBB';
const NONCE = 'dGVzdC1ub25jZS0xMjM0NQ==';

// A few variables from each built-in theme: enough to see the panel as VS Code would show it.
const THEMES: Record<string, string> = {
  dark: `--vscode-foreground:#cccccc;--vscode-editor-background:#1f1f1f;--vscode-descriptionForeground:#9d9d9d;
    --vscode-input-background:#313131;--vscode-input-foreground:#cccccc;--vscode-input-border:#3c3c3c;--vscode-input-placeholderForeground:#989898;
    --vscode-dropdown-background:#313131;--vscode-dropdown-foreground:#cccccc;--vscode-dropdown-border:#3c3c3c;--vscode-focusBorder:#0078d4;
    --vscode-button-background:#0078d4;--vscode-button-foreground:#ffffff;--vscode-button-hoverBackground:#026ec1;--vscode-button-border:#ffffff12;
    --vscode-button-secondaryBackground:#313131;--vscode-button-secondaryForeground:#cccccc;--vscode-button-secondaryHoverBackground:#3c3c3c;
    --vscode-inputValidation-errorBorder:#be1100;--vscode-inputValidation-errorBackground:#5a1d1d;--vscode-errorForeground:#f85149;
    --vscode-progressBar-background:#0078d4;--vscode-widget-border:#313131;--vscode-list-dropBackground:#383b3d;--vscode-icon-foreground:#cccccc;
    --vscode-toolbar-hoverBackground:#5a5d5e50;--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;--vscode-editor-font-family:monospace;`,
  light: `--vscode-foreground:#3b3b3b;--vscode-editor-background:#ffffff;--vscode-descriptionForeground:#3b3b3b;
    --vscode-input-background:#ffffff;--vscode-input-foreground:#3b3b3b;--vscode-input-border:#cecece;--vscode-input-placeholderForeground:#767676;
    --vscode-dropdown-background:#ffffff;--vscode-dropdown-foreground:#3b3b3b;--vscode-dropdown-border:#cecece;--vscode-focusBorder:#005fb8;
    --vscode-button-background:#005fb8;--vscode-button-foreground:#ffffff;--vscode-button-hoverBackground:#0258a8;--vscode-button-border:#0000001a;
    --vscode-button-secondaryBackground:#e5e5e5;--vscode-button-secondaryForeground:#3b3b3b;--vscode-button-secondaryHoverBackground:#cccccc;
    --vscode-inputValidation-errorBorder:#be1100;--vscode-inputValidation-errorBackground:#f2dede;--vscode-errorForeground:#f85149;
    --vscode-progressBar-background:#005fb8;--vscode-widget-border:#e5e5e5;--vscode-list-dropBackground:#d6ebff;--vscode-icon-foreground:#3b3b3b;
    --vscode-toolbar-hoverBackground:#b8b8b850;--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;--vscode-editor-font-family:monospace;`,
  // Light+ ("Default Light+"): no --vscode-input-border, --vscode-widget-border or --vscode-contrastBorder.
  lightplus: `--vscode-foreground:#616161;--vscode-editor-background:#ffffff;--vscode-descriptionForeground:#717171;
    --vscode-input-background:#ffffff;--vscode-input-foreground:#616161;--vscode-input-placeholderForeground:#767676;
    --vscode-dropdown-background:#ffffff;--vscode-dropdown-border:#cecece;--vscode-focusBorder:#0090f1;
    --vscode-button-background:#007acc;--vscode-button-foreground:#ffffff;--vscode-button-hoverBackground:#0062a3;
    --vscode-button-secondaryBackground:#5f6a79;--vscode-button-secondaryForeground:#ffffff;--vscode-button-secondaryHoverBackground:#4c5561;
    --vscode-inputValidation-errorBorder:#be1100;--vscode-inputValidation-errorBackground:#f2dede;--vscode-errorForeground:#a1260d;
    --vscode-progressBar-background:#0e70c0;--vscode-list-dropBackground:#d6ebff;--vscode-icon-foreground:#424242;
    --vscode-toolbar-hoverBackground:#b8b8b850;--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;--vscode-editor-font-family:monospace;`,
  // A theme that sets no border colour at all: only the last fallback (a foreground tint) draws the edges.
  bare: `--vscode-foreground:#616161;--vscode-editor-background:#ffffff;--vscode-input-background:#ffffff;--vscode-input-foreground:#616161;
    --vscode-button-background:#007acc;--vscode-button-foreground:#ffffff;--vscode-button-secondaryBackground:#5f6a79;--vscode-button-secondaryForeground:#ffffff;
    --vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;`,
  hc: `--vscode-foreground:#ffffff;--vscode-editor-background:#000000;--vscode-descriptionForeground:#ffffff;--vscode-contrastBorder:#6fc3df;
    --vscode-input-background:#000000;--vscode-input-foreground:#ffffff;--vscode-input-border:#6fc3df;--vscode-focusBorder:#f38518;
    --vscode-dropdown-background:#000000;--vscode-dropdown-foreground:#ffffff;--vscode-dropdown-border:#6fc3df;
    --vscode-button-background:#000000;--vscode-button-foreground:#ffffff;--vscode-button-border:#6fc3df;
    --vscode-button-secondaryBackground:#000000;--vscode-button-secondaryForeground:#ffffff;
    --vscode-inputValidation-errorBorder:#f48771;--vscode-inputValidation-errorBackground:#000000;--vscode-errorForeground:#f48771;
    --vscode-progressBar-background:#6fc3df;--vscode-widget-border:#6fc3df;--vscode-icon-foreground:#ffffff;
    --vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;--vscode-editor-font-family:monospace;`,
};

export const models = MODELS.filter((m) => m.video_caps && m.output_modalities.includes('video')) as unknown as VideoModel[];
/** Every image, speech, music and sound-effect model of the simulator. */
export const mediaModels = MODELS.filter((m) => ['image', 'speech', 'audio', 'sfx'].includes(m.media_type)) as unknown as Model[];

const harness = browserHarness({
  entry: 'src/generate/app/main.ts',
  viewport: { width: 760, height: 900 },
  serve,
});

/** CSP violations, script errors and failed loads seen in the page since the last navigation. */
export const seen = harness.seen;

/** The server's address (for URLs the page loads). */
export const baseUrl = (): string => harness.base();
/** The app bundle as built for the tests. */
export const appBundle = (): string => harness.bundle();

/** Registers the browser's set-up and tear-down; call inside the describe. */
export function useAppHarness(): void {
  harness.use();
}

/** Subtitles for sample.mp4, as Transcribe writes them beside a video (one cue over its first seconds). */
export const SAMPLE_VTT = 'WEBVTT\n\n00:00.000 --> 00:10.000\nA paper lantern drifts over the lake\n';

function serve(url: URL, send: Send): boolean {
  const base = harness.base();
  if (url.pathname === '/') {
    const html = buildPanelHtml({
      cspSource: base,
      nonce: NONCE,
      scriptUri: `${base}/panel.js`,
      styleUris: PANEL_STYLESHEETS.map((name) => `${base}/media/${name}`),
      title: 'Airforce: Generate Video',
      lang: 'en',
      settings: { strings: panelStrings({ t: (m: string) => m }), languages: LANGUAGES.map((l) => l.code) },
    });
    const theme = url.searchParams.get('theme') ?? 'dark';
    // The theme stands in for the variables VS Code injects; a stylesheet, so the page's CSP applies as is.
    // VS Code also marks the body with the theme's kind (vscode-light, vscode-dark, vscode-high-contrast).
    const bodyClass = theme === 'hc' ? 'vscode-high-contrast' : theme === 'dark' ? 'vscode-dark' : 'vscode-light';
    send(
      'text/html',
      html
        .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${base}/theme.css?name=${theme}"><link rel="stylesheet"`)
        .replace('<body>', `<body class="${bodyClass}">`),
    );
  } else if (url.pathname === '/panel.js') send('text/javascript', harness.bundle());
  else if (PANEL_STYLESHEETS.some((name) => url.pathname === `/media/${name}`)) send('text/css', readFileSync(path.join(ROOT, url.pathname)));
  else if (url.pathname === '/theme.css') send('text/css', `html{${THEMES[url.searchParams.get('name') ?? 'dark'] ?? ''}}`);
  else if (url.pathname === '/video.mp4') send('video/mp4', readFileSync(fixturePath('sample.mp4')));
  else if (url.pathname === '/video.vtt') send('text/vtt', SAMPLE_VTT);
  else if (url.pathname === '/x.png') send('image/png', readFileSync(fixturePath('demo-image.png')));
  else if (url.pathname === '/y.jpg') send('image/jpeg', readFileSync(fixturePath('demo-image.jpg')));
  else if (url.pathname === '/tone.mp3') send('audio/mpeg', readFileSync(fixturePath('tone.mp3')));
  else return false;
  return true;
}

export interface Opened {
  page: Page;
  posted: () => Promise<AppMessage[]>;
  /** CSP violations and page errors seen so far. */
  problems: () => string[];
}

export async function open(theme: string, state?: unknown): Promise<Opened> {
  const p = await harness.navigate(theme, state);
  return {
    page: p,
    posted: () => postedBy<AppMessage>(p),
    problems: () => [...seen],
  };
}

type Init = Extract<HostMessage, { type: 'init' }>;

/** The video model list as the host sends it (in `init` or `models`), starting from airforce.defaultVideoModel. */
export const videoList = (defaults: ModelList['defaults'] = { video: 'wan-2.6' }): ModelList => ({ kinds: ['video'], models: models as Model[], defaults });
/** The image/audio model list as the host sends it; `defaults`: the model each kind starts from. */
export const mediaList = (defaults: ModelList['defaults'] = {}): ModelList => ({ kinds: ['image', 'speech', 'music', 'sfx'], models: mediaModels, defaults });

/** The `init` a host sends: every model of the simulator, nothing remembered. */
export function initMessage(patch: Partial<Init> = {}): Init {
  return {
    type: 'init',
    lists: [videoList(), mediaList()],
    settings: { video: 'wan-2.6' },
    confirmCostAboveCents: 500,
    imageTokens: [],
    kind: 'video',
    recentPrompts: {},
    ...patch,
  };
}

export async function ready(theme: string, confirmCostAboveCents = 500, patch: Partial<Init> = {}): Promise<Opened> {
  const opened = await open(theme);
  await send(opened.page, initMessage({ confirmCostAboveCents, ...patch }));
  return opened;
}

export async function send(page: Page, message: HostMessage): Promise<void> {
  await postToPage(page, message);
}

export async function setRange(page: Page, selector: string, value: number): Promise<void> {
  await page.$eval(
    selector,
    (el, v) => {
      (el as HTMLInputElement).value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}
