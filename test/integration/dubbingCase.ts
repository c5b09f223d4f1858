// What the dubbing suites share (not a suite itself: a *.test or *-restart module imported by another
// would register its suites again in that host): the endpoint, a fixture copied into the workspace,
// the simulator's count of creates, and the hand-over file across the reload.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import { countPosts } from './operationHelpers';

export const DUBBING = '/v1/audio/dubbing';

/** The fixture copied into the workspace under a fresh name (operations only upload workspace files). */
export async function workspaceFixture(api: AirforceExtensionApi, workspace: string, name: string, as: string): Promise<vscode.Uri> {
  const dir = path.join(workspace, 'recordings');
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, as);
  await fs.copyFile(path.join(api.airforce.context.extensionPath, 'test', 'fixtures', name), target);
  return vscode.Uri.file(target);
}

export const dubPosts = (): Promise<number> => countPosts(DUBBING);

export function dubHandOverFile(): string {
  const results = process.env.AIRFORCE_TEST_RESULTS;
  assert.ok(results, 'AIRFORCE_TEST_RESULTS is set by the runner');
  return `${results}.dubbing.json`;
}
