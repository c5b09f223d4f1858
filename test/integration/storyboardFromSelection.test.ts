// Issue 20 "Storyboard from selection", end to end inside the real VS Code against the simulator:
// prose → one chat POST → ```airforce blocks under the selection; errors sent back once for a fix;
// what remains inserted with its diagnostics; a cut stream leaves the document untouched; the budget
// refuses with no POST; the call is in the spending ledger as `chat`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import type { StoryboardInserted } from '../../src/prompting/vscode/storyboardFromSelection';
import type { SpendingData } from '../../src/spending/service';
import { sim, waitFor } from './simControl';
import { simRequests, simSuiteSetup } from './suiteHelpers';

const CHAT = '/v1/chat/completions';
const chatPosts = async (): Promise<Array<{ body?: { messages?: Array<{ role: string; content: string }> } }>> =>
  (await simRequests<{ messages?: Array<{ role: string; content: string }> }>()).filter((r) => r.method === 'POST' && r.path === CHAT);
const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('airforce');
const script = (answer: string): Promise<unknown> => sim('POST', '/__sim/faults', { fault: 'chat-script', times: 1, param: answer, match: { path: CHAT } });

const PROSE = ['# Night watch', '', 'The lighthouse wakes at dusk and its beam sweeps the sea.', '', 'The end.', ''].join('\n');

const GOOD = [
  'Here you are:',
  '```airforce',
  'id: dusk',
  'kind: image',
  'model: flux-2-dev',
  'prompt: A lighthouse at dusk',
  '```',
  '```airforce',
  'id: dusk-move',
  'kind: video',
  'model: wan-2.6',
  'image: @dusk',
  'prompt: The beam sweeps the sea',
  'duration: 5',
  '```',
].join('\n');
const BAD = ['```airforce', 'id: sweep', 'kind: video', 'model: wan-2.6', 'prompt: The beam sweeps the sea', 'duration: 30', '```'].join('\n');

