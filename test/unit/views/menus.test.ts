// The Tasks view's row menus and welcome as package.json declares them, evaluated for rows the real
// TasksTreeProvider draws (the same `when` forms VS Code evaluates: view, viewItem ==, !=, =~).
import '../vscodeFake';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { JobRecord } from '../../../src/jobs/types';
import { taskRecord } from '../jobs/record-helpers';
import { rowMenu, type MenuItem } from './menu-helpers';
import { ui } from '../vscodeFake';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TasksTreeProvider } = require('../../../src/views/tasksTree') as typeof import('../../../src/views/tasksTree');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KEY_MISSING_CONTEXT, trackKeyContext } = require('../../../src/views/keyContext') as typeof import('../../../src/views/keyContext');

const root = path.resolve(__dirname, '../../../..');
const readJson = <T>(name: string): T => JSON.parse(readFileSync(path.join(root, name), 'utf8')) as T;

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, MenuItem[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
    configuration: { properties: Record<string, { markdownDescription?: string }> };
  };
}
const manifest = readJson<Manifest>('package.json');
const LANGS = ['', '.ru', '.it'];
const nls = Object.fromEntries(LANGS.map((l) => [l, readJson<Record<string, string>>(`package.nls${l}.json`)]));
const text = (value: string, lang = ''): string => value.replace(/^%(.+)%$/, (_m, key: string) => nls[lang]![key] ?? `<missing ${key}>`);
const title = (command: string): string => text(manifest.contributes.commands.find((c) => c.command === command)!.title);

/** The row's menu entries (titles, inline or not) for a context value, as VS Code evaluates them. */
function menuTitles(contextValue: string): string[] {
  return [...new Set(rowMenu(manifest.contributes.menus, contextValue).map((i) => title(i.command)))].sort();
}

function contextOf(record: Partial<JobRecord>): string {
  const r = { ...taskRecord({ created: 1000 }), ...record } as JobRecord;
  const tree = new TasksTreeProvider(() => ({ records: () => [r], get: () => r, onDidChange: () => ({ dispose() {} }) }));
  const value = String(tree.getTreeItem(r.localId).contextValue);
  tree.dispose();
  return value;
}

test("fh#5 each kind's row menu has its own words: Open Video/Image/Audio, Copy Task ID only on videos, Copy Request ID on the others", () => {
  const done = { status: 'completed' as const, taskId: 'id-1' };
  // A saved video or sound is itself workspace media: the operations on a file are offered on it too.
  const ops = ['Change Voice…', 'Dub into…', 'Isolate Voice', 'Transcribe'];
  const sorted = (titles: string[]): string[] => [...titles].sort();
  assert.deepEqual(menuTitles(contextOf({ ...done, savedPath: '/o/v.mp4' })), sorted(['Copy Task ID', 'Delete Task', 'Generate Again…', 'Open Video', ...ops]));
  assert.deepEqual(menuTitles(contextOf({ ...done })), ['Copy Task ID', 'Delete Task', 'Download Video', 'Generate Again…', 'Open Video']);
  const image = menuTitles(contextOf({ ...done, kind: 'image', savedPath: '/o/a.png', files: ['/o/a.png'] }));
  assert.deepEqual(image, ['Copy Request ID', 'Delete Task', 'Generate Again…', 'Open Image']);
  for (const kind of ['speech', 'music', 'sfx', 'isolate', 'voiceChange', 'dub'] as const) {
    // A dubbing job has a server job id like a video task's.
    const copy = kind === 'dub' ? 'Copy Task ID' : 'Copy Request ID';
    assert.deepEqual(
      menuTitles(contextOf({ ...done, kind, savedPath: '/o/a.mp3', files: ['/o/a.mp3'] })),
      sorted([copy, 'Delete Task', 'Generate Again…', 'Open Audio', ...ops]),
      kind,
    );
  }
  // A transcript is text: opened as a file, no operation on sound offered.
  assert.deepEqual(menuTitles(contextOf({ ...done, kind: 'transcribe', savedPath: '/o/a.transcript.txt', files: ['/o/a.transcript.txt'] })), [
    'Copy Request ID',
    'Delete Task',
    'Generate Again…',
    'Open Transcript',
  ]);
  // What each state offered before stays, for every kind.
  for (const kind of ['video', 'image'] as const) {
    assert.deepEqual(menuTitles(contextOf({ kind, status: 'fate-unknown' })), ['Delete Task', 'Generate Again…', 'Look Again', 'Send Again (May Be Billed Twice)'], kind);
  }
  assert.deepEqual(
    menuTitles(contextOf({ status: 'failed', retryable: true, error: 'cap' })),
    ['Delete Task', 'Generate Again…', 'Try Again'],
    'a refused create has no task id to copy',
  );
  assert.deepEqual(menuTitles(contextOf({ status: 'waiting' })), ['Delete Task', 'Generate Again…']);
  // Every command a menu names has its words in every language.
  for (const lang of LANGS) {
    for (const item of manifest.contributes.menus['view/item/context']!) {
      const c = manifest.contributes.commands.find((x) => x.command === item.command);
      assert.ok(c && !text(c.title, lang).startsWith('<missing'), `${item.command} has a title in package.nls${lang}.json`);
    }
  }
});

