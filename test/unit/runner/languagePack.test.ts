// The fixture language pack the Russian UI session installs, and the languagepacks.json entry the
// runner writes for it (code-server reads that file to resolve --locale; see languagePack.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUSSIAN_TEST_PACK, languagePacksJson, type PackManifest } from '../../runner/languagePack';

const manifest = JSON.parse(fs.readFileSync(path.join(RUSSIAN_TEST_PACK, 'package.json'), 'utf8')) as PackManifest;

test('the fixture pack contributes Russian with a VS Code translations file that exists', () => {
  const ru = manifest.contributes.localizations.find((l) => l.languageId === 'ru');
  assert.ok(ru, 'no "ru" localization');
  const core = ru.translations.find((t) => t.id === 'vscode');
  assert.ok(core, 'the server resolves a locale only through the "vscode" translations');
  const file = JSON.parse(fs.readFileSync(path.join(RUSSIAN_TEST_PACK, core.path), 'utf8')) as { contents?: unknown };
  assert.equal(typeof file.contents, 'object', 'an i18n file keeps its strings under "contents"');
});

test('languagepacks.json names the installed translations and a label, keyed by language', () => {
  const installed = '/ext/airforce-test.test-language-pack-ru-0.0.1';
  const packs = languagePacksJson(manifest, installed);
  assert.deepEqual(Object.keys(packs), ['ru']);
  assert.equal(packs.ru.translations.vscode, path.join(installed, 'translations', 'main.i18n.json'));
  assert.equal(packs.ru.label, 'русский');
  assert.equal(packs.ru.extensions[0].extensionIdentifier.id, `${manifest.publisher}.${manifest.name}`);
  assert.match(packs.ru.hash, /^[0-9a-f]{32}$/);
});

test('a new pack version gets a new hash (the server caches translations per hash)', () => {
  const a = languagePacksJson(manifest, '/x');
  const again = languagePacksJson(manifest, '/y');
  const b = languagePacksJson({ ...manifest, version: '0.0.2' }, '/x');
  assert.equal(a.ru.hash, again.ru.hash);
  assert.notEqual(a.ru.hash, b.ru.hash);
});
