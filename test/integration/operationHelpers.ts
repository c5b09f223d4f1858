// What the operations suites (operations.test.ts, operationGuards.test.ts) share: the endpoints, the
// simulator's log of their multipart uploads, and a suite set-up that copies fixtures into the
// workspace (operations upload workspace files only) and resets the settings the tests change.
// Not a *.test.ts: the runner loads every *.test.js as a suite.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import type { JobRecord } from '../../src/jobs/types';
import type { SpendingData } from '../../src/spending/service';
import { sim } from './simControl';
import { simRequests, simSuiteSetup, type SimRequest } from './suiteHelpers';

export const TRANSCRIPTIONS = '/v1/audio/transcriptions';
export const ISOLATION = '/v1/audio/audio-isolation';
export const VOICE_CHANGER = '/v1/audio/voice-changer';

/** What the simulator logs of a multipart upload (test/simulator/media.ts readUpload). */
export interface UploadBody {
  fields: Record<string, string | string[]>;
  files: { field: string; filename: string; contentType: string; size: number; sha256: string }[];
}

export const postsTo = async (p: string): Promise<Array<SimRequest<UploadBody>>> => (await simRequests<UploadBody>()).filter((r) => r.method === 'POST' && r.path === p);
export const countPosts = async (p: string): Promise<number> => (await postsTo(p)).length;
export const sha256 = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
export const spending = async (): Promise<SpendingData> => (await vscode.commands.executeCommand<SpendingData>('airforce.showSpending', { data: true }))!;
export const isMp3 = (b: Buffer): boolean => (b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33) || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0);
export const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('airforce');

export interface OperationsSuite {
  api: AirforceExtensionApi;
  /** `<workspace>/ops` (real path): where the fixtures are copied. */
  dir: string;
  /** The output folder, `<workspace>/airforce-media` (real path). */
  outDir: string;
  fixture(name: string): string;
  /** A copy of a fixture at `ops/<as>`. */
  copy(name: string, as?: string): Promise<vscode.Uri>;
  /** The tracker's local ids now, and the records added since. */
  ids(): Set<string>;
  newRecords(before: ReadonlySet<string>): JobRecord[];
}

/** Call inside suite(): registers the set-up and tear-down; the fields are filled by suiteSetup. */
export function operationsSuite(): OperationsSuite {
  const s = {
    fixture: (name: string): string => path.join(s.api.airforce.context.extensionPath, 'test', 'fixtures', name),
    copy: async (name: string, as: string = name): Promise<vscode.Uri> => {
      const target = path.join(s.dir, as);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.copyFile(s.fixture(name), target);
      return vscode.Uri.file(target);
    },
    ids: (): Set<string> => new Set(s.api.airforce.tracker.records().map((r) => r.localId)),
    newRecords: (before: ReadonlySet<string>): JobRecord[] => s.api.airforce.tracker.records().filter((r) => !before.has(r.localId)),
  } as OperationsSuite;
  suiteSetup(async () => {
    const { api, workspace } = await simSuiteSetup();
    s.api = api;
    s.dir = path.join(await fs.realpath(workspace), 'ops');
    s.outDir = path.join(await fs.realpath(workspace), 'airforce-media');
    await fs.mkdir(s.dir, { recursive: true });
  });
  suiteTeardown(async () => {
    await sim('DELETE', '/__sim/faults');
    for (const key of ['saveBesideSource', 'confirmCostAboveCents', 'budgetCents', 'budgetPeriod']) await cfg().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  return s;
}
