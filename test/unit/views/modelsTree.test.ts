// The Models view over the simulator's catalog (a stand-in `vscode`): five groups, caps and a price
// per kind, "price unknown" where the model's fields allow no figure, no "coming later".
import '../vscodeFake';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ModelListSchema, type Model } from '../../../src/api/schemas/schemas';
import { MODELS } from '../../simulator/catalog';
import type { FakeMarkdownString } from '../vscodeFake';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ModelsTreeProvider } = require('../../../src/views/modelsTree') as typeof import('../../../src/views/modelsTree');
type Node = import('../../../src/views/modelsTree').ModelNode;

type Item = { label: string; description: string; tooltip: FakeMarkdownString; iconPath: { id: string }; contextValue: string; command?: { command: string } };

const catalog: Model[] = ModelListSchema.parse({ data: MODELS }).data;

async function view(models: Model[]) {
  const tree = new ModelsTreeProvider(async () => models);
  const groups = await tree.getChildren();
  const rows = new Map<string, Item>();
  const labels = groups.map((g) => (tree.getTreeItem(g) as unknown as Item).label);
  const ids: Record<string, string[]> = {};
  for (const g of groups) {
    const children: Node[] = await tree.getChildren(g);
    ids[(g as { group: string }).group] = children.map((c) => {
      const item = tree.getTreeItem(c) as unknown as Item;
      rows.set(item.label, item);
      return item.label;
    });
  }
  tree.dispose();
  return { labels, ids, rows };
}

test('the Models view groups the catalog into Video · Image · Speech · Music · Sound effects', async () => {
  const { labels, ids } = await view(catalog);
  assert.deepEqual(labels, ['Video', 'Image', 'Speech', 'Music', 'Sound effects']);
  assert.deepEqual(ids, {
    video: ['wan-2.6', 'kling-1', 'seedance-lite'],
    image: ['flux-2-dev', 'imagen-4'],
    speech: ['eleven-tts-v3'],
    music: ['eleven-music-v1'],
    sfx: ['eleven-sfx-v2'],
  });
  assert.ok(!labels.some((l) => /coming later/i.test(l)));
});

test('each model shows its price per unit and its caps', async () => {
  const { rows } = await view(catalog);
  const row = (id: string): Item => rows.get(id)!;
  assert.equal(row('wan-2.6').description, '$0.40/s · 5–10 s · 480p, 720p, 1080p');
  assert.equal(row('wan-2.6').command?.command, 'airforce.generateVideo');
  // 2500 per thousand images: 2.5¢ an image, not rounded to 3¢.
  assert.equal(row('flux-2-dev').description, '$0.025/image · up to 4 · 1:1, 16:9, 9:16, 4:3, 3:4');
  assert.match(row('flux-2-dev').tooltip.value, /Price: \$0\.025 per image\nImages per request: up to 4\nAspect ratios: 1:1/);
  assert.equal(row('flux-2-dev').iconPath.id, 'file-media');
  assert.equal(row('flux-2-dev').command?.command, 'airforce.generateImage');
  assert.match(row('imagen-4').description, /^\$0\.04\/image · up to 1 · /);
  assert.equal(row('eleven-tts-v3').description, '$0.15/1K chars · 2 voices');
  assert.match(row('eleven-tts-v3').tooltip.value, /Price: \$0\.15 per 1,000 characters\nVoices: rachel, adam\nFormats: mp3,/);
  assert.equal(row('eleven-tts-v3').iconPath.id, 'mic');
  assert.equal(row('eleven-music-v1').description, '$0.80/min · 10–300 s');
  assert.equal(row('eleven-music-v1').command?.command, 'airforce.generateMusic');
  assert.equal(row('eleven-sfx-v2').description, '$0.005/s + $0.01/generation · 0.5–22 s');
  assert.match(row('eleven-sfx-v2').tooltip.value, /Price: \$0\.005 per second \+ \$0\.01 per generation/);
  assert.equal(row('eleven-sfx-v2').command?.command, 'airforce.generateSoundEffect');
  for (const item of rows.values()) assert.doesNotMatch(item.tooltip.value, /later version|coming later/);
});

test('a model whose price fields allow no figure says "price unknown"', async () => {
  const image = { ...catalog.find((m) => m.id === 'flux-2-dev')!, id: 'img-noprice', priceperthousandimages: undefined };
  const speech = { ...catalog.find((m) => m.id === 'eleven-tts-v3')!, id: 'tts-noprice', price_per_million_chars_cents: undefined } as Model;
  const flatOnly = { ...catalog.find((m) => m.id === 'eleven-music-v1')!, id: 'music-flat', price_per_audio_minute_cents: undefined, price_per_generation_cents: 5 } as Model;
  const { rows } = await view([image, speech, flatOnly]);
  assert.match(rows.get('img-noprice')!.description, /^price unknown · up to 4/);
  assert.match(rows.get('img-noprice')!.tooltip.value, /Price: price unknown/);
  assert.equal(rows.get('tts-noprice')!.description, 'price unknown · 2 voices');
  // A flat fee alone is a whole price.
  assert.equal(rows.get('music-flat')!.description, '$0.05/generation · 10–300 s');
});
