// What the two halves of issue 7 case #1 (a create lost to a restart) share: the simulator control,
// and a small hand-over file from the extension host before the restart to the one after it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';

export const SIM = process.env.AIRFORCE_SIM_URL ?? '';
export const KEY = process.env.AIRFORCE_TEST_KEY ?? '';
export const GENERATE = '/v1/video/generations';
export { TASKS_KEY } from '../../src/tasks/taskStore';

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

export async function sim<T>(method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(SIM + p, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `simulator ${method} ${p} answered ${res.status}`);
  return (await res.json()) as T;
}

export const simRequests = async (): Promise<SimRequest[]> => (await sim<{ data: SimRequest[] }>('GET', '/__sim/requests')).data;
export const simTasks = async (): Promise<SimTask[]> => (await sim<{ data: SimTask[] }>('GET', '/__sim/tasks')).data;
/** Create POSTs the simulator received for this prompt, in this and any earlier extension host. */
export const postsFor = async (prompt: string): Promise<SimRequest[]> =>
  (await simRequests()).filter((r) => r.method === 'POST' && r.path === GENERATE && r.body?.prompt === prompt);

export async function extensionApi(): Promise<AirforceExtensionApi> {
  const ext = vscode.extensions.getExtension<AirforceExtensionApi>('airforce.airforce-media');
  assert.ok(ext, 'extension airforce.airforce-media is installed');
  return ext.activate();
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

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
