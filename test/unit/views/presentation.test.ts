import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  formatAge,
  formatElapsed,
  isRunning,
  rowNotice,
  shortText,
  taskContextValue,
  taskDescription,
  taskIcon,
  jobLabel,
  type PresentedRecord,
} from '../../../src/views/jobPresentation';
import type { JobRecord } from '../../../src/jobs/types';

const base: JobRecord = {
  localId: 'l1',
  taskId: 't1',
  kind: 'video',
  origin: { type: 'command' },
  model: 'wan-2.6',
  prompt: 'A red fox',
  mode: 'text',
  duration_seconds: 8,
  extra: {},
  inputImageSources: [],
  status: 'processing',
  progress: 42.4,
  costCents: 320,
  created: 1_000_000,
};

test('context values let menus tell saved and unsaved completed tasks apart', () => {
  assert.equal(taskContextValue({ ...base, status: 'completed' }), 'airforce.task.video.completed');
  assert.equal(taskContextValue({ ...base, status: 'completed', savedPath: '/x.mp4' }), 'airforce.task.video.completed.saved');
  assert.equal(taskContextValue({ ...base, status: 'waiting' }), 'airforce.task.video.waiting');
});

test('description shows model, duration, cost, progress and age', () => {
  assert.equal(taskDescription(base, (1_000_000 + 125) * 1000), 'wan-2.6 · 8s · $3.20 · 42% · 2m');
  assert.equal(taskDescription({ ...base, status: 'completed', progress: 100 }, 1_000_030_000), 'wan-2.6 · 8s · $3.20 · 30s');
});

test('a failed or expired job the server did not bill shows no cost; one it billed, or of unknown fate, does', () => {
  const now = 1_000_030_000;
  assert.equal(taskDescription({ ...base, status: 'failed' }, now), 'wan-2.6 · 8s · 30s');
  assert.equal(taskDescription({ ...base, status: 'expired' }, now), 'wan-2.6 · 8s · 30s');
  assert.match(taskDescription({ ...base, status: 'failed', settledCostCents: 160 }, now), / · \$\d/, 'billed: a cost is shown');
  assert.equal(taskDescription({ ...base, status: 'fate-unknown' }, now), 'wan-2.6 · 8s · $3.20 · 30s');
});

test('age is compact and never negative', () => {
  assert.equal(formatAge(100, 50_000), '0s');
  assert.equal(formatAge(0, 3 * 3600 * 1000), '3h');
  assert.equal(formatAge(0, 2 * 86400 * 1000), '2d');
});

test('labels are one line and bounded', () => {
  assert.equal(jobLabel({ ...base, prompt: 'a\n  b' }), 'a b');
  assert.equal(jobLabel({ ...base, prompt: 'x'.repeat(200) }).length, 80);
  assert.equal(jobLabel({ ...base, prompt: '' }), 't1');
});

test('icons and running state follow the status', () => {
  assert.equal(taskIcon({ ...base, status: 'failed' }).id, 'error');
  assert.equal(taskIcon({ ...base, status: 'processing' }).id, 'loading~spin');
  assert.equal(taskIcon({ ...base, status: 'completed', savedPath: '/a' }).id, 'pass-filled');
  assert.equal(isRunning({ ...base, status: 'waiting' }), true);
  assert.equal(isRunning({ ...base, status: 'expired' }), false);
});

// ---- issue 7: states the tracker can now report (records are read defensively: older ones lack the fields)

const as = (patch: Omit<Partial<PresentedRecord>, 'status'> & { status: string }): PresentedRecord => ({ ...base, ...patch }) as PresentedRecord;

