// A comparison's group: the stored groups (what was asked, the kept job), the cards built from the
// tracker's records (each model's newest job), the grid's view with file URIs, and the Tasks view,
// where a comparison is ONE row with its jobs as children and the kept job says so.
import '../vscodeFake';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Model } from '../../../src/api/schemas/schemas';
import { canKeep, canRetry, cardsOf, latestByModel } from '../../../src/compare/cards';
import { CompareGroups, GROUPS_KEY, MAX_GROUPS, type CompareGroup } from '../../../src/compare/groupStore';
import type { JobRecord } from '../../../src/jobs/types';
import { groupView } from '../../../src/compare/host/groupView';
import { MODELS } from '../../simulator/catalog';
import { taskRecord } from '../jobs/record-helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TasksTreeProvider } = require('../../../src/views/tasksTree') as typeof import('../../../src/views/tasksTree');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rows = require('../../../src/compare/groupRows') as typeof import('../../../src/compare/groupRows');

function memory() {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k: string, v: unknown) => void data.set(k, JSON.parse(JSON.stringify(v))), data };
}

const group = (over: Partial<CompareGroup> = {}): CompareGroup => ({
  id: 'g1',
  form: { kind: 'video', models: ['wan-2.6', 'seedance-lite', 'kling-1'], prompt: 'A fox', image: 'shots/fox.png' },
  created: 100,
  ...over,
});
const job = (over: Partial<JobRecord>): JobRecord => taskRecord({ origin: { type: 'compare', group: 'g1' }, ...over });

test('CompareGroups keeps groups in workspace state, the kept job per group, and fires on change', async () => {
  const store = memory();
  const groups = new CompareGroups(store);
  const fired: string[] = [];
  groups.onDidChange((id) => fired.push(id));
  await groups.add(group());
  await groups.add(group({ id: 'g2' }));
  await groups.setKept('g1', 'job-a');
  assert.equal(groups.kept('g1'), 'job-a');
  assert.equal(groups.kept('g2'), undefined);
  assert.deepEqual(fired, ['g1', 'g2', 'g1']);
  // A fresh reader (a reloaded window) sees the same.
  assert.equal(new CompareGroups(store).get('g1')?.form.image, 'shots/fox.png');
  await groups.setKept('g1', undefined);
  assert.equal(groups.kept('g1'), undefined);
});

test('CompareGroups drops stored values that do not fit and keeps at most MAX_GROUPS', async () => {
  const store = memory();
  store.data.set(GROUPS_KEY, [group(), { id: 'bad' }, { ...group({ id: 'g3' }), form: { kind: 'speech', models: [], prompt: '' } }, 7]);
  const groups = new CompareGroups(store);
  assert.deepEqual(
    groups.all().map((g) => g.id),
    ['g1'],
  );
  for (let i = 0; i < MAX_GROUPS + 5; i++) await groups.add(group({ id: `n${i}` }));
  const all = groups.all();
  assert.equal(all.length, MAX_GROUPS);
  assert.equal(all[all.length - 1]!.id, `n${MAX_GROUPS + 4}`, 'newest last');
});

test('cards: one per model in the asked order, each showing its newest job (a Retry replaces a failed one)', () => {
  const records = [
    job({ localId: 'a1', model: 'wan-2.6', status: 'failed', created: 10, error: 'boom' }),
    job({ localId: 'a2', model: 'wan-2.6', status: 'processing', progress: 42, created: 20, costCents: 200 }),
    job({ localId: 'b1', model: 'seedance-lite', status: 'completed', created: 10, completedAt: 70, costCents: 25, settledCostCents: 20, savedPath: '/out/b.mp4' }),
    taskRecord({ localId: 'x', model: 'kling-1', origin: { type: 'compare', group: 'other' } }),
  ];
  assert.equal(latestByModel(records.slice(0, 2)).get('wan-2.6')?.localId, 'a2');
  const cards = cardsOf(
    group({ kept: 'b1' }),
    records,
    (m) => (m === 'seedance-lite' ? ['image'] : []),
    () => undefined,
  );
  assert.deepEqual(
    cards.map((c) => c.model),
    ['wan-2.6', 'seedance-lite', 'kling-1'],
  );
  assert.equal(cards[0]!.job?.localId, 'a2');
  assert.equal(cards[0]!.job?.progress, 42);
  assert.equal(cards[0]!.job?.estimateCents, 200);
  assert.equal(cards[0]!.job?.settledCents, undefined, 'no settled cost while running');
  assert.equal(cards[1]!.job?.settledCents, 20);
  assert.equal(cards[1]!.job?.endedAt, 70_000);
  assert.equal(cards[1]!.job?.kept, true);
  assert.deepEqual(cards[1]!.unsupported, ['image']);
  assert.equal(cards[2]!.job, undefined, 'another group’s job is not this card’s');
});

