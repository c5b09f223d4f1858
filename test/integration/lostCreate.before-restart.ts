// Issue 7 case #1, first half (runs last, in the extension host before the restart): two creates
// reach the server, which makes their tasks but never answers; the window then reloads while both
// POSTs hang. The second half is lostCreate.after-restart.ts, in the next extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import { GENERATE, KEY, SIM, TASKS_KEY, extensionApi, handOver, postsFor, sim, waitFor } from './restartCase';

suite('#1 a create lost to a restart (before the restart)', () => {
  let api: AirforceExtensionApi;

  suiteSetup(async () => {
    assert.ok(SIM, 'AIRFORCE_SIM_URL is set by the runner');
    api = await extensionApi();
    await sim('DELETE', '/__sim/faults');
    if (!(await api.airforce.keys.get())) await vscode.commands.executeCommand('airforce.setApiKey', KEY);
  });

  test('#1 two creates are sent, the server makes the tasks, and the window closes before either answer', async () => {
    const run = Date.now().toString(36);
    const look = `Lost create to look for again ${run}`;
    const send = `Lost create to send again ${run}`;
    // The server does the work, then never answers: exactly what a window closing mid-POST looks like.
    await sim('POST', '/__sim/faults', { fault: 'hold-after-body', match: { method: 'POST', path: GENERATE }, times: 2 });
    for (const prompt of [look, send]) {
      // Never settles in this host: the answer is held until the window is gone.
      void Promise.resolve(vscode.commands.executeCommand('airforce.generateVideo', { model: 'wan-2.6', prompt, duration_seconds: 5 })).catch(() => undefined);
    }
    for (const prompt of [look, send]) await waitFor(`the create POST for "${prompt}"`, async () => ((await postsFor(prompt)).length === 1 ? true : undefined));
    // The tracker wrote each record as sent before its POST left; the next host reads it from there.
    const persisted = (prompt: string): { localId?: string } | undefined => {
      const records = api.airforce.context.workspaceState.get<{ localId?: string; prompt?: string; sending?: boolean; sentAt?: number }[]>(TASKS_KEY) ?? [];
      return records.find((r) => r.prompt === prompt && (r.sending === true || typeof r.sentAt === 'number'));
    };
    const lookId = await waitFor('the first record persisted as sent', () => persisted(look)?.localId);
    const sendId = await waitFor('the second record persisted as sent', () => persisted(send)?.localId);
    assert.equal(api.airforce.tracker.get(lookId)?.taskId, undefined, 'no answer came, so no task id is known here');
    handOver({ look: { localId: lookId, prompt: look }, send: { localId: sendId, prompt: send } });
    // For the next host: the list shows neither task yet (lag) and names no prompts.
    await sim('POST', '/__sim/faults', { fault: 'list-lag', match: { method: 'GET', path: '/v1/video/tasks' }, param: 1_000_000 });
    await sim('POST', '/__sim/faults', { fault: 'list-no-prompt', match: { method: 'GET', path: '/v1/video/tasks' } });
  });
});
