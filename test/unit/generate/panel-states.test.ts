// The panel's host side and task states (#1 #4 #9): fate-unknown, retryable and waiting tasks offer
// their actions, which run the commands; unrecognized statuses are shown with their value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobRecord } from '../../../src/jobs/types';
import { HostMessageSchema, type JobView } from '../../../src/generate/protocol';
import { calls, commandsRun, GenerationPanel, harness, settle, lastOf, baseRecord, panelHooks } from './panel-helpers';

describe('GenerationPanel (host side)', () => {
  panelHooks();

  it('#1 a fate-unknown task offers Look again and Send again, which run the commands', async () => {
    const h = harness();
    h.records.set('lost', { ...baseRecord('lost'), status: 'fate-unknown', sentAt: 1_700_000_001 } as JobRecord);
    const panel = GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    panel.showTask('lost');
    await settle();
    const view = lastOf(p, 'task')?.task;
    assert.equal(view?.status, 'fate-unknown');
    assert.equal(view?.endedAt, undefined);
    calls.commandResult = 'fate-unknown';
    p.send({ type: 'taskAction', action: 'lookAgain', id: 'lost' });
    await settle();
    calls.commandResult = 'vid_new';
    p.send({ type: 'taskAction', action: 'sendAgain', id: 'lost' });
    await settle();
    // Not offered for this state: refused and logged, no command.
    p.send({ type: 'taskAction', action: 'tryAgain', id: 'lost' });
    p.send({ type: 'taskAction', action: 'lookAgain', id: 'nope' });
    p.send({ type: 'taskAction', action: 'rm -rf', id: 'lost' });
    await settle();
    assert.deepEqual(commandsRun(), [
      { id: 'airforce.lookAgain', arg: 'lost' },
      { id: 'airforce.sendAgain', arg: 'lost' },
    ]);
    assert.equal(h.warnings.filter((w) => /tryAgain refused|lookAgain refused|invalid 'taskAction'/.test(w)).length, 3);
  });

  it('#1 Send again falls back to the pre-filled form when the request is no longer available', async () => {
    const h = harness();
    h.records.set('lost', { ...baseRecord('lost'), status: 'fate-unknown', prompt: 'a held request' } as JobRecord);
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    calls.commandResult = new Error('The request is no longer available (it held image bytes).');
    p.send({ type: 'taskAction', action: 'sendAgain', id: 'lost' });
    await settle();
    assert.equal(lastOf(p, 'prefill')?.values.prompt, 'a held request');
  });

  it('#4 a retryable failure offers Try again; a waiting task shows why and since when', async () => {
    const h = harness();
    h.records.set('capped', { ...baseRecord('capped'), status: 'failed', retryable: true, error: 'Daily request cap reached.' } as JobRecord);
    h.records.set('plain', { ...baseRecord('plain'), status: 'failed', error: 'Provider error.' });
    h.records.set('held', { ...baseRecord('held'), status: 'waiting', waitReason: 'Rate limited by the API: next try at 12:03:05.', waitingSince: 1_700_000_100 } as JobRecord);
    const panel = GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    const viewOf = async (id: string): Promise<JobView | undefined> => {
      panel.showTask(id);
      await settle();
      return lastOf(p, 'task')?.task;
    };
    const capped = await viewOf('capped');
    assert.deepEqual([capped?.status, capped?.retryable, capped?.error], ['failed', true, 'Daily request cap reached.']);
    assert.equal((await viewOf('plain'))?.retryable, undefined);
    const held = await viewOf('held');
    assert.deepEqual([held?.waitReason, held?.waitingSince], ['Rate limited by the API: next try at 12:03:05.', 1_700_000_100_000]);
    calls.commandResult = 'vid_retry';
    p.send({ type: 'taskAction', action: 'tryAgain', id: 'capped' });
    p.send({ type: 'taskAction', action: 'tryAgain', id: 'plain' });
    await settle();
    assert.deepEqual(commandsRun(), [{ id: 'airforce.tryAgain', arg: 'capped' }]);
  });

  it('#9 an unrecognized status is shown with its value; a running task keeps its problem', async () => {
    const h = harness();
    h.records.set('odd', { ...baseRecord('odd'), status: 'unrecognized', rawStatus: 'paused', progress: 20 } as JobRecord);
    h.records.set('new', { ...baseRecord('new'), status: 'thinking' } as unknown as JobRecord);
    h.records.set('flaky', { ...baseRecord('flaky'), status: 'processing', progress: 40, error: 'Status reads keep failing (HTTP 500).' });
    const panel = GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    const views: Array<JobView | undefined> = [];
    for (const id of ['odd', 'new', 'flaky']) {
      panel.showTask(id);
      await settle();
      views.push(lastOf(p, 'task')?.task);
    }
    assert.deepEqual(
      views.map((v) => [v?.status, v?.rawStatus]),
      [
        ['unrecognized', 'paused'],
        ['unrecognized', 'thinking'],
        ['processing', undefined],
      ],
    );
    assert.deepEqual([views[2]?.progress, views[2]?.error, views[2]?.endedAt], [40, 'Status reads keep failing (HTTP 500).', undefined]);
    // Every view the host sends passes the protocol's own schema.
    for (const m of p.posted) assert.equal(HostMessageSchema.safeParse(m).success, true, JSON.stringify(m));
  });
});
