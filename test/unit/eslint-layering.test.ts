// Proves the layering rules of eslint.config.mjs bite: ESLint's own API lints small in-memory sources
// as if they sat in a pure folder, a browser app or the host, with the project's real config.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

/** The ids of the layering rules that fire on `code` placed at `file` (repository-relative). */
async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => `${m.ruleId}: ${m.message}`);
}

/** A module that imports `a` from `from` and uses it. */
const imp = (from: string): string => `import { a } from '${from}';\nexport const x = a;\n`;
const importVscode = "import * as vscode from 'vscode';\nexport const x = vscode.Uri;\n";

describe('layering rules in eslint.config.mjs', () => {
  it('regroup#6 a pure folder importing vscode fails lint', async () => {
    for (const file of ['src/api/probe.ts', 'src/jobs/probe.ts', 'src/spending/probe.ts', 'src/storyboard/probe.ts', 'src/compare/cards.ts']) {
      const errors = await layeringErrors(file, importVscode);
      assert.equal(errors.length, 1, `${file}: ${errors.join('; ')}`);
      assert.match(errors[0], /'vscode' import is restricted/);
    }
  });

  it('regroup#6 a pure folder importing the host layer fails lint', async () => {
    for (const [file, from] of [
      ['src/jobs/probe.ts', '../commands/generate'],
      ['src/io/probe.ts', '../config'],
      ['src/prompting/probe.ts', '../generate/host/panel'],
      ['src/compare/probe.ts', './host/run'],
      ['src/spending/probe.ts', './vscode/view'],
      ['src/spending/deep/probe.ts', '../../ui/report'],
    ]) {
      const errors = await layeringErrors(file, imp(from));
      assert.equal(errors.length, 1, `${file} → ${from}: ${errors.join('; ')}`);
    }
  });

  it('regroup#6 a browser app importing host code fails lint; its shared modules pass', async () => {
    assert.equal((await layeringErrors('src/generate/app/probe.ts', imp('../host/panel'))).length, 1);
    assert.equal((await layeringErrors('src/generate/app/probe.ts', imp('../../config'))).length, 1);
    assert.equal((await layeringErrors('src/generate/app/probe.ts', imp('../../io/download/transfer'))).length, 1);
    assert.equal((await layeringErrors('src/generate/app/probe.ts', importVscode)).length, 1);
    assert.equal((await layeringErrors('src/compare/app/probe.ts', imp('../host/panel'))).length, 1);
    assert.equal((await layeringErrors('src/compare/app/probe.ts', imp('../../generate/protocol'))).length, 1);
    assert.deepEqual(await layeringErrors('src/generate/app/probe.ts', imp('../protocolConstants')), []);
    assert.deepEqual(await layeringErrors('src/generate/app/probe.ts', imp('../../api/rules/cost')), []);
    assert.deepEqual(await layeringErrors('src/generate/app/probe.ts', imp('../../webview/browser/dom')), []);
    assert.deepEqual(await layeringErrors('src/compare/app/probe.ts', imp('../../settingDefaults')), []);
  });

  it('regroup#6 a host importing its browser app fails lint; the feature root passes', async () => {
    const imp = (from: string): string => `import { a } from '${from}';\nexport const x = a;\n`;
    assert.equal((await layeringErrors('src/generate/host/probe.ts', imp('../app/imageList'))).length, 1);
    assert.equal((await layeringErrors('src/compare/host/probe.ts', imp('../app/main'))).length, 1);
    assert.deepEqual(await layeringErrors('src/generate/host/probe.ts', imp('../imageList')), []);
    assert.deepEqual(await layeringErrors('src/generate/app/probe.ts', imp('../imageList')), []);
    assert.deepEqual(await layeringErrors('src/generate/imageList.ts', imp('./protocolConstants')), []);
  });

  it('regroup#6 a lower pure folder importing a higher one fails lint (util ← api ← io ← tasks ← …)', async () => {
    for (const [file, from] of [
      ['src/api/rules/probe.ts', '../../l10n/format'],
      ['src/api/probe.ts', '../io/results'],
      ['src/io/probe.ts', '../jobs/types'],
      ['src/io/download/probe.ts', '../../jobs/sync/record'],
      ['src/jobs/probe.ts', '../spending/spend'],
      ['src/jobs/video/probe.ts', '../../compare/cards'],
      ['src/util/probe.ts', '../api/http/errors'],
    ]) {
      const errors = await layeringErrors(file, imp(from));
      assert.equal(errors.length, 1, `${file} → ${from}: ${errors.join('; ')}`);
      assert.match(errors[0] ?? '', /sits below/);
    }
    assert.deepEqual(await layeringErrors('src/jobs/sync/probe.ts', imp('../../io/results')), [], 'jobs may import io');
    assert.deepEqual(await layeringErrors('src/l10n/probe.ts', imp('../api/rules/messages')), [], 'l10n may import api');
    assert.deepEqual(await layeringErrors('src/io/probe.ts', imp('../api/schemas/schemas')), [], 'io may import api');
  });

  it('regroup#5 compare/cards.ts and the generate root are pure: no host import, no vscode', async () => {
    assert.equal((await layeringErrors('src/compare/cards.ts', imp('../generate/host/taskView'))).length, 1);
    assert.deepEqual(await layeringErrors('src/compare/cards.ts', imp('../generate/taskViewData')), []);
    assert.equal((await layeringErrors('src/generate/probe.ts', importVscode)).length, 1);
    assert.equal((await layeringErrors('src/generate/probe.ts', imp('./host/panel'))).length, 1);
  });

  it('issue 20: the tools root (names, schemas, manifest) is pure; tools/vscode/ is their host glue', async () => {
    assert.equal((await layeringErrors('src/tools/probe.ts', importVscode)).length, 1);
    assert.equal((await layeringErrors('src/tools/probe.ts', imp('../submit/vscode/startJob'))).length, 1);
    assert.deepEqual(await layeringErrors('src/tools/probe.ts', imp('../api/schemas/schemas')), []);
    assert.deepEqual(await layeringErrors('src/tools/vscode/probe.ts', importVscode), []);
  });

  it('regroup#6 views/ and ui/ importing commands or a feature host folder fail lint', async () => {
    for (const [file, from] of [
      ['src/views/probe.ts', '../compare/host/panel'],
      ['src/views/probe.ts', '../commands/generate'],
      ['src/ui/probe.ts', '../generate/host/panel'],
      ['src/ui/probe.ts', '../spending/vscode/view'],
    ]) {
      assert.equal((await layeringErrors(file, imp(from))).length, 1, `${file} → ${from}`);
    }
    assert.deepEqual(await layeringErrors('src/views/probe.ts', imp('../compare/groupRows')), []);
    assert.deepEqual(await layeringErrors('src/ui/probe.ts', imp('../views/tasksTree')), []);
    assert.deepEqual(await layeringErrors('src/views/probe.ts', importVscode), [], 'views may import vscode');
  });

  it('regroup#4 reading settings outside src/config.ts fails lint', async () => {
    const read = "import * as vscode from 'vscode';\nexport const u = vscode.workspace.getConfiguration('airforce').get('baseUrl');\n";
    const errors = await layeringErrors('src/commands/probe.ts', read);
    assert.equal(errors.length, 1, errors.join('; '));
    assert.match(errors[0], /^no-restricted-syntax: .*src\/config\.ts/);
    assert.deepEqual(await layeringErrors('src/config.ts', read), [], 'config.ts itself may read them');
    assert.deepEqual(await layeringErrors('src/commands/probe.ts', importVscode), [], 'host code may import vscode');
  });
});