test('#1 a create whose fate is unknown has its own context value, icon and notice, and is not running', () => {
  const r = as({ status: 'fate-unknown', taskId: undefined, progress: 0 });
  assert.equal(taskContextValue(r), 'airforce.task.video.fate-unknown');
  assert.deepEqual(rowNotice(r), { kind: 'fate-unknown' });
  const icon = taskIcon(r);
  assert.notEqual(icon.id, taskIcon(as({ status: 'failed' })).id);
  assert.notEqual(icon.id, taskIcon(as({ status: 'waiting' })).id);
  assert.equal(isRunning(r), false, 'it occupies no slot and the status bar does not count it');
  // The menus: "Download"/"Open" match ^airforce\.task\.completed, nothing else may.
  assert.doesNotMatch(taskContextValue(r), /^airforce\.task\.completed/);
});

test('#4 a waiting record shows why it waits and since when', () => {
  const r = as({ status: 'waiting', waitReason: 'The API allows 4 videos at a time: waiting for a free slot.', waitingSince: 1_000_000 });
  assert.deepEqual(rowNotice(r), { kind: 'waiting', reason: 'The API allows 4 videos at a time: waiting for a free slot.', since: 1_000_000 });
  assert.equal(formatElapsed(1_000_000, (1_000_000 + 42) * 1000), '0:42');
  assert.equal(formatElapsed(1_000_000, (1_000_000 + 3723) * 1000), '1:02:03');
  assert.equal(shortText('The API allows 4 videos at a time: waiting for a free slot.'), 'The API allows 4 videos at a time');
  assert.equal(shortText('Rate limited by the API: next try at 12:03:05.'), 'Rate limited by the API');
  assert.deepEqual(rowNotice(as({ status: 'waiting' })), { kind: 'waiting', reason: undefined, since: undefined }, 'older records: no reason');
});

test('#4 a failed record the server provably refused offers Try Again, with its error', () => {
  const refused = as({ status: 'failed', retryable: true, error: 'Daily request cap reached (429).' });
  assert.equal(taskContextValue(refused), 'airforce.task.video.failed.retryable');
  assert.deepEqual(rowNotice(refused), { kind: 'retryable', error: 'Daily request cap reached (429).' });
  assert.doesNotMatch(taskContextValue(refused), /^airforce\.task\.completed/);
  const plain = as({ status: 'failed', error: 'boom' });
  assert.equal(taskContextValue(plain), 'airforce.task.video.failed');
  assert.deepEqual(rowNotice(plain), { kind: 'failed', error: 'boom' });
});

test("#9 an unrecognized status is shown as the server's word and still counts as running", () => {
  const r = as({ status: 'unrecognized', rawStatus: 'paused_for_review' });
  assert.deepEqual(rowNotice(r), { kind: 'unrecognized', raw: 'paused_for_review' });
  assert.equal(taskContextValue(r), 'airforce.task.video.unrecognized');
  assert.equal(isRunning(r), true);
  assert.equal(taskIcon(r).id, 'question');
  // A status string newer than this code (persisted by another version) draws a row instead of throwing.
  const future = as({ status: 'archived' });
  assert.deepEqual(rowNotice(future), { kind: 'unrecognized', raw: 'archived' });
  assert.equal(taskContextValue(future), 'airforce.task.video.unrecognized');
});

test('#9 a running task whose status reads keep failing shows the problem while it is still followed', () => {
  const r = as({ status: 'processing', error: 'HTTP 500 from the server' });
  assert.deepEqual(rowNotice(r), { kind: 'troubled', error: 'HTTP 500 from the server' });
  assert.equal(taskIcon(r).id, 'warning');
  assert.equal(isRunning(r), true);
  assert.equal(taskContextValue(r), 'airforce.task.video.processing');
  assert.equal(rowNotice(as({ status: 'processing' })), undefined);
});

test('a finished result not downloaded yet says it is ready to download; a saved one says nothing more', () => {
  assert.deepEqual(rowNotice(as({ status: 'completed' })), { kind: 'ready' });
  assert.equal(rowNotice(as({ status: 'completed', savedPath: '/o/a.mp4' })), undefined);
});
