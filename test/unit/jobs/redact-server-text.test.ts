// r3#22: every string that comes from the server (not only error texts) is scrubbed of the key
// before it is stored, shown or exported: a listed or read task's prompt and result_url, and the
// states of the progress stream.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRedactor, REDACTED } from '../../../src/api/http/redact';
import { readProgressStream } from '../../../src/jobs/video/sseFollower';
import type { TaskApi } from '../../../src/jobs/taskApi';
import type { StreamState } from '../../../src/api/schemas/schemas';
import { fakeStream, KEY, memoryStore, simClient, sse } from './helpers';
import { completedTaskId } from '../simulator/sim-helpers';
import { useTrackerSuite } from './tracker-helpers';

const { sim, tracker } = useTrackerSuite();

describe('r3#22 server text is redacted where it enters', () => {
  it('r3#22 a listed task whose prompt and result_url echo the key is merged, stored and read back without the key', async () => {
    const taskId = await completedTaskId(sim(), KEY, 'made in another window');
    sim().addFault({ fault: 'task-echo-key' });
    const client = simClient(sim());
    const [listed] = await client.listTasks();
    assert.ok(
      sim().requests.some((r) => r.fault === 'task-echo-key'),
      'the fault fired',
    );
    assert.equal(listed.task_id, taskId);
    assert.match(listed.prompt ?? '', new RegExp(`made in another window \\(key ${REDACTED.replace('…', '.')}\\)`));
    assert.ok(!JSON.stringify(listed).includes(KEY));
    const got = await client.getTask(taskId);
    assert.ok(!JSON.stringify(got).includes(KEY), JSON.stringify(got));
    assert.ok(!JSON.stringify(got).includes(encodeURIComponent(KEY)));

    const store = memoryStore();
    const t = tracker(store, { autoDownload: () => false });
    await t.refresh();
    const record = t.get(taskId);
    assert.ok(record, 'the listed task became a record');
    assert.match(record.prompt, /made in another window/);
    await t.flush();
    const persisted = JSON.stringify([...store.data.values()]);
    assert.ok(persisted.includes('made in another window'), 'the record was stored');
    assert.ok(!persisted.includes(KEY), `the key was stored: ${persisted}`);
    assert.ok(!JSON.stringify(t.records()).includes(KEY));
  });

  it('r3#22 a progress-stream state echoing the key (prompt, result_url, error event) reaches no listener unredacted', async () => {
    const secret = 'plainSecretValue42';
    const redactor = createRedactor([secret]);
    const stream = fakeStream();
    const api = { streamTask: async () => stream.response, redact: redactor.redact } as unknown as TaskApi;
    const seen: StreamState[] = [];
    const errors: string[] = [];
    const ctrl = new AbortController();
    const outcome = readProgressStream(api, 't1', { signal: ctrl.signal, onState: (s) => seen.push(s), onStreamError: (m) => errors.push(m) });
    stream.push(sse('state', { task_id: 't1', status: 'processing', progress: 10, prompt: `a fox ${secret}`, result_url: `https://cdn.example/x?k=${secret}` }));
    stream.push(sse('error', { error: { message: `upstream said ${secret}` } }));
    const end = await outcome;
    assert.equal(end.kind, 'fallback');
    assert.equal(seen.length, 1);
    assert.equal(seen[0].prompt, `a fox ${REDACTED}`);
    assert.equal(seen[0].result_url, `https://cdn.example/x?k=${REDACTED}`);
    assert.deepEqual(errors, [`upstream said ${REDACTED}`]);
    assert.ok(!JSON.stringify(end).includes(secret));
  });
});
