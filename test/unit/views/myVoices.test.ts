// Speech → My voices in the Models view (a stand-in `vscode`): the caller's cloned voices (category
// "cloned") in a node of their own, none without clones, a row that says why when the list fails,
// and Rename / Delete in each voice's menu as package.json declares it.
import '../vscodeFake';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelListSchema, type Model } from '../../../src/api/schemas/schemas';
import type { Voice } from '../../../src/api/schemas/audioSchemas';
import { MODELS } from '../../simulator/catalog';
import { rowMenu, type MenuItem } from './menu-helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ModelsTreeProvider } = require('../../../src/views/modelsTree') as typeof import('../../../src/views/modelsTree');
type Node = import('../../../src/views/modelsTree').ModelNode;
type Item = { label: string; description?: string; contextValue?: string; id?: string; tooltip?: { value: string } };

const catalog: Model[] = ModelListSchema.parse({ data: MODELS }).data;
const stock: Voice[] = [
  { voice_id: 'rachel', name: 'Rachel', category: 'premade' },
  { voice_id: 'adam', name: 'Adam' },
];
const mine: Voice[] = [
  { voice_id: 'cv_1', name: 'Narrator', category: 'cloned', description: 'from the demo take' },
  { voice_id: 'cv_2', name: 'Me *bold*', category: 'cloned' },
];

/** The Speech group's children as VS Code draws them, and the provider. */
async function speech(loadVoices?: () => Promise<Voice[]>) {
  const tree = new ModelsTreeProvider(async () => catalog, loadVoices);
  const groups = await tree.getChildren();
  const group = groups.find((g) => g.type === 'airforce.modelGroup' && g.group === 'speech')!;
  const children: Node[] = await tree.getChildren(group);
  return { tree, children, items: children.map((c) => tree.getTreeItem(c) as unknown as Item) };
}

test('Speech lists My voices first, with the cloned voices only, each with its id', async () => {
  let asked = 0;
  const { tree, children, items } = await speech(async () => (asked++, [...stock, ...mine]));
  assert.equal(asked, 1);
  assert.deepEqual(
    items.map((i) => i.label),
    ['My voices', 'eleven-tts-v3'],
  );
  assert.equal(items[0]!.description, '2');
  assert.equal(items[0]!.contextValue, 'airforce.myVoices');
  const voices = (await tree.getChildren(children[0])).map((c) => tree.getTreeItem(c) as unknown as Item);
  assert.deepEqual(
    voices.map((v) => [v.label, v.description, v.contextValue, v.id]),
    [
      ['Narrator', 'cv_1', 'airforce.clonedVoice', 'voice:cv_1'],
      ['Me *bold*', 'cv_2', 'airforce.clonedVoice', 'voice:cv_2'],
    ],
  );
  assert.match(voices[0]!.tooltip!.value, /Cloned voice: cv_1\nfrom the demo take/);
  assert.match(voices[1]!.tooltip!.value, /\*\*Me \\\*bold\\\*\*\*/, 'a server-given name is shown, not obeyed as Markdown');
  tree.dispose();
});

test('without cloned voices (or without a voice loader) Speech has no My voices node; other groups never ask', async () => {
  let asked = 0;
  const none = await speech(async () => (asked++, stock));
  assert.deepEqual(
    none.items.map((i) => i.label),
    ['eleven-tts-v3'],
  );
  const unwired = await speech();
  assert.deepEqual(
    unwired.items.map((i) => i.label),
    ['eleven-tts-v3'],
  );
  const tree = new ModelsTreeProvider(
    async () => catalog,
    async () => (asked++, mine),
  );
  for (const g of (await tree.getChildren()).filter((g) => g.type === 'airforce.modelGroup' && g.group !== 'speech')) await tree.getChildren(g);
  assert.equal(asked, 1, 'only the Speech group reads the voices');
  for (const t of [none.tree, unwired.tree, tree]) t.dispose();
});

test('a voice list that fails shows why above the speech models, which stay listed', async () => {
  const { tree, items } = await speech(async () => {
    throw new Error('socket hang up');
  });
  assert.deepEqual(
    items.map((i) => i.label),
    ['Your cloned voices could not be listed: socket hang up', 'eleven-tts-v3'],
  );
  tree.dispose();
});

test('refreshVoices redraws without re-reading the catalog', async () => {
  const refreshes: boolean[] = [];
  const tree = new ModelsTreeProvider(
    async (refresh) => (refreshes.push(refresh), catalog),
    async () => mine,
  );
  let fired = 0;
  tree.onDidChangeTreeData(() => fired++);
  tree.refreshVoices();
  await tree.getChildren();
  assert.equal(fired, 1);
  assert.deepEqual(refreshes, [false]);
  tree.dispose();
});

test('a cloned voice row offers Rename Voice… and Delete Voice in the Models view only, titled in every language', () => {
  const root = path.resolve(__dirname, '../../../..');
  const read = <T>(name: string): T => JSON.parse(readFileSync(path.join(root, name), 'utf8')) as T;
  const manifest = read<{ contributes: { commands: { command: string; title: string }[]; menus: Record<string, MenuItem[]> } }>('package.json');
  const commands = (contextValue: string, view: string): string[] => rowMenu(manifest.contributes.menus, contextValue, view).map((i) => i.command);
  assert.deepEqual(commands('airforce.clonedVoice', 'airforce.models'), ['airforce.renameVoice', 'airforce.deleteVoice']);
  assert.deepEqual(commands('airforce.clonedVoice', 'airforce.tasks'), []);
  assert.deepEqual(commands('airforce.myVoices', 'airforce.models'), []);
  for (const lang of ['', '.ru', '.it']) {
    const nls = read<Record<string, string>>(`package.nls${lang}.json`);
    for (const id of ['airforce.cloneVoice', 'airforce.renameVoice', 'airforce.deleteVoice']) {
      const title = manifest.contributes.commands.find((c) => c.command === id)?.title ?? '';
      assert.ok(nls[title.replace(/^%(.+)%$/, '$1')], `${id} has a title in package.nls${lang}.json`);
    }
  }
});
