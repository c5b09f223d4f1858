// The grid's host side against the shared `vscode` stand-in: its own view type and strict-CSP page,
// nothing posted before `ready`, zod at the boundary (a path is dropped), the group's cards with
// webview URIs only, following the tracker (its own group only), file actions limited to the group's
// jobs, "Compare again", and the serializer's revive from the app's saved state.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { CompareGroups } from '../../../src/compare/groupStore';
import { mediaSidecarFromRecord, writeMediaSidecar } from '../../../src/jobs/sync/mediaSidecar';
import type { JobRecord } from '../../../src/jobs/types';
import type { CompareHostMessage } from '../../../src/compare/constants';
import { MODELS } from '../../simulator/catalog';
import { taskRecord } from '../jobs/record-helpers';
import { waitFor } from '../jobs/helpers';
import { fakeVscode, FakeEventEmitter, FakeUri, FakeWebviewPanel, ui } from '../vscodeFake';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ComparePanel } = require('../../../src/compare/host/panel') as typeof import('../../../src/compare/host/panel');
type Panel = FakeWebviewPanel<CompareHostMessage>;
const calls = ui as Omit<typeof ui, 'panels'> & { panels: Panel[] };

const tmp = mkdtempSync(path.join(os.tmpdir(), 'af-compare-'));
fakeVscode.workspace.workspaceFolders = [{ uri: FakeUri.file(tmp) }];
const outDir = path.join(tmp, 'out');
mkdirSync(outDir, { recursive: true });
const saved = path.join(outDir, 'fox-wan.mp4');
writeFileSync(saved, 'mp4');

const types = (p: Panel): string[] => p.posted.map((m) => m.type);
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 30));

function harness() {
  const data = new Map<string, unknown>();
  const groups = new CompareGroups({ get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => void data.set(k, v) });
  const records = new Map<string, JobRecord>();
  const change = new FakeEventEmitter<JobRecord | undefined>();
  const warnings: string[] = [];
  const log = { warn: (m: string) => warnings.push(m), info() {}, error: (m: string) => warnings.push(m), debug() {}, trace() {} };
  const af = {
    log,
    compareGroups: groups,
    allModels: async () => MODELS,
    tracker: { records: () => [...records.values()], get: (id: string) => records.get(id), onDidChange: (l: (r: JobRecord | undefined) => void) => change.event(l) },
  };
  const host = {
    extensionUri: FakeUri.file('/ext'),
    outputDir: () => FakeUri.file(outDir),
    voicePreviewDir: () => undefined,
    confirmCostAboveCents: () => 500,
    trackerRecord: (id: string) => records.get(id),
    logger: log,
  };
  return { af: af as never, host: host as never, groups, records, change, warnings };
}

const job = (over: Partial<JobRecord>): JobRecord => taskRecord({ origin: { type: 'compare', group: 'g1' }, ...over });

