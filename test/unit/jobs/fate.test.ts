// Issue 7 #1: a create whose fate is unknown is never re-sent without the person's say-so — in a
// window (connection lost after the body left) or after a restart (window closed mid-POST).
// Each test gets its own simulator: with prompts left out of the list, older tasks would match too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REQUEST_GONE_MESSAGE } from '../../../src/jobs/tracker';
import { PENDING_KEY, TASKS_KEY } from '../../../src/jobs/jobStore';
import { recordFromRequest, type TrackedJobRecord } from '../../../src/jobs/records';
import { memoryStore, simClient, useTrackerSim, videoRequest, waitFor, type MemoryStore } from './helpers';

const { sim, tracker } = useTrackerSim({ clockSpeed: 200 }, 'test');

const POST = { method: 'POST', path: '/v1/video/generations' };
const posts = (): number => sim().requests.filter((r) => r.method === POST.method && r.path === POST.path).length;
const tasksWithPrompt = (prompt: string): string[] => [...sim().tasks.values()].filter((t) => t.prompt === prompt).map((t) => t.task_id);
const settle = (ms = 60): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The first window submits; the server creates the task but never answers (hold-after-body);
 * the window closes while the POST is under way. Returns the local id and the server's task id.
 */
async function sendThenCloseWindow(store: MemoryStore, prompt: string): Promise<{ localId: string; taskId: string }> {
  sim().addFault({ fault: 'hold-after-body', times: 1, match: POST });
  const first = tracker(store);
  await first.restore();
  const s = first.submit(videoRequest(prompt), { inputImageSources: [] });
  await waitFor(() => tasksWithPrompt(prompt).length === 1, 'the task created on the server');
  first.dispose();
  await first.flush();
  const saved = (store.get<TrackedJobRecord[]>(TASKS_KEY) ?? []).find((r) => r.localId === s.localId);
  assert.equal(saved?.sending, true, 'persisted as under way');
  assert.equal(typeof saved?.sentAt, 'number', 'sentAt persisted');
  return { localId: s.localId, taskId: tasksWithPrompt(prompt)[0] };
}

