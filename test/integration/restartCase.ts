// What the two halves of issue 7 case #1 (a create lost to a restart) share: the simulator control
// (from simControl), its request and task lists, and a small hand-over file from the extension host
// before the restart to the one after it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { GENERATE, sim } from './simControl';

export { GENERATE, KEY, SIM, extensionApi, sim, waitFor } from './simControl';
export { TASKS_KEY } from '../../src/jobs/jobStore';

export interface SimRequest {
  method: string;
  path: string;
  status: number;
  fault?: string;
  body?: { prompt?: string };
}
export interface SimTask {
  task_id: string;
  prompt?: string;
  model?: string;
}

/** Handed from the host before the restart to the one after it. */
export interface LostCreates {
  /** Local id of the create the second host looks for again (Look Again). */
  readonly look: { localId: string; prompt: string };
  /** Local id of the create the second host sends again (Send Again). */
  readonly send: { localId: string; prompt: string };
}

export const simRequests = async (): Promise<SimRequest[]> => (await sim<{ data: SimRequest[] }>('GET', '/__sim/requests')).data;
export const simTasks = async (): Promise<SimTask[]> => (await sim<{ data: SimTask[] }>('GET', '/__sim/tasks')).data;
/** Create POSTs the simulator received for this prompt, in this and any earlier extension host. */
export const postsFor = async (prompt: string): Promise<SimRequest[]> =>
  (await simRequests()).filter((r) => r.method === 'POST' && r.path === GENERATE && r.body?.prompt === prompt);

function handOverFile(): string {
  const results = process.env.AIRFORCE_TEST_RESULTS;
  assert.ok(results, 'AIRFORCE_TEST_RESULTS is set by the runner');
  return `${results}.lost-creates.json`;
}

export function handOver(value: LostCreates): void {
  fs.writeFileSync(handOverFile(), JSON.stringify(value));
}

export function handedOver(): LostCreates {
  const file = handOverFile();
  assert.ok(fs.existsSync(file), 'the extension host before the restart handed over its lost creates (see its test)');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as LostCreates;
}
