// Issue 7 case #1, second half: a new extension host, the same workspace state. The two creates the
// previous host lost (lostCreate.before-restart.ts) are not in the task list (lag, no prompts): they
// must be shown as "sent — fate unknown" with Look Again and Send Again, and never sent by themselves.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { note } from '../runner/progress';
import type { AirforceExtensionApi } from '../../src/extension';
import { rowMenu as menuFor, type MenuItem } from '../unit/views/menu-helpers';
import { KEY, extensionApi, handedOver, postsFor, sim, simTasks, waitFor, type LostCreates } from './restartCase';

/** The Tasks-view row menu entries VS Code shows for a context value, from the extension's manifest. */
function rowMenu(api: AirforceExtensionApi, contextValue: string): MenuItem[] {
  const menus = (api.airforce.context.extension.packageJSON as { contributes: { menus: Record<string, MenuItem[]> } }).contributes.menus;
  return menuFor(menus, contextValue);
}

async function row(api: AirforceExtensionApi, localId: string): Promise<vscode.TreeItem> {
  return api.tasksTree.getTreeItem(localId);
}

suite('#1 a create lost to a restart (after the restart)', () => {
  let api: AirforceExtensionApi;
  let lost: LostCreates;

  suiteSetup(async () => {
    lost = handedOver();
    api = await extensionApi();
    // Restoring the persisted records starts by itself once activated; the key normally survives the reload.
    if (!(await api.airforce.keys.get())) await vscode.commands.executeCommand('airforce.setApiKey', KEY);
  });

  suiteTeardown(async () => {
    await sim('DELETE', '/__sim/faults');
  });

  test('#1 after a restart a lost create is shown as fate unknown and not sent again', async () => {
    const started = Date.now();
    for (const { localId } of [lost.look, lost.send]) {
      await waitFor(`record ${localId} to be restored as fate unknown`, () => api.airforce.tracker.get(localId)?.status === 'fate-unknown' || undefined);
    }
    note(`both lost creates restored as fate unknown ${Date.now() - started} ms into the test`);
    await new Promise((r) => setTimeout(r, 1000)); // every chance for a (wrong) automatic re-send
    for (const { localId, prompt } of [lost.look, lost.send]) {
      assert.equal((await postsFor(prompt)).length, 1, `exactly one POST for "${prompt}" across both extension hosts`);
      const record = api.airforce.tracker.get(localId)!;
      assert.equal(record.status, 'fate-unknown');
      assert.equal(record.taskId, undefined, 'not matched to any task in the list');

      const item = await row(api, localId);
      assert.equal(item.contextValue, 'airforce.task.video.fate-unknown');
      assert.match(String(item.description), /sent — fate unknown/);
      // appendText escapes spaces as &nbsp; (and punctuation with backslashes).
      const tooltip = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
      assert.match(tooltip, /Look Again/);
      assert.match(tooltip, /billed twice/);
      const menu = rowMenu(api, String(item.contextValue));
      const inline = menu.filter((m) => m.group?.startsWith('inline')).map((m) => m.command);
      assert.deepEqual(inline.sort(), ['airforce.lookAgain', 'airforce.sendAgain'], 'the row shows its two actions inline');
      assert.ok(!menu.some((m) => m.command === 'airforce.downloadResult' || m.command === 'airforce.tryAgain'), 'no download or try-again on it');
    }
    const registered = await vscode.commands.getCommands(true);
    for (const id of ['airforce.lookAgain', 'airforce.sendAgain']) assert.ok(registered.includes(id), `${id} is registered`);
  });

  test('#1 Send Again with {confirm: false} sends exactly one more POST and follows the new task', async () => {
    const { localId, prompt } = lost.send;
    const taskId = await vscode.commands.executeCommand<string>('airforce.sendAgain', localId, { confirm: false });
    assert.ok(typeof taskId === 'string' && taskId.length > 0, 'resolves to the new task id');
    assert.equal((await postsFor(prompt)).length, 2, 'one more POST, on the person’s say-so');
    const record = api.airforce.tracker.get(localId)!;
    assert.equal(record.taskId, taskId);
    assert.notEqual(record.status, 'fate-unknown');
    assert.equal((await row(api, localId)).contextValue?.startsWith('airforce.task.video.fate-unknown'), false);
  });

  test('#1 Look Again adopts the lost task once the list shows it, without sending anything', async () => {
    const { localId, prompt } = lost.look;
    // Still hidden (list lag): looking again changes nothing and sends nothing.
    assert.equal(await vscode.commands.executeCommand<string>('airforce.lookAgain', localId, { confirm: false }), 'fate-unknown');
    await sim('DELETE', '/__sim/faults');
    const status = await vscode.commands.executeCommand<string>('airforce.lookAgain', localId, { confirm: false });
    assert.notEqual(status, 'fate-unknown');
    const created = (await simTasks()).find((t) => t.prompt === prompt);
    assert.ok(created, 'the simulator made the task from the first POST');
    assert.equal(api.airforce.tracker.get(localId)?.taskId, created.task_id, 'the record adopted the task the lost POST created');
    assert.equal((await postsFor(prompt)).length, 1, 'still exactly one POST');
    assert.notEqual((await row(api, localId)).contextValue, 'airforce.task.video.fate-unknown');
  });
});
