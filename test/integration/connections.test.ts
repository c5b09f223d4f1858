// Issue 17 item 2, in the real VS Code: the extension's own client (the extension host's http
// modules, patched for proxies and certificates) makes 20 API calls against the simulator, which
// counts the TCP connections they came on. Target: at most 2.
import * as assert from 'node:assert/strict';
import { note } from '../runner/progress';
import { apiConnectionsPer20Calls } from '../simulator/apiConnections';
import type { RequestLogEntry } from '../simulator/types';
import { sim } from './simControl';
import { simSuiteSetup } from './suiteHelpers';
import type { AirforceExtensionApi } from '../../src/extension';

suite('API connections (perf#2)', () => {
  let api: AirforceExtensionApi;

  suiteSetup(async () => {
    ({ api } = await simSuiteSetup());
    // Earlier suites' tasks still in flight would make a create meet the per-key limit.
    const { data } = await sim<{ data: { task_id: string; status: string }[] }>('GET', '/__sim/tasks');
    for (const t of data.filter((x) => x.status === 'queued' || x.status === 'processing')) await sim('POST', `/__sim/tasks/${t.task_id}/complete`);
  });

  test('perf#2 20 API calls (models, creates, status reads, list) come on at most 2 TCP connections', async () => {
    const figure = await apiConnectionsPer20Calls(api.airforce.client, {
      clearRequests: async () => void (await sim('DELETE', '/__sim/requests')),
      requests: async () => (await sim<{ data: RequestLogEntry[] }>('GET', '/__sim/requests')).data,
      completeTask: async (id) => void (await sim('POST', `/__sim/tasks/${encodeURIComponent(id)}/complete`)),
    });
    note(`api_connections_per_20_calls = ${figure.connections} (${figure.calls} calls)`);
    assert.equal(figure.calls, 20);
    assert.ok(figure.connections <= 2, `${figure.connections} connections for ${figure.calls} calls:\n${figure.trace.join('\n')}`);
  });
});