test('fh#5 the Tasks welcome speaks of every kind, shows no literal backticks, and offers Set API Key only while no key is set', () => {
  const tasks = manifest.contributes.viewsWelcome.filter((w) => w.view === 'airforce.tasks');
  for (const lang of LANGS) {
    for (const w of tasks) assert.doesNotMatch(text(w.contents, lang), /`/, `no backticks (package.nls${lang}.json)`);
  }
  const always = tasks.filter((w) => w.when === undefined);
  assert.ok(always.length > 0);
  for (const w of always) {
    assert.doesNotMatch(text(w.contents), /command:airforce\.setApiKey/, 'no "Set API Key" when a key is set');
    assert.doesNotMatch(text(w.contents), /No videos/);
    assert.match(text(w.contents), /images/);
  }
  const key = tasks.filter((w) => /command:airforce\.setApiKey/.test(text(w.contents)));
  assert.deepEqual(
    key.map((w) => w.when),
    [KEY_MISSING_CONTEXT],
  );
});

test('fh#5 the context key follows the key store: missing, then set, then cleared', async () => {
  let key: string | undefined;
  const listeners: (() => void)[] = [];
  const set: [string, boolean][] = [];
  let first: (() => void) | undefined;
  const tracking = trackKeyContext(
    { get: async () => key, onDidChange: (l) => (listeners.push(l), { dispose() {} }) },
    async (k, v) => void set.push([k, v]),
    (fn) => ((first = fn), { dispose() {} }),
  );
  assert.deepEqual(set, [], 'nothing is read during activation');
  first!();
  await new Promise((r) => setImmediate(r));
  key = 'sk-air-x';
  for (const l of listeners) l();
  await new Promise((r) => setImmediate(r));
  key = undefined;
  for (const l of listeners) l();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(set, [
    [KEY_MISSING_CONTEXT, true],
    [KEY_MISSING_CONTEXT, false],
    [KEY_MISSING_CONTEXT, true],
  ]);
  tracking.dispose();
  ui.reset();
});

test('fh#5 settings that apply to every kind say so; Show Spending is revived after a reload', () => {
  const props = manifest.contributes.configuration.properties;
  for (const name of ['airforce.outputDirectory', 'airforce.autoDownload', 'airforce.confirmCostAboveCents']) {
    for (const lang of LANGS) {
      const d = text(props[name]!.markdownDescription!, lang);
      assert.ok(!d.startsWith('<missing'), `${name} in package.nls${lang}.json`);
    }
    assert.match(text(props[name]!.markdownDescription!), /image/i, `${name} speaks of images too`);
  }
  assert.ok(manifest.activationEvents.includes('onWebviewPanel:airforce.spending'));
});
