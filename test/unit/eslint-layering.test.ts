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

const importVscode = "import * as vscode from 'vscode';\nexport const x = vscode.Uri;\n";

describe('layering rules in eslint.config.mjs', () => {
  it('regroup#6 a pure folder importing vscode fails lint', async () => {
    for (const file of ['src/api/probe.ts', 'src/tasks/probe.ts', 'src/spending/probe.ts', 'src/storyboard/probe.ts', 'src/compare/cards.ts']) {
      const errors = await layeringErrors(file, importVscode);
      assert.equal(errors.length, 1, `${file}: ${errors.join('; ')}`);
      assert.match(errors[0], /'vscode' import is restricted/);
    }
  });

  it('regroup#6 a pure folder importing the host layer fails lint', async () => {
    for (const [file, from] of [
      ['src/tasks/probe.ts', '../commands/generate'],
      ['src/io/probe.ts', '../config'],
      ['src/prompting/probe.ts', '../generate/host/panel'],
      ['src/compare/probe.ts', './host/run'],
      ['src/spending/probe.ts', './vscode/view'],
      ['src/spending/deep/probe.ts', '../../ui/report'],
    ]) {
      const errors = await layeringErrors(file, `import { a } from '${from}';\nexport const x = a;\n`);
      assert.equal(errors.length, 1, `${file} → ${from}: ${errors.join('; ')}`);
    }
  });

  it('regroup#6 a browser app importing host code fails lint; its shared modules pass', async () => {
    const imp = (from: string): string => `import { a } from '${from}';\nexport const x = a;\n`;
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

  it('regroup#4 reading settings outside src/config.ts fails lint', async () => {
    const read = "import * as vscode from 'vscode';\nexport const u = vscode.workspace.getConfiguration('airforce').get('baseUrl');\n";
    const errors = await layeringErrors('src/commands/probe.ts', read);
    assert.equal(errors.length, 1, errors.join('; '));
    assert.match(errors[0], /^no-restricted-syntax: .*src\/config\.ts/);
    assert.deepEqual(await layeringErrors('src/config.ts', read), [], 'config.ts itself may read them');
    assert.deepEqual(await layeringErrors('src/commands/probe.ts', importVscode), [], 'host code may import vscode');
  });
});