describe('comparison grid host', () => {
  afterEach(() => {
    for (const p of calls.panels) p.dispose();
    calls.panels.length = 0;
    ui.commands.length = 0;
  });

  it('opens its own panel with a strict nonce CSP and posts nothing before the app is ready', async () => {
    const h = harness();
    ComparePanel.show(h.af, h.host);
    const panel = calls.panels.at(-1)!;
    assert.equal(panel.viewType, 'airforce.compare');
    assert.match(panel.webview.html, /default-src 'none'/);
    assert.match(panel.webview.html, /<script nonce="[A-Za-z0-9+/=]{16,}" src="[^"]*\/dist\/webview\/compare\.js"/);
    assert.match(panel.webview.html, /media\/compare\.css/);
    await settle();
    assert.deepEqual(types(panel), []);
    panel.send({ type: 'ready' });
    await settle();
    assert.deepEqual(types(panel), ['init', 'busy', 'models']);
  });

  it('drops a message naming a path, and opens files only of the shown comparison’s jobs', async () => {
    const h = harness();
    await h.groups.add({ id: 'g1', form: { kind: 'video', models: ['wan-2.6', 'kling-1'], prompt: 'A fox' }, created: 1 });
    h.records.set('a', job({ localId: 'a', status: 'completed', savedPath: saved }));
    h.records.set('x', taskRecord({ localId: 'x', status: 'completed', savedPath: saved }));
    ComparePanel.show(h.af, h.host, { group: 'g1' });
    const panel = calls.panels.at(-1)!;
    panel.send({ type: 'ready' });
    await settle();
    panel.send({ type: 'compare', form: { kind: 'video', models: ['wan-2.6', 'kling-1'], prompt: 'A fox', image: '/etc/passwd' } });
    panel.send({ type: 'openFile', localId: 'x' });
    panel.send({ type: 'openFile', localId: 'a' });
    await settle();
    assert.match(h.warnings.join('\n'), /dropped a message from the webview: form\.image/);
    assert.match(h.warnings.join('\n'), /openFile refused: not a job of the shown comparison/);
    assert.deepEqual(
      ui.commands.map((c) => [c.id, (c.args[0] as FakeUri).fsPath]),
      [['vscode.open', saved]],
    );
  });

  it('shows the group as cards with webview URIs, follows its own jobs only, and reveals once', async () => {
    const h = harness();
    await h.groups.add({ id: 'g1', form: { kind: 'video', models: ['wan-2.6', 'seedance-lite'], prompt: 'A fox', image: 'shots/fox.png' }, created: 1 });
    h.records.set('a', job({ localId: 'a', model: 'wan-2.6', status: 'completed', savedPath: saved, completedAt: 90, created: 30 }));
    h.records.set('b', job({ localId: 'b', model: 'seedance-lite', status: 'processing', progress: 40, created: 30 }));
    ComparePanel.show(h.af, h.host, { group: 'g1' });
    const panel = calls.panels.at(-1)!;
    panel.send({ type: 'ready' });
    await settle();
    const groups = () => panel.posted.filter((m): m is Extract<CompareHostMessage, { type: 'group' }> => m.type === 'group');
    const first = groups().at(-1)!;
    assert.equal(first.reveal, true);
    assert.deepEqual(
      first.group.cards.map((c) => [c.model, c.job?.status, c.unsupported]),
      [
        ['wan-2.6', 'completed', []],
        ['seedance-lite', 'processing', ['image']],
      ],
    );
    assert.match(first.group.cards[0]!.job!.files[0]!.uri, /^https:.*fox-wan\.mp4\?v=\d+$/);
    // Only a webview URI carries the file's location (as VS Code's do); no other field names a path.
    assert.ok(!JSON.stringify(panel.posted, (k, v: unknown) => (k === 'uri' ? undefined : v)).includes(tmp), 'no local path reaches the webview');

    const count = groups().length;
    h.change.fire(taskRecord({ localId: 'other', origin: { type: 'compare', group: 'g-other' } }));
    await settle();
    assert.equal(groups().length, count, 'another comparison’s job does not redraw this grid');
    h.records.set('b', { ...h.records.get('b')!, progress: 80 });
    h.change.fire(h.records.get('b'));
    await settle();
    const latest = groups().at(-1)!;
    assert.equal(latest.reveal, false);
    assert.equal(latest.group.cards[1]!.job?.progress, 80);
  });

  it('Keep marks the winner in its sidecar and in the group, and the grid redraws with it kept', async () => {
    const h = harness();
    await h.groups.add({ id: 'g1', form: { kind: 'image', models: ['flux-2-dev', 'imagen-4'], prompt: 'A lemon' }, created: 1 });
    const png = path.join(outDir, 'lemon-flux.png');
    writeFileSync(png, 'png');
    const winner = job({
      localId: 'w',
      kind: 'image',
      model: 'flux-2-dev',
      status: 'completed',
      taskId: 'req-1',
      files: [png],
      savedPath: png,
      origin: { type: 'compare', group: 'g1' },
    });
    await writeMediaSidecar(png, mediaSidecarFromRecord(winner, png));
    h.records.set('w', winner);
    ComparePanel.show(h.af, h.host, { group: 'g1' });
    const panel = calls.panels.at(-1)!;
    panel.send({ type: 'ready' });
    await settle();
    panel.send({ type: 'keep', localId: 'w' });
    // Two sidecar rewrites and the grid's redraw: waited for, not timed (30 ms is short on a busy machine).
    const keptCard = (): boolean => panel.posted.some((m) => m.type === 'group' && m.group.cards[0]?.job?.kept === true);
    await waitFor(keptCard, 'the grid redrawn with the winner kept');
    assert.equal(JSON.parse(readFileSync(path.join(outDir, 'lemon-flux.json'), 'utf8')).kept, true);
    assert.equal(h.groups.kept('g1'), 'w');
    const last = panel.posted.filter((m) => m.type === 'group').at(-1);
    assert.equal(last?.type === 'group' && last.group.cards[0]!.job?.kept, true);
  });

  it('Compare again pre-fills the form from the group; a revived grid shows its group again', async () => {
    const h = harness();
    await h.groups.add({ id: 'g1', form: { kind: 'image', models: ['flux-2-dev', 'imagen-4'], prompt: 'A lemon', n: 2 }, created: 1 });
    const restored = new FakeWebviewPanel<CompareHostMessage>('airforce.compare', 'Airforce: Compare Models', {});
    calls.panels.push(restored);
    ComparePanel.revive(h.af, h.host, restored as never, { view: 'grid', groupId: 'g1', form: {} });
    restored.send({ type: 'ready' });
    await settle();
    const group = restored.posted.find((m) => m.type === 'group');
    assert.equal(group?.type === 'group' && group.group.id, 'g1');
    restored.send({ type: 'compareAgain' });
    await settle();
    assert.deepEqual(restored.posted.at(-1), { type: 'prefill', form: { kind: 'image', models: ['flux-2-dev', 'imagen-4'], prompt: 'A lemon', n: 2 } });
  });
});
