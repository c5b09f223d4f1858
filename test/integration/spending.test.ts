// Issue "Spending you can see, and a budget that holds", inside the real VS Code against the
// simulator: a budget refuses a video that would overrun it before anything is sent; raised, the
// video goes through and today's spending grows by what the server billed; the history exports as
// a CSV whose rows are the history's. Spending is read through airforce.showSpending({data: true}),
// which resolves to the figures the Show Spending view draws.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import type { SpendingData } from '../../src/spending/service';
import { FILES_SEPARATOR, HISTORY_COLUMNS } from '../../src/spending/csv';
import { parseCsv } from '../unit/spending/helpers';
import { GENERATE, KEY, SIM, extensionApi, sim, waitFor } from './simControl';

interface SimRequest {
  method: string;
  path: string;
}
const countCreates = async (): Promise<number> =>
  (await sim<{ data: SimRequest[] }>('GET', '/__sim/requests')).data.filter((r) => r.method === 'POST' && r.path === GENERATE).length;
const spending = async (): Promise<SpendingData> => (await vscode.commands.executeCommand<SpendingData>('airforce.showSpending', { data: true }))!;
const FIVE_SECONDS = { model: 'wan-2.6', prompt: 'A budget-conscious lighthouse keeper', duration_seconds: 5 }; // wan-2.6: 40 ¢/s

