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
import { HISTORY_COLUMNS } from '../../src/spending/csv';
import { parseCsv } from '../unit/spending-helpers';
import { GENERATE, KEY, SIM, extensionApi, sim, waitFor } from './simControl';

interface SimRequest {
  method: string;
  path: string;
}
const countCreates = async (): Promise<number> => (await sim<{ data: SimRequest[] }>('GET', '/__sim/requests')).data.filter((r) => r.method === 'POST' && r.path === GENERATE).length;
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
    });
  });
});
