// Issue 9 "Compare models": airforce.compareModels as an API inside the real VS Code, against the
// simulator the runner started (AIRFORCE_SIM_URL): one create per model, all saved, sidecars sharing
// the group; one model-specific invalid value refuses the whole comparison before anything is sent;
// a shared field one model lacks is not sent to it; the Tasks view shows the comparison as one row.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import type { JobRecord } from '../../src/jobs/types';
import { GENERATE, sim, waitFor } from './simControl';
import { simRequests, simSuiteSetup } from './suiteHelpers';

const LONG = 45_000;

interface CreateBody {
  model?: string;
  mode?: string;
  duration_seconds?: number;
  aspect_ratio?: string;
  input_images?: unknown[];
}
const creates = async () => (await simRequests<CreateBody>()).filter((r) => r.method === 'POST' && r.path === GENERATE);

const groupJobs = (api: AirforceExtensionApi, group: string): JobRecord[] => api.airforce.tracker.records().filter((r) => r.origin.type === 'compare' && r.origin.group === group);

suite('Compare models (command as an API, against the simulator)', () => {
  let api: AirforceExtensionApi;
  let workspace: string;

  suiteSetup(async () => {
    ({ api, workspace } = await simSuiteSetup());
  });

  teardown(async () => {
    await sim('DELETE', '/__sim/faults');
    await sim('POST', '/__sim/hold', { hold: false });
  });

  test('compareModels on two video models: two creates, both saved, sidecars share the group id it resolved to', async () => {
    const before = (await creates()).length;
    const group = await vscode.commands.executeCommand<string>(
      'airforce.compareModels',
      { kind: 'video', models: ['wan-2.6', 'kling-1'], prompt: 'A red fox darting across snowy hills at dawn', duration_seconds: 5, aspect_ratio: '16:9' },
      { confirm: false },
    );
    assert.equal(typeof group, 'string');
    assert.ok(group.length > 0);
    const sent = (await creates()).slice(before);
    assert.deepEqual(sent.map((r) => r.body?.model).sort(), ['kling-1', 'wan-2.6'], 'one create per model');
    // Resolved once every create was accepted: both jobs have their server task id.
    const jobs = groupJobs(api, group);
    assert.equal(jobs.length, 2);
    for (const j of jobs) assert.ok(j.taskId, `${j.model} was accepted`);

    const saved = await waitFor(
      'both jobs of the comparison to be saved',
      () => {
        const now = groupJobs(api, group);
        const failed = now.find((r) => r.status === 'failed');
        if (failed) throw new Error(`${failed.model} failed: ${failed.error}`);
        return now.length === 2 && now.every((r) => r.savedPath) ? now : undefined;
      },
      LONG,
    ).catch((e: unknown) => {
      // Say where each job stopped, so a timeout can be told apart from a slow run.
      const states = groupJobs(api, group).map(
        (r) => `${r.model}: ${r.status} ${r.progress}%${r.savedPath ? ' saved' : ''}${r.error ? ` (${r.error})` : ''}${r.downloadError ? ` [download: ${r.downloadError}]` : ''}`,
      );
      throw new Error(`${e instanceof Error ? e.message : String(e)} — ${states.join('; ')}`);
    });
    for (const r of saved) {
      const sidecar = JSON.parse(await fs.readFile(r.savedPath!.replace(/\.mp4$/, '.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(sidecar.group, group, `${r.model}'s sidecar names the group`);
      assert.equal(sidecar.model, r.model);
      assert.ok(r.savedPath!.startsWith(workspace), 'saved inside the workspace');
    }

    // History: the comparison is ONE row with its jobs as children.
    const top = await api.tasksTree.getChildren();
    assert.ok(top?.includes(`compare:${group}`), 'the Tasks view has one row for the comparison');
    for (const r of saved) assert.ok(!top?.includes(r.localId), `${r.model}'s job is not a row of its own`);
    const children = (await api.tasksTree.getChildren(`compare:${group}`)) ?? [];
    assert.deepEqual([...children].sort(), saved.map((r) => r.localId).sort());
  });

  test('a duration one model allows and the other does not rejects the whole comparison, naming the model and field; nothing is sent', async () => {
    const before = (await creates()).length;
    // wan-2.6 allows 5–10 s, seedance-lite 4–8 s.
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand(
          'airforce.compareModels',
          { kind: 'video', models: ['wan-2.6', 'seedance-lite'], prompt: 'A lighthouse', duration_seconds: 10 },
          { confirm: false },
        ),
      ),
      (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        assert.match(message, /seedance-lite/);
        assert.match(message, /duration_seconds/);
        assert.doesNotMatch(message, /wan-2\.6/);
        return true;
      },
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('airforce.compareModels', { kind: 'video', models: ['wan-2.6', 'no-such-model'], prompt: 'x' }, { confirm: false })),
      /no-such-model/,
    );
    assert.equal((await creates()).length, before, 'no create request reached the server');
  });

  test('an input image goes only to the model that can animate it; the other runs text to video', async () => {
    const png = await fs.readFile(path.join(api.airforce.context.extensionPath, 'test', 'fixtures', 'demo-image.png'));
    await fs.mkdir(path.join(workspace, 'images'), { recursive: true });
    await fs.writeFile(path.join(workspace, 'images', 'compare-start.png'), png);
    const before = (await creates()).length;
    const group = await vscode.commands.executeCommand<string>(
      'airforce.compareModels',
      { kind: 'video', models: ['wan-2.6', 'seedance-lite'], prompt: 'The fractal starts to turn', duration_seconds: 5, image: 'images/compare-start.png' },
      { confirm: false },
    );
    const sent = (await creates()).slice(before);
    const wan = sent.find((r) => r.body?.model === 'wan-2.6');
    const seedance = sent.find((r) => r.body?.model === 'seedance-lite');
    assert.equal(wan?.body?.mode, 'image');
    assert.equal(wan?.body?.input_images?.length, 1, 'wan-2.6 animates the image');
    assert.equal(seedance?.body?.mode, 'text');
    assert.equal(seedance?.body?.input_images, undefined, 'seedance-lite has no image mode: the image is not sent to it');
    const jobs = groupJobs(api, group);
    assert.deepEqual(jobs.find((r) => r.model === 'wan-2.6')?.inputImageSources, [path.join('images', 'compare-start.png')]);
    // Leave no video in flight for the suites that count slots.
    await waitFor('the comparison to finish', () => groupJobs(api, group).every((r) => r.savedPath || r.status === 'failed'), LONG);
  });

  test('a request object with too few models or a field of the other kind is refused before anything is sent', async () => {
    const before = (await creates()).length;
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.compareModels', { kind: 'video', models: ['wan-2.6'], prompt: 'x' })), /2 to 4/);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('airforce.compareModels', { kind: 'video', models: ['wan-2.6', 'kling-1'], prompt: 'x', n: 2 })),
      /n is not a shared field/,
    );
    assert.equal((await creates()).length, before);
  });

  for (const { kind, models, refused, fields } of [
    { kind: 'image', models: ['flux-2-dev', 'imagen-4'], refused: 'imagen-4', fields: {} },
    { kind: 'video', models: ['wan-2.6', 'kling-1'], refused: 'kling-1', fields: { duration_seconds: 5 } },
  ]) {
    test(`r3 Also: one ${kind} model refused by the server: compareModels still resolves to the group, the failure is on its card, no unhandled rejection`, async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        await sim('POST', '/__sim/faults', { fault: 'refuse-model', param: refused, times: 1 });
        const logged = (await simRequests()).length;
        const group = await vscode.commands.executeCommand<string>(
          'airforce.compareModels',
          { kind, models, prompt: `Half of this comparison is refused (${kind})`, ...fields },
          { confirm: false },
        );
        assert.equal(typeof group, 'string', 'resolves to the group id although one model was refused');
        const jobs = await waitFor('both cards', () => {
          const now = groupJobs(api, group);
          return now.length === 2 && now.some((r) => r.status === 'failed') ? now : undefined;
        });
        const bad = jobs.find((r) => r.model === refused)!;
        assert.equal(bad.status, 'failed');
        assert.match(bad.error ?? '', /not available right now/);
        const good = jobs.find((r) => r.model !== refused)!;
        assert.notEqual(good.status, 'failed', `${good.model} was accepted and runs on`);
        const requests = (await simRequests<CreateBody>()).slice(logged);
        assert.equal(requests.filter((r) => (r as { fault?: string }).fault === 'refuse-model' && r.status === 400).length, 1, 'the fault refused that model once');
        // Leave no job in flight for the suites that count slots.
        await waitFor('the accepted job to be saved', () => groupJobs(api, group).find((r) => r.model === good.model)?.savedPath, LONG);
        // Give a stray rejection a turn of the event loop to surface.
        await new Promise((r) => setTimeout(r, 200));
        assert.deepEqual(unhandled.map(String), [], 'no unhandled rejection');
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });
  }

  test('r3 Also: when every model is refused, compareModels rejects naming the refusal', async () => {
    await sim('POST', '/__sim/faults', { fault: 'refuse-model', param: 'flux-2-dev', times: 1 });
    await sim('POST', '/__sim/faults', { fault: 'refuse-model', param: 'imagen-4', times: 1 });
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('airforce.compareModels', { kind: 'image', models: ['flux-2-dev', 'imagen-4'], prompt: 'Nobody takes this' }, { confirm: false }),
      ),
      /not available right now/,
    );
  });
});
