// The person's Cancel during an operation's upload (tracker.cancelSync, from the panel's "Cancel
// upload" or the commands' notification): the call is aborted before its last byte, so nothing was
// made or billed — the record fails saying so, "Try again" is offered (the call was kept), and
// nothing is sent on its own. A job that is not uploading is left alone.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { VideoTask } from '../../../src/api/schemas/schemas';
import type { TaskApi } from '../../../src/jobs/taskApi';
import { TaskTracker, type SyncOutcome } from '../../../src/jobs/tracker';
import { UPLOAD_CANCELLED } from '../../../src/jobs/sync/failure';
import { tempDir } from '../io/helpers';
import { memoryStore, waitFor } from './helpers';

const no = (): Promise<never> => Promise.reject(new Error('not used'));
const api: TaskApi = { createVideo: no, getTask: no, listTasks: () => Promise.resolve([] as VideoTask[]), deleteTask: () => Promise.resolve(), streamTask: no };

const trackers: TaskTracker[] = [];
afterEach(() => {
  for (const t of trackers.splice(0)) t.dispose();
});

async function tracker(): Promise<TaskTracker> {
  const dir = await tempDir();
  const t = new TaskTracker({ api, store: memoryStore(), saveDebounceMs: 1, pollIntervalMs: () => 1_000, saveSync: async () => `${dir}/out.txt` });
  trackers.push(t);
  return t;
}

/** An upload that hangs until aborted (the simulator's stalled upload), rejecting as the HTTP layer does. */
function hangingCall(): ((signal: AbortSignal) => Promise<SyncOutcome>) & { calls: number } {
  const call = (signal: AbortSignal): Promise<SyncOutcome> => {
    call.calls++;
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')), { once: true }));
  };
  call.calls = 0;
  return call;
}

describe('Cancel during an upload', () => {
  it('fails the job as cancelled with nothing billed, keeps Try again, and sends nothing on its own', async () => {
    const t = await tracker();
    const call = hangingCall();
    const job = t.runSync('transcribe', { model: 'whisper-1', file: '/w/long.wav' }, { origin: { type: 'panel' } }, call);
    await waitFor(() => call.calls === 1, 'the upload under way');
    t.cancelSync(job.localId);
    await assert.rejects(job.files);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'failed');
    assert.equal(r?.error, UPLOAD_CANCELLED);
    assert.equal(r?.retryable, true, 'nothing was made: Try again is safe');
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(call.calls, 1, 'not sent again on its own');
  });

  it('a job that is not uploading (unknown id, a finished one) is left alone', async () => {
    const t = await tracker();
    t.cancelSync('nope');
    const job = t.runSync('transcribe', { model: 'whisper-1', file: '/w/a.wav' }, {}, async () => ({ requestId: 'r1', results: [{ text: 'hi\n' }] }));
    await job.files;
    t.cancelSync(job.localId);
    assert.equal(t.get(job.localId)?.status, 'completed');
  });
});