suite('Storyboard from selection (against the simulator)', () => {
  let api: AirforceExtensionApi;
  let dir: string;

  suiteSetup(async () => {
    ({ api } = await simSuiteSetup());
    dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'storyboard-chat-test');
    await fs.mkdir(dir, { recursive: true });
  });

  suiteTeardown(async () => {
    await sim('DELETE', '/__sim/faults');
    await cfg().update('budgetCents', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.rm(dir, { recursive: true, force: true });
  });

  setup(async () => {
    await sim('DELETE', '/__sim/faults');
    await sim('DELETE', '/__sim/requests');
  });

  async function open(name: string): Promise<vscode.TextDocument> {
    const file = path.join(dir, name);
    await fs.writeFile(file, PROSE);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  /** Lines 2–3 (the prose paragraph), as a request object gives them. */
  const run = (doc: vscode.TextDocument, extra: Record<string, unknown> = {}): Thenable<StoryboardInserted | undefined> =>
    vscode.commands.executeCommand<StoryboardInserted | undefined>('airforce.storyboardFromSelection', {
      uri: doc.uri.toString(),
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 57 } },
      ...extra,
    });

  test('a good answer: one POST, the blocks under the selection, the call in the ledger', async () => {
    const doc = await open('good.md');
    await script(GOOD);
    const result = await run(doc);
    assert.ok(result);
    assert.equal((await chatPosts()).length, 1);
    const posted = (await chatPosts())[0]!.body!.messages!;
    assert.match(posted.at(-1)!.content, /The lighthouse wakes at dusk/);
    assert.equal(result.fixRound, false);
    assert.deepEqual(result.shots, ['dusk', 'dusk-move']);
    assert.deepEqual(result.problems, []);
    const lines = doc.getText().split('\n');
    assert.deepEqual(lines.slice(0, 5), ['# Night watch', '', 'The lighthouse wakes at dusk and its beam sweeps the sea.', '', '```airforce']);
    assert.equal(result.line, 4);
    assert.doesNotMatch(doc.getText(), /Here you are/);
    assert.match(doc.getText(), /duration: 5\n```\n\nThe end\.\n$/);
    const entries = [...(await api.airforce.spending.entries()).values()].filter((e) => e.kind === 'chat');
    assert.ok(
      entries.some((e) => e.model === 'gpt-4o-mini' && e.state === 'settled' && (e.cents ?? 0) > 0),
      JSON.stringify(entries),
    );
    assert.ok(result.costCents !== undefined && result.costCents > 0);
  });

  test('errors are sent back once; the fixed answer is inserted', async () => {
    const doc = await open('fix.md');
    await script(BAD);
    await script(GOOD);
    const result = await run(doc);
    const posts = await chatPosts();
    assert.equal(posts.length, 2, 'one POST for the answer, one for the fix');
    const fix = posts[1]!.body!.messages!;
    assert.deepEqual(
      fix.map((m) => m.role),
      ['system', 'user', 'assistant', 'user'],
    );
    assert.match(fix.at(-1)!.content, /shot "sweep", at `duration: 30`/);
    assert.equal(result?.fixRound, true);
    assert.deepEqual(result?.shots, ['dusk', 'dusk-move']);
    assert.doesNotMatch(doc.getText(), /id: sweep/);
  });

  test('what the fix leaves wrong is inserted anyway, its diagnostics visible; no third POST', async () => {
    const doc = await open('still-bad.md');
    await script(BAD);
    await script(BAD);
    const result = await run(doc);
    assert.equal((await chatPosts()).length, 2);
    assert.equal(result?.fixRound, true);
    assert.match(doc.getText(), /id: sweep\n[\s\S]*duration: 30/);
    const durationLine = doc.getText().split('\n').indexOf('duration: 30');
    assert.ok(result?.problems.some((p) => p.line === durationLine && p.severity === 'error'));
    const diagnostic = await waitFor('the duration diagnostic', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => d.range.start.line === durationLine && d.severity === vscode.DiagnosticSeverity.Error),
    );
    assert.match(diagnostic.message, /5.*10/);
  });

  test('a cut stream leaves the document untouched and rejects', async () => {
    const doc = await open('cut.md');
    await sim('POST', '/__sim/faults', { fault: 'chat-cut', times: 1, param: 3, match: { path: CHAT } });
    await assert.rejects(Promise.resolve(run(doc)), (e: Error) => /broke off/.test(e.message) && e.name === 'ChatStreamCutError');
    assert.equal((await chatPosts()).length, 1);
    assert.equal(doc.getText(), PROSE);
    assert.equal(doc.isDirty, false);
  });

  test('the empty 200 rejects (a request object sees no Try Again dialog) and changes nothing', async () => {
    const doc = await open('empty.md');
    await sim('POST', '/__sim/faults', { fault: 'chat-empty', times: 1, match: { path: CHAT } });
    await assert.rejects(Promise.resolve(run(doc)), (e: Error) => /nothing was billed/.test(e.message));
    assert.equal((await chatPosts()).length, 1);
    assert.equal(doc.getText(), PROSE);
  });

  test('over the budget: refused naming it, no POST', async () => {
    const doc = await open('budget.md');
    const before = (await vscode.commands.executeCommand<SpendingData>('airforce.showSpending', { data: true }))!;
    // Spent today rounded up to whole cents by a filler entry, and a budget of exactly that: nothing left.
    const spent = before.todayCents + before.inFlightCents;
    const whole = Math.floor(spent) + 1;
    api.airforce.spending.ledger.append({
      id: `test-filler-${Date.now()}`,
      at: Math.floor(Date.now() / 1000),
      kind: 'image',
      model: 'flux-2-dev',
      state: 'settled',
      cents: whole - spent,
    });
    await api.airforce.spending.ledger.flush();
    await cfg().update('budgetCents', whole, vscode.ConfigurationTarget.Global);
    try {
      await assert.rejects(Promise.resolve(run(doc)), (e: Error) => e.name === 'BudgetExceededError' && /Nothing was sent/.test(e.message));
      assert.equal((await chatPosts()).length, 0);
      assert.equal(doc.getText(), PROSE);
    } finally {
      await cfg().update('budgetCents', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('text instead of a range: the shots go to the end of the document', async () => {
    const doc = await open('text.md');
    await script(GOOD);
    const result = await vscode.commands.executeCommand<StoryboardInserted>('airforce.storyboardFromSelection', { uri: doc.uri, text: 'A lighthouse at dusk.' });
    assert.equal(result.line, doc.getText().split('\n').indexOf('```airforce'));
    assert.match(doc.getText(), /^# Night watch[\s\S]*The end\.\n\n```airforce\nid: dusk\n/);
  });
});
