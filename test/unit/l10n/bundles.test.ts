// The guard for translations: the English bundle is what src/ says today, and Russian and Italian
// have every key of it and of package.nls.json, non-empty, with the same placeholders.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { exportScript, readJson, repoRoot } from './helpers';

describe('l10n bundles', () => {
  it('l10n/bundle.l10n.json is current: every l10n.t literal in src/ and nothing else (npm run l10n:export)', async () => {
    const { extractBundle } = await exportScript();
    const fresh = await extractBundle(repoRoot());
    const committed = readJson('l10n', 'bundle.l10n.json');
    const missing = Object.keys(fresh).filter((k) => !(k in committed));
    const gone = Object.keys(committed).filter((k) => !(k in fresh));
    assert.deepEqual({ missing, gone }, { missing: [], gone: [] }, 'run npm run l10n:export');
    assert.ok(Object.keys(fresh).length > 300, 'the export found the strings (panelStrings’ l10n.t parameter calls included)');
    assert.ok('Ctrl+Enter to generate' in fresh && 'model must be chosen' in fresh, 'webview and problem strings are exported');
  });

  for (const lang of ['ru', 'it']) {
    it(`${lang}: every English bundle key is translated, non-empty, with the same placeholders`, async () => {
      const { translationGaps } = await exportScript();
      const gaps = translationGaps(readJson('l10n', 'bundle.l10n.json'), readJson('l10n', `bundle.l10n.${lang}.json`));
      assert.deepEqual(gaps, { missing: [], mismatched: [] }, `npm run l10n:export -- --todo, translate l10n/todo.${lang}.json, then --merge`);
    });

    it(`${lang}: every package.nls.json key is translated, non-empty, with the same placeholders`, async () => {
      const { translationGaps } = await exportScript();
      const gaps = translationGaps(readJson('package.nls.json'), readJson(`package.nls.${lang}.json`));
      assert.deepEqual(gaps, { missing: [], mismatched: [] });
    });

    it(`${lang}: the walkthrough pages the translated manifest names exist`, () => {
      const nls = readJson(`package.nls.${lang}.json`) as Record<string, string>;
      const pages = Object.entries(nls).filter(([k]) => /^walkthrough\..*\.media$/.test(k));
      assert.ok(pages.length >= 3, 'each walkthrough step names its page through package.nls');
      for (const [key, page] of pages) {
        assert.match(page, new RegExp(`^media/walkthrough/${lang}/`), key);
        assert.ok(existsSync(path.join(repoRoot(), page)), page);
      }
    });
  }

  it('every %key% of package.json is in package.nls.json', () => {
    const manifest = readFileSync(path.join(repoRoot(), 'package.json'), 'utf8');
    const nls = readJson('package.nls.json');
    const used = [...manifest.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]!);
    assert.ok(used.length > 30);
    assert.deepEqual(used.filter((k) => !(k in nls)), []);
  });

  it('the gap check itself finds a missing, an empty and a changed-placeholder translation', async () => {
    const { translationGaps, placeholders } = await exportScript();
    const english = { a: 'A {0}', b: 'B', c: 'C {0} {1}', d: 'D {0}' };
    const gaps = translationGaps(english, { b: ' ', c: 'C {1} {0}', d: 'D {1}' });
    assert.deepEqual(gaps, { missing: ['a', 'b'], mismatched: ['d'] }, 'reordered placeholders are fine, other ones are not');
    assert.deepEqual(placeholders('{1} of {0}, {1}'), ['0', '1', '1']);
  });

  it('bare l10n.t( calls (a parameter) are renamed for the analyzer; vscode.l10n.t( is left alone', async () => {
    const { forAnalysis } = await exportScript();
    assert.equal(forAnalysis("f(l10n.t('x'))"), "import * as vscode from 'vscode';\nf(vscode.l10n.t('x'))");
    const host = "import * as vscode from 'vscode';\nvscode.l10n.t('y')";
    assert.equal(forAnalysis(host), host);
  });
});
