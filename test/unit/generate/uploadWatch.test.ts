// The panel's watch over an operation's upload: progress of a file from 4 MiB on goes to the app
// once per whole percent (smaller files: never), what arrives before the task has its id waits for
// it, the last byte is always told; Cancel stops only an upload still being sent, once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostMessage } from '../../../src/generate/protocol';
import { UploadWatch } from '../../../src/generate/host/uploadWatch';
import { UPLOAD_PROGRESS_FROM_BYTES } from '../../../src/submit/operationCall';

const MIB = 1024 * 1024;

function watch(): { w: UploadWatch; posted: HostMessage[]; stopped: string[] } {
  const posted: HostMessage[] = [];
  const stopped: string[] = [];
  return {
    w: new UploadWatch(
      (m) => posted.push(m),
      (id) => stopped.push(id),
    ),
    posted,
    stopped,
  };
}

describe('the panel upload watch', () => {
  it('tells the progress of a large upload once per percent, the early part once the task has its id', () => {
    const { w, posted } = watch();
    const total = 10 * MIB;
    const u = w.begin();
    u.progress(64 * 1024, total); // before the id: kept
    assert.deepEqual(posted, []);
    u.started('job-1');
    assert.deepEqual(posted, [{ type: 'uploadProgress', localId: 'job-1', sent: 64 * 1024, total }]);
    u.progress(65 * 1024, total); // the same percent
    u.progress(total / 2, total);
    u.progress(total / 2 + 1, total);
    u.progress(total, total);
    assert.deepEqual(
      posted.map((m) => (m as { sent?: number }).sent),
      [64 * 1024, total / 2, total],
    );
  });

  it('says nothing for a small file; Cancel stops only an upload still being sent, once', () => {
    const { w, posted, stopped } = watch();
    const small = w.begin();
    small.started('small');
    small.progress(UPLOAD_PROGRESS_FROM_BYTES - 1, UPLOAD_PROGRESS_FROM_BYTES - 1);
    assert.deepEqual(posted, []);
    assert.equal(w.cancel('small'), false, 'no Cancel is shown for it: none is taken');
    const big = w.begin();
    big.started('big');
    big.progress(MIB, 8 * MIB);
    assert.equal(w.cancel('big'), true);
    assert.equal(w.cancel('big'), false);
    assert.deepEqual(stopped, ['big']);
    // Sent whole: the answer may be made and billed; Cancel no longer stops anything.
    const done = w.begin();
    done.started('done');
    done.progress(8 * MIB, 8 * MIB);
    assert.equal(w.cancel('done'), false);
    assert.equal(w.cancel('unknown'), false);
    assert.deepEqual(stopped, ['big']);
    // "Try again" sends the kept call anew: its bytes going out make it cancellable again.
    big.progress(0, 8 * MIB);
    assert.equal(w.cancel('big'), true);
  });

  it('a submit that started nothing forgets its upload', () => {
    const { w, posted } = watch();
    const u = w.begin();
    u.end();
    u.progress(MIB, 8 * MIB);
    u.started('x');
    assert.deepEqual(posted, []);
  });
});