suite('Spending and budget (against the simulator)', () => {
  let api: AirforceExtensionApi;
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('airforce');

  suiteSetup(async () => {
    assert.ok(SIM && KEY.startsWith('sk-air-'), 'the runner started the simulator');
    api = await extensionApi();
    await sim('DELETE', '/__sim/faults');
    await vscode.commands.executeCommand('airforce.setApiKey', KEY);
  });

  suiteTeardown(async () => {
    await cfg().update('budgetCents', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('budgetPeriod', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('confirmCostAboveCents', undefined, vscode.ConfigurationTarget.Global);
    await sim('DELETE', '/__sim/faults');
  });

  test('budgetCents=100 per day: a 5 s video at 40 ¢/s is refused naming the budget, and no POST is sent', async () => {
    await cfg().update('budgetCents', 100, vscode.ConfigurationTarget.Global);
    await cfg().update('budgetPeriod', 'day', vscode.ConfigurationTarget.Global);
    const before = await countCreates();
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.generateVideo', FIVE_SECONDS)), (e: Error) => {
      assert.match(e.message, /^Budget of \$1\.00 per day: \$\d+\.\d\d left; this costs about \$2\.00\. Nothing was sent\.$/);
      return true;
    });
    assert.equal(await countCreates(), before, 'no create request reached the server');
  });

  test('with the budget raised it goes through, and today’s spending grows by the settled cost', async () => {
    const before = await spending();
    // Room for exactly this video on top of what is spent and in flight: still a real budget.
    await cfg().update('budgetCents', Math.ceil(before.todayCents + before.inFlightCents) + 200, vscode.ConfigurationTarget.Global);
    assert.equal((await spending()).leftCents, Math.ceil(before.todayCents + before.inFlightCents) + 200 - before.todayCents - before.inFlightCents);
    const taskId = await vscode.commands.executeCommand<string>('airforce.generateVideo', FIVE_SECONDS);
    const record = await waitFor(
      'the video to complete',
      () => {
        const r = api.airforce.tracker.get(taskId);
        if (r?.status === 'failed') throw new Error(`task failed: ${r.error}`);
        return r?.status === 'completed' ? r : undefined;
      },
      45_000,
    );
    assert.equal(record.settledCostCents, 200, 'X-Cost-Cents of the create');
    const after = await waitFor('the ledger to settle the video', async () => {
      const d = await spending();
      return d.todayCents >= before.todayCents + 200 ? d : undefined;
    });
    assert.equal(after.todayCents, before.todayCents + 200);
    assert.equal(after.monthCents, before.monthCents + 200);
    assert.ok((after.models.find((m) => m.model === 'wan-2.6')?.cents ?? 0) >= 200);
    // The same video again would overrun the raised budget now.
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.generateVideo', FIVE_SECONDS)), /Budget of/);
  });

  test('exportHistory(uri) writes a CSV whose rows match the history, without asking', async () => {
    const target = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'exports', 'history.csv'));
    // An earlier test's video may finish downloading between the export and the read of the records
    // below: its row may then name the files as they were just before the export.
    const filesOf = (r: { files?: string[]; savedPath?: string }): string[] => (r.files?.length ? r.files : r.savedPath ? [r.savedPath] : []);
    const filesBefore = new Map(api.airforce.tracker.records().map((r) => [r.localId, filesOf(r)]));
    const written = await vscode.commands.executeCommand<vscode.Uri>('airforce.exportHistory', target);
    assert.equal(written?.fsPath, target.fsPath);
    const rows = parseCsv(await fs.readFile(target.fsPath, 'utf8'));
    assert.deepEqual(rows[0], [...HISTORY_COLUMNS]);
    const records = api.airforce.tracker.records();
    assert.ok(records.length > 0);
    assert.equal(rows.length - 1, records.length);
    const col = (row: string[], name: (typeof HISTORY_COLUMNS)[number]): string => row[HISTORY_COLUMNS.indexOf(name)] ?? '';
    records.forEach((r, i) => {
      const row = rows[i + 1]!;
      assert.equal(col(row, 'local_id'), r.localId);
      assert.equal(col(row, 'model'), r.model);
      assert.equal(col(row, 'kind'), r.kind);
      assert.equal(col(row, 'status'), r.status);
      assert.equal(col(row, 'estimate_cents'), r.costCents === undefined ? '' : String(r.costCents));
      const settled = r.status === 'completed' ? (r.settledCostCents ?? r.costCents) : undefined;
      assert.equal(col(row, 'settled_cents'), settled === undefined ? '' : String(settled), `settled cost of ${r.localId}`);
      // fh#5: every file of the job, relative to the workspace.
      const cell = (files: readonly string[]): string => files.map((f) => vscode.workspace.asRelativePath(f, false)).join(FILES_SEPARATOR);
      const now = cell(filesOf(r));
      if (col(row, 'files') !== now) assert.equal(col(row, 'files'), cell(filesBefore.get(r.localId) ?? []), `files of ${r.localId}`);
      assert.ok(!path.isAbsolute(col(row, 'files')), 'no absolute path');
    });
  });

  test('r3#4 a workspace’s .vscode/settings.json can neither raise the budget nor the confirmation threshold', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const file = path.join(folder, '.vscode', 'settings.json');
    await cfg().update('budgetCents', 100, vscode.ConfigurationTarget.Global);
    await cfg().update('budgetPeriod', 'day', vscode.ConfigurationTarget.Global);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // pollIntervalSeconds (window-scoped) shows when VS Code has read the file.
    const hostile = { 'airforce.budgetCents': 1_000_000, 'airforce.budgetPeriod': 'month', 'airforce.confirmCostAboveCents': 1_000_000, 'airforce.pollIntervalSeconds': 9 };
    await fs.writeFile(file, JSON.stringify(hostile));
    try {
      await waitFor('the workspace settings to be read', () => (cfg().inspect('pollIntervalSeconds')?.workspaceValue === 9 ? true : undefined));
      const before = await countCreates();
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.generateVideo', FIVE_SECONDS)), /Budget of \$1\.00 per day:/);
      await cfg().update('budgetCents', undefined, vscode.ConfigurationTarget.Global);
      await cfg().update('confirmCostAboveCents', 100, vscode.ConfigurationTarget.Global);
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.generateVideo', FIVE_SECONDS)), /confirmCostAboveCents/);
      assert.equal(await countCreates(), before, 'nothing was sent');
    } finally {
      await fs.rm(path.dirname(file), { recursive: true, force: true });
      await cfg().update('confirmCostAboveCents', undefined, vscode.ConfigurationTarget.Global);
      await waitFor('the workspace settings to be gone', () => (cfg().inspect('pollIntervalSeconds')?.workspaceValue === undefined ? true : undefined));
    }
  });

  test('r3#1 a storyboard video waiting for its image stays reserved: a submit meanwhile is refused, then the video is sent', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const film = path.join(folder, 'budget-chain.md');
    await fs.writeFile(
      film,
      [
        '```airforce',
        'id: still',
        'kind: image',
        'model: flux-2-dev',
        'prompt: A fox on a hill',
        '```',
        '',
        '```airforce',
        'id: run',
        'model: wan-2.6',
        'duration: 5',
        'image: @still',
        'prompt: The fox runs',
        '```',
        '',
      ].join('\n'),
    );
    try {
      const before = await spending();
      // Room for the storyboard (2.5 ¢ image + 200 ¢ video) and 100 ¢ more: not for another 200 ¢ video.
      await cfg().update('budgetCents', Math.ceil(before.todayCents + before.inFlightCents) + 303, vscode.ConfigurationTarget.Global);
      await cfg().update('budgetPeriod', 'day', vscode.ConfigurationTarget.Global);
      // The image request is answered 503 twice (Retry-After 2 s): the video waits about 4 s for it.
      await sim('POST', '/__sim/faults', { fault: 'status-503', match: { method: 'POST', path: '/v1/images/generations' }, times: 2, param: 2 });
      const creates = await countCreates();
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(film));
      await vscode.commands.executeCommand('airforce.storyboard.generateAll', doc.uri, { confirm: false });
      await new Promise((r) => setTimeout(r, 1_500)); // past the moment a sent job's own hold lasts
      assert.equal(await countCreates(), creates, 'the video still waits for its image');
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.generateVideo', FIVE_SECONDS)), /Budget of/);
      await waitFor('the storyboard video to be sent', async () => ((await countCreates()) === creates + 1 ? true : undefined), 30_000);
    } finally {
      await sim('DELETE', '/__sim/faults');
      await cfg().update('budgetCents', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
