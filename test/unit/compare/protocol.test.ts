// The grid's messages from the webview are parsed with zod before the host acts: strict shapes,
// images only as host tokens or https URLs (never a path), files only by local id, bounded sizes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupIdFromState, parseCompareMessage } from '../../../src/compare/protocol';

const TOKEN = 'img:AAAAAAAAAAAAAAAAAAAAAAAA';
const form = { kind: 'video', models: ['wan-2.6', 'kling-1'], prompt: 'A fox', duration_seconds: 5, aspect_ratio: '16:9' };

test('accepts the messages the app sends', () => {
  const good: unknown[] = [
    { type: 'ready' },
    { type: 'requestModels', refresh: true },
    { type: 'pickImage' },
    { type: 'check', seq: 3, form },
    { type: 'compare', form: { ...form, image: TOKEN } },
    { type: 'compare', form: { kind: 'image', models: ['flux-2-dev', 'imagen-4'], prompt: 'A lemon', n: 2, image: 'https://example.com/a.png' } },
    { type: 'openFile', localId: 'l1' },
    { type: 'revealFile', localId: 'l1', index: 2 },
    { type: 'retry', model: 'wan-2.6' },
    { type: 'keep', localId: 'l1' },
    { type: 'compareAgain' },
  ];
  for (const m of good) assert.equal(parseCompareMessage(m).ok, true, JSON.stringify(m));
});

test('refuses paths, unknown fields and types, bad values and oversized messages', () => {
  const bad: Array<[unknown, RegExp]> = [
    [{ type: 'compare', form: { ...form, image: '/home/me/secret.png' } }, /form\.image/],
    [{ type: 'compare', form: { ...form, image: 'file:///etc/passwd' } }, /form\.image/],
    [{ type: 'compare', form: { ...form, image: 'http://example.com/a.png' } }, /form\.image/],
    [{ type: 'openFile', path: '/etc/passwd' }, /localId|path/],
    [{ type: 'openFile', localId: 'l1', path: '/etc/passwd' }, /.+/],
    [{ type: 'compare', form: { ...form, kind: 'speech' } }, /form\.kind/],
    [{ type: 'compare', form: { ...form, models: ['a', 'b', 'c', 'd', 'e'] } }, /form\.models/],
    [{ type: 'compare', form: { ...form, duration_seconds: 5.5 } }, /form\.duration_seconds/],
    [{ type: 'compare', form: { ...form, input_images: [{ b64_json: 'AAAA' }] } }, /.+/],
    [{ type: 'deleteEverything' }, /.+/],
    [{ type: 'check', seq: 1, form: { ...form, prompt: 'x'.repeat(70_000) } }, /too large/],
    ['ready', /.+/],
  ];
  for (const [m, reason] of bad) {
    const parsed = parseCompareMessage(m);
    assert.equal(parsed.ok, false, JSON.stringify(m).slice(0, 120));
    if (!parsed.ok) assert.match(parsed.reason, reason);
  }
});

test('the saved state names the group the grid showed; anything else reads as none', () => {
  assert.equal(groupIdFromState({ view: 'grid', groupId: 'g-1', form: {} }), 'g-1');
  assert.equal(groupIdFromState({ groupId: 7 }), undefined);
  assert.equal(groupIdFromState(undefined), undefined);
  assert.equal(groupIdFromState({ groupId: '' }), undefined);
});