describe('#1 a create whose fate is unknown', () => {
  it('#1 restart with list-no-prompt (two tasks could be it): one POST, the record is fate-unknown', async () => {
    sim().holdTasks(true); // both must still be running when the in-flight count is read, however slow the machine
    await simClient(sim()).createVideo(videoRequest('made in a browser meanwhile'));
    const store = memoryStore();
    const before = posts();
    const { localId } = await sendThenCloseWindow(store, 'lost in the crash');
    sim().addFault({ fault: 'list-no-prompt' });
    const second = tracker(store);
    await second.restore();
    await settle();
    const r = second.get(localId);
    assert.equal(r?.status, 'fate-unknown');
    assert.match(r?.error ?? '', /2 tasks in the list could be this one/);
    assert.equal(r?.taskId, undefined, 'no guess between two candidates');
    assert.equal(posts() - before, 1, 'exactly one POST: nothing re-sent');
    assert.equal(tasksWithPrompt('lost in the crash').length, 1);
    assert.ok(
      (store.get<{ localId: string }[]>(PENDING_KEY) ?? []).some((p) => p.localId === localId),
      'request kept for Send again',
    );
    assert.equal(second.waiting(), 0);
    assert.equal(second.inFlight(), 2, 'the two running server tasks count; the fate-unknown record holds no slot');
  });

  it('#1 restart with list-no-prompt and one candidate: adopted, nothing re-sent', async () => {
    const store = memoryStore();
    const { localId, taskId } = await sendThenCloseWindow(store, 'only one like it');
    sim().addFault({ fault: 'list-no-prompt' });
    const second = tracker(store);
    await second.restore();
    assert.equal(second.get(localId)?.taskId, taskId);
    await waitFor(() => second.get(localId)?.status === 'completed', 'completion');
    assert.equal(posts(), 1);
    assert.equal(second.records().filter((r) => r.taskId === taskId).length, 1, 'not imported twice');
  });

  it('#1 restart with list-lag: one POST, fate-unknown, then lookAgain adopts it', async () => {
    const store = memoryStore();
    const { localId, taskId } = await sendThenCloseWindow(store, 'not listed yet');
    sim().addFault({ fault: 'list-lag', param: 3_000 });
    const second = tracker(store);
    await second.restore();
    await settle();
    assert.equal(second.get(localId)?.status, 'fate-unknown');
    assert.match(second.get(localId)?.error ?? '', /window closed/);
    assert.equal(posts(), 1);
    assert.equal((await second.lookAgain(localId)).status, 'fate-unknown', 'still lagging: still unknown');
    sim().advanceClock(3_001); // the list catches up
    const looked = await second.lookAgain(localId);
    assert.equal(looked.taskId, taskId);
    assert.notEqual(looked.status, 'fate-unknown');
    assert.equal(looked.error, undefined);
    await waitFor(() => second.get(localId)?.status === 'completed', 'completion');
    assert.equal(posts(), 1, 'still exactly one POST');
    assert.equal(second.records().filter((r) => r.taskId === taskId).length, 1);
  });

  it('#1 in-window lost create (reset after the body, list lagging): fate-unknown, not failed, not re-sent', async () => {
    sim().addFault({ fault: 'reset-after-body', times: 1, match: POST });
    sim().addFault({ fault: 'list-lag', param: 3_000 });
    const t = tracker(memoryStore());
    await t.restore();
    const s = t.submit(videoRequest('connection dropped'), { inputImageSources: [] });
    await assert.rejects(s.taskId, (e: unknown) => (e as { code?: string }).code === 'create_outcome_unknown');
    await settle();
    const r = t.get(s.localId);
    assert.equal(r?.status, 'fate-unknown');
    assert.match(r?.error ?? '', /not sent again/i);
    assert.equal(posts(), 1);
    assert.equal(tasksWithPrompt('connection dropped').length, 1);
    assert.equal(t.inFlight(), 0, 'a fate-unknown record holds no slot');
  });

  it('#1 in-window lost create with list-no-prompt: the fuller match adopts it, nothing re-sent', async () => {
    sim().addFault({ fault: 'reset-after-body', times: 1, match: POST });
    sim().addFault({ fault: 'list-no-prompt' });
    const t = tracker(memoryStore());
    await t.restore();
    const s = t.submit(videoRequest('dropped, then found'), { inputImageSources: [] });
    const taskId = await s.taskId;
    assert.deepEqual(tasksWithPrompt('dropped, then found'), [taskId]);
    await waitFor(() => t.get(s.localId)?.status === 'completed', 'completion');
    assert.equal(posts(), 1);
  });

  it('#1 an in-window lost create is looked up with one list read (the client no longer looks first)', async () => {
    sim().addFault({ fault: 'reset-after-body', times: 1, match: POST });
    sim().addFault({ fault: 'list-no-prompt' }); // a prompt-only lookup would miss it and read again
    const t = tracker(memoryStore());
    await t.restore();
    const listReads = (): number => sim().requests.filter((r) => r.method === 'GET' && r.path === '/v1/video/tasks').length;
    const before = listReads();
    const s = t.submit(videoRequest('looked up once'), { inputImageSources: [] });
    const taskId = await s.taskId;
    assert.deepEqual(tasksWithPrompt('looked up once'), [taskId], "adopted by the tracker's matcher");
    assert.equal(listReads() - before, 1, 'one list read per lost create');
    assert.equal(posts(), 1);
  });

  it('#1 sendAgain after a restart sends exactly once more and follows the new task', async () => {
    const store = memoryStore();
    const { localId, taskId: lostId } = await sendThenCloseWindow(store, 'send me again');
    sim().addFault({ fault: 'list-lag', param: 3_000 });
    const second = tracker(store);
    await second.restore();
    assert.equal(second.get(localId)?.status, 'fate-unknown');
    sim().clearFaults();
    const newId = await second.sendAgain(localId);
    assert.notEqual(newId, lostId);
    assert.equal(posts(), 2, 'exactly one more POST');
    await waitFor(() => second.get(localId)?.status === 'completed', 'the new task completed');
    assert.equal(second.get(localId)?.taskId, newId);
    assert.equal(second.get(localId)?.error, undefined);
    await settle();
    assert.equal(posts(), 2);
    await assert.rejects(second.sendAgain(localId), /Only a request whose fate is unknown/);
  });

  it('#1 sendAgain rejects when the request held image bytes and the window restarted', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const record: TrackedJobRecord = {
      ...recordFromRequest(videoRequest('with bytes', { mode: 'image' }), ['/w/frame.png'], 'bytes-1', nowSec),
      sending: true,
      sentAt: nowSec,
    };
    const t = tracker(memoryStore({ [TASKS_KEY]: [record] }));
    await t.restore();
    assert.equal(t.get('bytes-1')?.status, 'fate-unknown');
    await assert.rejects(t.sendAgain('bytes-1'), (e: unknown) => (e as Error).message === REQUEST_GONE_MESSAGE);
    assert.match(REQUEST_GONE_MESSAGE, /^The request is no longer available/);
    assert.equal(posts(), 0);
  });
});
