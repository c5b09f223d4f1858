import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { buildCsp, buildPanelHtml, buildStaticPage, COMPARE_STYLESHEETS, escapeAttr, PANEL_STYLESHEETS } from '../../../src/webview/html';

const MEDIA = path.resolve(__dirname, '..', '..', '..', '..', 'media');
const CSS = (name: string): string => `https://file+.vscode-resource.vscode-cdn.net/ext/media/${name}`;

const NONCE = 'q83vEjRWeJASNFZ4kKvN7w==';
const CSP_SOURCE = 'https://*.vscode-cdn.net';

function page(overrides: Partial<Parameters<typeof buildPanelHtml>[0]> = {}): string {
  return buildPanelHtml({
    cspSource: CSP_SOURCE,
    nonce: NONCE,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/panel.js',
    styleUris: PANEL_STYLESHEETS.map(CSS),
    title: 'Airforce: Generate Video',
    lang: 'en',
    settings: { strings: { prompt: 'Prompt' } },
    ...overrides,
  });
}

describe('webview html', () => {
  it('builds the exact CSP', () => {
    assert.equal(
      buildCsp(CSP_SOURCE, NONCE),
      `default-src 'none'; img-src ${CSP_SOURCE} https: data:; media-src ${CSP_SOURCE}; style-src ${CSP_SOURCE}; script-src 'nonce-${NONCE}'; font-src ${CSP_SOURCE};`,
    );
  });

  it('puts the CSP in a meta tag before any resource', () => {
    const html = page();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(meta);
    assert.equal(meta[1], buildCsp(CSP_SOURCE, NONCE));
    assert.equal(escapeAttr(buildCsp(CSP_SOURCE, NONCE)), buildCsp(CSP_SOURCE, NONCE));
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'));
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'));
  });

  it('gives every script tag the nonce', () => {
    const html = page();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.ok(scripts.length >= 1);
    for (const tag of scripts) assert.ok(tag.includes(`nonce="${NONCE}"`), tag);
  });

  it('has no inline scripts, inline styles or inline handlers', () => {
    const html = page();
    for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) assert.equal(m[1].trim(), '', 'script body must be empty');
    assert.doesNotMatch(html, /<style\b/i);
    assert.doesNotMatch(html, /\sstyle=/i);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('escapes settings so they cannot break out of the attribute', () => {
    const evil = `"><script>alert(1)</script><x a='`;
    const html = page({ settings: { strings: { prompt: evil } }, title: '<b>t</b>' });
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    assert.ok(!html.includes('<b>t</b>'));
    const attr = /data-settings="([^"]*)"/.exec(html);
    assert.ok(attr);
    const decoded = attr[1]
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), { strings: { prompt: evil } });
  });

  it('refuses a nonce that could break the policy', () => {
    assert.throws(() => page({ nonce: 'abc' }));
    assert.throws(() => page({ nonce: `${NONCE}" onload="x` }));
  });

  it('loads the script and the stylesheet from the given URIs only', () => {
    const html = page();
    const srcs = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(srcs.sort(), ['https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/panel.js', ...PANEL_STYLESHEETS.map(CSS)].sort());
  });

  it('links every stylesheet in cascade order, base first, before the script', () => {
    const html = page();
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]*)">/g)].map((m) => m[1]);
    assert.deepEqual(links, PANEL_STYLESHEETS.map(CSS));
    assert.equal(PANEL_STYLESHEETS[0], 'base.css');
    assert.equal(COMPARE_STYLESHEETS[0], 'base.css');
    assert.ok(html.lastIndexOf('<link') < html.indexOf('<script'));
  });

  it("lists exactly every page's stylesheets in media/ (base.css shared), each small and free of imports and remote URLs", () => {
    const onDisk = readdirSync(MEDIA)
      .filter((f) => /\.css$/.test(f))
      .sort();
    assert.deepEqual(onDisk, [...new Set([...PANEL_STYLESHEETS, ...COMPARE_STYLESHEETS])].sort());
    for (const name of onDisk) {
      const file = path.join(MEDIA, name);
      assert.ok(existsSync(file), name);
      const text = readFileSync(file, 'utf8');
      assert.ok(text.split('\n').length <= 300, `${name} has over 300 lines`);
      // style-src is the webview's own origin only: an @import or url() elsewhere would be blocked.
      assert.doesNotMatch(text, /@import|url\(/, name);
    }
  });

  it('regroup#5 a script-free page (Show Spending) shares the head: its CSP admits only its own style element', () => {
    const nonce = 'QUJDREVGR0hJSktMTU5PUA==';
    const html = buildStaticPage({ nonce, lang: 'it', title: 'T <1>', css: 'body{color:red}', body: '<p>x</p>' });
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="it">'));
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">`));
    assert.ok(html.includes(`<style nonce="${nonce}">body{color:red}</style>`));
    assert.ok(html.includes('<title>T &lt;1&gt;</title>'));
    assert.doesNotMatch(html, /<script/);
    assert.throws(() => buildStaticPage({ nonce: 'n', lang: 'en', title: '', css: '', body: '' }), /nonce/);
  });
});
