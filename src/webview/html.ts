// Builds every webview page's HTML and its Content Security Policy: the two apps (Generate, Compare)
// and the script-free Show Spending page share one head. Pure (no vscode import) so the exact CSP
// and the nonce on every script tag are unit-tested. Settings travel as escaped JSON in a data-
// attribute, as VS Code's media preview does, so the page needs no inline script at all.

export interface PanelHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  /** Fresh per render: crypto.randomBytes(16).toString('base64'). */
  nonce: string;
  /** asWebviewUri of dist/webview/panel.js */
  scriptUri: string;
  /** asWebviewUri of each of PANEL_STYLESHEETS, in that order. */
  styleUris: readonly string[];
  title: string;
  /** BCP 47 tag for <html lang>, e.g. vscode.env.language. */
  lang: string;
  /** Serialised into data-settings; read by the app at start. */
  settings: unknown;
}

/** The panel's stylesheets under media/, in cascade order: what every page shares, its form, per-kind pieces, the task view. */
export const PANEL_STYLESHEETS = ['base.css', 'panel.css', 'panel-kinds.css', 'panel-results.css'] as const;
/** The comparison grid's: what every page shares, then the grid. */
export const COMPARE_STYLESHEETS = ['base.css', 'compare.css'] as const;

export function buildCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none';`,
    `img-src ${cspSource} https: data:;`,
    `media-src ${cspSource};`,
    `style-src ${cspSource};`,
    `script-src 'nonce-${nonce}';`,
    `font-src ${cspSource};`,
  ].join(' ');
}

export function buildPanelHtml(o: PanelHtmlOptions): string {
  const links = o.styleUris.map((uri) => `<link rel="stylesheet" href="${escapeAttr(uri)}">`).join('\n');
  return page({
    lang: o.lang,
    title: o.title,
    csp: buildCsp(o.cspSource, checkedNonce(o.nonce)),
    head: `<meta id="airforce-settings" data-settings="${escapeAttr(JSON.stringify(o.settings))}">\n${links}`,
    body: `<main id="app"></main>\n<script nonce="${o.nonce}" src="${escapeAttr(o.scriptUri)}"></script>`,
  });
}

/** A page with no script at all: its one inline style element is admitted by the nonce, nothing else loads. */
export function buildStaticPage(o: { nonce: string; lang: string; title: string; css: string; body: string }): string {
  const nonce = checkedNonce(o.nonce);
  return page({ lang: o.lang, title: o.title, csp: `default-src 'none'; style-src 'nonce-${nonce}';`, head: `<style nonce="${nonce}">${o.css}</style>`, body: o.body });
}

/** A nonce that could break out of the attribute (or is guessable) would void the CSP. */
function checkedNonce(nonce: string): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(nonce)) throw new Error('nonce must be base64 of at least 12 random bytes');
  return nonce;
}

/** The one head every page has: language, CSP, viewport, title. */
function page(o: { lang: string; title: string; csp: string; head: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="${escapeAttr(o.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(o.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.head}
<title>${escapeHtml(o.title)}</title>
</head>
<body>
${o.body}
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For values inside double-quoted attributes (every attribute here is written that way). */
export function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}
