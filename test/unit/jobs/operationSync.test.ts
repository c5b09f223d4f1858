// The synchronous-job rules as they apply to the operations on a workspace file (issue 19): as many
// results as the operation names (a transcript and its two subtitles), text results kept on the
// record until saved, and an upload that failed before the server had it all is "refused" (nothing
// made or billed: Try again is safe), a lost answer after it still "lost".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AirforceError, CreateOutcomeUnknownError } from '../../../src/api/http/errors';
import { failureKind } from '../../../src/jobs/sync/failure';
import { recordFromSyncRequest } from '../../../src/jobs/sync/record';
import { askedCount, keepableResults, RESULT_KEEP_SECONDS, sourceOf } from '../../../src/jobs/sync/save';
import type { TrackedJobRecord } from '../../../src/jobs/records';
import type { SyncJobKind } from '../../../src/kinds';

const record = (kind: SyncJobKind, extra: Record<string, unknown> = {}): TrackedJobRecord =>
  recordFromSyncRequest(kind, { model: 'm', file: '/ws/a.wav', prompt: 'p', input: 'i', ...extra }, {}, 'l1', 100);

describe('askedCount for operations', () => {
  it('a transcription may save three files; isolate and change a voice one', () => {
    assert.equal(askedCount(record('transcribe')), 3);
    assert.equal(askedCount(record('isolate')), 1);
    assert.equal(askedCount(record('voiceChange', { voice: 'adam' })), 1);
    // Unchanged for the kinds.
    assert.equal(askedCount(record('image', { n: 2 })), 2);
    assert.equal(askedCount(record('speech')), 1);
  });

  it("an operation's record keeps the source apart and names the file as its prompt", () => {
    const source = { path: '/ws/talks/a.wav', relative: 'talks/a.wav', bytes: 9 };
    const r = recordFromSyncRequest('transcribe', { model: 'm', file: source.path, language: 'en', source_bytes: 9, source_duration_seconds: 2 }, { source }, 'l2', 100);
    assert.equal(r.prompt, 'talks/a.wav');
    assert.deepEqual(r.extra, { language: 'en' });
    assert.deepEqual(r.source, source);
  });
});

describe('text results kept for a later save', () => {
  it('kept with their index until the usual expiry, and given back as text', () => {
    const kept = keepableResults([{ text: 'Hello.\n' }, { text: 'WEBVTT\n' }], 1000);
    assert.deepEqual(kept, [
      { index: 0, count: 2, text: 'Hello.\n', expiresAt: 1000 + RESULT_KEEP_SECONDS },
      { index: 1, count: 2, text: 'WEBVTT\n', expiresAt: 1000 + RESULT_KEEP_SECONDS },
    ]);
    assert.deepEqual(sourceOf(kept[0]!), { text: 'Hello.\n' });
  });
});

describe('failureKind for uploads', () => {
  const err = (code: string, status?: number): AirforceError => new AirforceError({ message: code, type: 'x', code, ...(status ? { status } : {}) });

  it('cut, stalled, too large or unreadable before the last byte: refused (nothing billed, Try again is safe)', () => {
    for (const code of ['upload_cut', 'upload_stalled', 'upload_too_large', 'upload_unreadable']) assert.equal(failureKind(err(code)), 'refused', code);
  });

  it('lost after the last byte: lost; a 2xx whose answer broke: unreadable; a refusal by the server: final', () => {
    assert.equal(failureKind(new CreateOutcomeUnknownError({ subject: 'transcription request' })), 'lost');
    assert.equal(failureKind(err('timeout', 200)), 'unreadable');
    assert.equal(failureKind(err('voice_not_found', 400)), 'final');
    assert.equal(failureKind(err('model_not_supported', 400)), 'final');
  });
});
