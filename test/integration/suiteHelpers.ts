// What the suites that drive the extension's commands against the simulator share: the set-up that
// gets the extension's API and the workspace with no faults left and the test key set, and the
// simulator's request log. Not a *.test.ts: the runner loads every *.test.js as a suite.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import { KEY, SIM, extensionApi, sim } from './simControl';

/** One entry of the simulator's request log; `Body` is what the suite reads of the request body. */
export interface SimRequest<Body = Record<string, unknown>> {
  method: string;
  path: string;
  status: number;
  headers?: Record<string, string>;
  body?: Body;
}

/** The simulator's request log, oldest first. */
export const simRequests = async <Body = Record<string, unknown>>(): Promise<Array<SimRequest<Body>>> =>
  (await sim<{ data: Array<SimRequest<Body>> }>('GET', '/__sim/requests')).data;

/** For suiteSetup: the extension's API and the workspace folder, with the simulator's faults cleared and the key set. */
export async function simSuiteSetup(): Promise<{ api: AirforceExtensionApi; workspace: string }> {
  assert.ok(SIM, 'AIRFORCE_SIM_URL is set by the runner');
  const api = await extensionApi();
  const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  await sim('DELETE', '/__sim/faults');
  await vscode.commands.executeCommand('airforce.setApiKey', KEY);
  return { api, workspace };
}
