import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { buildResultFileName, resolveInside, safeFileName, sidecarNameFor, slugify, UnsafePathError, withNumberSuffix } from '../../../src/io/fileNames';

const date = new Date(2025, 0, 7, 23, 30); // local time: the name must use the local date
const taskId = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const SAFE = /^[a-z0-9][a-z0-9-]*\.mp4$/;

describe('buildResultFileName', () => {
  test('date, slug and the first 8 task-id characters', () => {
    assert.equal(buildResultFileName({ prompt: 'A cat surfing a wave', taskId, date }), '2025-01-07-a-cat-surfing-a-wave-f47ac10b.mp4');
  });

  test('uses the local calendar date, not UTC', () => {
    const lateEvening = new Date(2025, 11, 31, 23, 59, 59);
    assert.match(buildResultFileName({ prompt: 'x', taskId, date: lateEvening }), /^2025-12-31-/);
  });

  test('strips diacritics and non-ASCII characters', () => {
    const name = buildResultFileName({ prompt: 'Crème brûlée à Zürich — 東京 ﬁne', taskId, date });
    assert.equal(name, '2025-01-07-creme-brulee-a-zurich-fine-f47ac10b.mp4');
    assert.match(name, SAFE);
  });

  test('falls back to "video" for an empty or symbol-only prompt', () => {
    assert.equal(buildResultFileName({ prompt: '', taskId, date }), '2025-01-07-video-f47ac10b.mp4');
    assert.equal(buildResultFileName({ prompt: '🎬 !!! 東京', taskId, date }), '2025-01-07-video-f47ac10b.mp4');
  });

  test('path tricks in the prompt and task id become plain characters', () => {
    const name = buildResultFileName({ prompt: '../../etc/passwd', taskId: '../..\\C:/x', date });
    assert.equal(name, '2025-01-07-etc-passwd-cx.mp4');
    assert.equal(path.basename(name), name);
  });

  test('reserved device names and trailing dots cannot appear', () => {
    for (const prompt of ['CON', 'nul', 'com1', 'LPT9', 'aux.', 'prn ']) {
      const name = buildResultFileName({ prompt, taskId: '', date });
      assert.match(name, SAFE, prompt);
      assert.ok(!/[. ]$/.test(name));
    }
  });

  test('slug is at most 40 characters, cut at a word boundary, no trailing dash', () => {
    const prompt = 'an extraordinarily long prompt describing a sweeping cinematic shot of mountains at dawn';
    const name = buildResultFileName({ prompt, taskId, date });
    const slug = name.slice('2025-01-07-'.length, -'-f47ac10b.mp4'.length);
    assert.ok(slug.length <= 40, slug);
    assert.equal(slug, 'an-extraordinarily-long-prompt');
    assert.ok(name.length <= 120);
  });

  test('one long word is cut hard at 40', () => {
    const slug = slugify('x'.repeat(100));
    assert.equal(slug, 'x'.repeat(40));
  });

  test('a task id with only symbols is left out', () => {
    assert.equal(buildResultFileName({ prompt: 'sea', taskId: '___', date }), '2025-01-07-sea.mp4');
  });

  test('task id part is lower-case alphanumerics only', () => {
    assert.equal(buildResultFileName({ prompt: 'sea', taskId: 'TASK_AbC-123xyz', date }), '2025-01-07-sea-taskabc1.mp4');
  });
});

describe('safeFileName', () => {
  test('removes characters Windows forbids and control characters', () => {
    assert.equal(safeFileName('a<b>c:d"e/f\\g|h?i*j\u0001k.mp4'), 'a-b-c-d-e-f-g-h-i-j-k.mp4');
  });

  test('prefixes reserved stems, whatever the case or extension', () => {
    assert.equal(safeFileName('CON.mp4'), '_CON.mp4');
    assert.equal(safeFileName('nul.tar.gz'), '_nul.tar.gz');
    assert.equal(safeFileName('Com3.json'), '_Com3.json');
    assert.equal(safeFileName('console.mp4'), 'console.mp4');
  });

  test('drops trailing dots and spaces', () => {
    assert.equal(safeFileName('clip. . '), 'clip');
    assert.equal(safeFileName('clip .mp4'), 'clip.mp4');
  });

  test('caps the length and keeps the extension', () => {
    const name = safeFileName(`${'a'.repeat(300)}.mp4`);
    assert.equal(name.length, 120);
    assert.ok(name.endsWith('.mp4'));
  });
});

describe('companions', () => {
  test('sidecarNameFor swaps the extension', () => {
    assert.equal(sidecarNameFor('2025-01-07-sea-f47ac10b.mp4'), '2025-01-07-sea-f47ac10b.json');
    assert.equal(sidecarNameFor('/some/dir/clip-2.mp4'), 'clip-2.json');
    assert.equal(sidecarNameFor('noext'), 'noext.json');
  });

  test('withNumberSuffix goes before the extension', () => {
    assert.equal(withNumberSuffix('clip.mp4', 2), 'clip-2.mp4');
    assert.equal(withNumberSuffix('/d/clip.mp4', 3), '/d/clip-3.mp4');
  });
});

describe('resolveInside', () => {
  const dir = path.resolve('/tmp/out');

  test('joins a plain name', () => {
    assert.equal(resolveInside(dir, 'clip.mp4'), path.join(dir, 'clip.mp4'));
    assert.equal(resolveInside(dir, 'sub/clip.mp4'), path.join(dir, 'sub', 'clip.mp4'));
  });

  test('refuses escapes, absolute paths, the folder itself and NUL bytes', () => {
    for (const bad of ['../../etc/passwd', '..', '.', '', '/etc/passwd', 'a/../../b', 'clip\0.mp4']) {
      assert.throws(() => resolveInside(dir, bad), UnsafePathError, JSON.stringify(bad));
    }
  });

  test('a name that merely starts with dots is fine', () => {
    assert.equal(resolveInside(dir, '..clip.mp4'), path.join(dir, '..clip.mp4'));
  });
});