test('Retry only for failed cards (never a fate-unknown one); Keep only for a saved result', () => {
  const card = (r: Partial<JobRecord>) =>
    cardsOf(
      group(),
      [job({ localId: 'j', ...r })],
      () => [],
      () => undefined,
    )[0]!.job;
  assert.equal(canRetry(card({ status: 'failed' })), true);
  assert.equal(canRetry(card({ status: 'fate-unknown' })), false);
  assert.equal(canRetry(card({ status: 'processing' })), false);
  assert.equal(canRetry(undefined), false);
  assert.equal(canKeep(card({ status: 'completed', savedPath: '/o/a.mp4' })), true);
  assert.equal(canKeep(card({ status: 'completed' })), false);
  assert.equal(canKeep(card({ status: 'failed' })), false);
});

test('the grid view names files by webview URI only; a gone file has an empty uri', async () => {
  const models = MODELS as unknown as Model[];
  const records = [
    job({ localId: 'a', model: 'wan-2.6', status: 'completed', savedPath: '/out/a.mp4', completedAt: 50 }),
    job({ localId: 'b', model: 'seedance-lite', status: 'completed', savedPath: '/out/gone.mp4', completedAt: 50 }),
  ];
  const view = await groupView(group(), records, models, {
    endedAt: () => undefined,
    playable: async (f) => (f.includes('gone') ? undefined : `https://webview/${f.split('/').pop()}?v=1`),
  });
  assert.equal(view.id, 'g1');
  assert.deepEqual(view.cards[0]!.job?.files, [{ uri: 'https://webview/a.mp4?v=1', name: 'a.mp4', media: 'video' }]);
  assert.equal(view.cards[1]!.job?.files[0]?.uri, '');
  assert.deepEqual(view.cards[1]!.unsupported, ['image'], 'seedance-lite has no image mode');
  assert.equal(view.cards[0]!.canKeep, true);
  assert.equal(view.cards[0]!.job?.estimateCents, 200, 'a video without a figure of its own: 5 s × 40 ¢ from the caps');
  assert.ok(!JSON.stringify(view).includes('/out/'), 'no path reaches the webview');
});

function source(list: JobRecord[]) {
  return { records: () => list, get: (id: string) => list.find((r) => r.localId === id), onDidChange: () => ({ dispose() {} }) };
}

test('Tasks view: a comparison is one row at its newest job, its jobs are its children, the kept one says so', () => {
  const list = [
    job({ localId: 'c2', model: 'kling-1', created: 30 }),
    taskRecord({ localId: 'solo', created: 25 }),
    job({ localId: 'c1', model: 'wan-2.6', created: 20, status: 'completed', savedPath: '/o/w.mp4' }),
  ];
  assert.deepEqual(rows.topLevelRows(list), ['compare:g1', 'solo']);
  const tree = new TasksTreeProvider(
    () => source(list),
    () => 40_000,
  );
  const listeners: Array<(id: string) => void> = [];
  tree.attachGroups({ kept: (g) => (g === 'g1' ? 'c1' : undefined), onDidChange: (l) => (listeners.push(l), { dispose() {} }) });
  assert.deepEqual(tree.getChildren(), ['compare:g1', 'solo']);
  assert.deepEqual(tree.getChildren('compare:g1'), ['c2', 'c1']);
  const groupRow = tree.getTreeItem('compare:g1') as unknown as { label: string; contextValue: string; description: string; command: { command: string; arguments: unknown[] } };
  assert.equal(groupRow.contextValue, 'airforce.compare.group');
  assert.match(groupRow.label, /^Compare: A red fox$/);
  assert.match(groupRow.description, /^wan-2\.6, kling-1 · /);
  assert.deepEqual(groupRow.command.arguments, ['g1']);
  const kept = tree.getTreeItem('c1') as unknown as { description: string };
  const other = tree.getTreeItem('c2') as unknown as { description: string };
  assert.match(kept.description, /^★ kept · /);
  assert.doesNotMatch(other.description, /kept/);
  assert.equal(listeners.length, 1, 'a new winner redraws the view');
  tree.dispose();
});
