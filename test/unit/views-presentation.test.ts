import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatAge, isRunning, taskContextValue, taskDescription, taskIcon, taskLabel } from '../../src/views/taskPresentation';
import type { TaskRecord } from '../../src/tasks/types';

const base: TaskRecord = {
  localId: 'l1',
  taskId: 't1',
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
  assert.equal(taskContextValue({ ...base, status: 'completed' }), 'airforce.task.completed');
  assert.equal(taskContextValue({ ...base, status: 'completed', savedPath: '/x.mp4' }), 'airforce.task.completed.saved');
  assert.equal(taskContextValue({ ...base, status: 'waiting' }), 'airforce.task.waiting');
});

test('description shows model, duration, cost, progress and age', () => {
  assert.equal(taskDescription(base, (1_000_000 + 125) * 1000), 'wan-2.6 · 8s · $3.20 · 42% · 2m');
  assert.equal(taskDescription({ ...base, status: 'completed', progress: 100 }, 1_000_030_000), 'wan-2.6 · 8s · $3.20 · 30s');
});

test('age is compact and never negative', () => {
  assert.equal(formatAge(100, 50_000), '0s');
  assert.equal(formatAge(0, 3 * 3600 * 1000), '3h');
  assert.equal(formatAge(0, 2 * 86400 * 1000), '2d');
});

test('labels are one line and bounded', () => {
  assert.equal(taskLabel({ ...base, prompt: 'a\n  b' }), 'a b');
  assert.equal(taskLabel({ ...base, prompt: 'x'.repeat(200) }).length, 80);
  assert.equal(taskLabel({ ...base, prompt: '' }), 't1');
});

test('icons and running state follow the status', () => {
  assert.equal(taskIcon({ ...base, status: 'failed' }).id, 'error');
  assert.equal(taskIcon({ ...base, status: 'processing' }).id, 'loading~spin');
  assert.equal(taskIcon({ ...base, status: 'completed', savedPath: '/a' }).id, 'pass-filled');
  assert.equal(isRunning({ ...base, status: 'waiting' }), true);
  assert.equal(isRunning({ ...base, status: 'expired' }), false);
});
