// Issue "Generate video in VS Code": the commands-as-API, end to end inside the real VS Code,
// against the Airforce simulator the runner started (AIRFORCE_SIM_URL).
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import type { JobRecord } from '../../src/jobs/types';
import { GENERATE, KEY, SIM, extensionApi, sim, waitFor } from './simControl';

/** Generating here takes longer than a simulator round trip: waits allow 45 s. */
const LONG = 45_000;

interface SimRequest {
  method: string;
  path: string;
  status: number;
  fault?: string;
  body?: { input_images?: { b64_json?: { sha256?: string } }[] };
}
interface SimTask {
  task_id: string;
  mode: string;
  status: string;
  input_image_sha256: string[];
  createdAtMs: number;
  completedAtMs?: number;
}

const simRequests = async (): Promise<SimRequest[]> => (await sim<{ data: SimRequest[] }>('GET', '/__sim/requests')).data;
const simTasks = async (): Promise<SimTask[]> => (await sim<{ data: SimTask[] }>('GET', '/__sim/tasks')).data;
const countCreates = async (): Promise<number> => (await simRequests()).filter((r) => r.method === 'POST' && r.path === GENERATE).length;

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function savedRecord(api: AirforceExtensionApi, taskId: string): Promise<JobRecord> {
  return waitFor(
    `task ${taskId} to be saved`,
    () => {
      const r = api.airforce.tracker.get(taskId);
      if (r?.status === 'failed') throw new Error(`task failed: ${r.error}`);
      return r?.savedPath ? r : undefined;
    },
    LONG,
  );
}

suite('Generate video (commands as an API, against the simulator)', () => {
  let api: AirforceExtensionApi;
  let workspace: string;
  let fixtureMp4: Buffer;
  let firstTaskId = '';

  suiteSetup(async () => {
    assert.ok(SIM, 'AIRFORCE_SIM_URL is set by the runner');
    assert.ok(KEY.startsWith('sk-air-'), 'AIRFORCE_TEST_KEY is set by the runner');
    api = await extensionApi();
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    fixtureMp4 = await fs.readFile(path.join(api.airforce.context.extensionPath, 'test', 'fixtures', 'sample.mp4'));
    await sim('DELETE', '/__sim/faults');
    await vscode.commands.executeCommand('airforce.setApiKey', KEY);
  });

  teardown(async () => {
    await sim('DELETE', '/__sim/faults');
    await sim('POST', '/__sim/hold', { hold: false });
  });

  test('generateVideo(request) resolves to the task id and saves the exact MP4 with its sidecar', async () => {
    const taskId = await vscode.commands.executeCommand<string>('airforce.generateVideo', {
      model: 'wan-2.6',
      prompt: 'A red fox darting across snowy hills at dawn',
      duration_seconds: 5,
      aspect_ratio: '16:9',
      quality: '720p',
      seed: 42,
    });
    assert.match(taskId, /^[0-9a-f-]{36}$/);
    firstTaskId = taskId;
    const record = await savedRecord(api, taskId);
    const saved = record.savedPath!;
    assert.equal(path.dirname(saved), path.join(workspace, 'airforce-media'));
    assert.match(path.basename(saved), new RegExp(`^\\d{4}-\\d{2}-\\d{2}-a-red-fox-darting-across-snowy-hills-at-${taskId.slice(0, 8)}\\.mp4$`));
    assert.equal(sha256(await fs.readFile(saved)), sha256(fixtureMp4), 'saved bytes equal what the simulator served');

    const sidecar = JSON.parse(await fs.readFile(saved.replace(/\.mp4$/, '.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(sidecar.task_id, taskId);
    // fh#5: like every kind's sidecar.
    assert.equal(sidecar.kind, 'video');
    assert.equal(sidecar.request_id, taskId);
    assert.equal(sidecar.model, 'wan-2.6');
    assert.equal(sidecar.prompt, 'A red fox darting across snowy hills at dawn');
    assert.equal(sidecar.mode, 'text');
    assert.equal(sidecar.duration_seconds, 5);
    assert.equal(sidecar.aspect_ratio, '16:9');
    assert.equal(sidecar.quality, '720p');
    assert.deepEqual(sidecar.extra, { seed: 42 });
    assert.equal(sidecar.cost_cents, 200);
    assert.equal(sidecar.result_file, path.basename(saved));
    assert.ok(!Number.isNaN(Date.parse(String(sidecar.created))) && !Number.isNaN(Date.parse(String(sidecar.completed))));
  });

  test('an invalid request is rejected with the field named, and nothing is POSTed', async () => {
    const before = await countCreates();
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('airforce.generateVideo', { model: 'wan-2.6', prompt: 'too long', duration_seconds: 99 })),
      /duration_seconds/,
    );
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.generateVideo', { model: 'wan-2.6', prompt: 'x', mode: 'reference' })), /mode/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.generateVideo', { model: 'wan-2.6', prompt: '   ' })), /prompt/);
    assert.equal(await countCreates(), before, 'no create request reached the server');
  });

  test('fh#2 an input image that is not an image by its bytes (inline HTML, a URL that cannot be read) is refused naming input_images; nothing is POSTed', async () => {
    const before = await countCreates();
    const html = Buffer.from('<!DOCTYPE html><html><body>Sign in</body></html>').toString('base64');
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand(
          'airforce.generateVideo',
          { model: 'wan-2.6', prompt: 'Animate the page', mode: 'image', duration_seconds: 5, input_images: [{ b64_json: html }] },
          { confirm: false },
        ),
      ),
      /input_images entry is not a PNG, JPEG or WebP image \(it looks like an HTML page\)/,
    );
    // A closed port on this computer (allowed for a loopback base URL): its first bytes cannot be read.
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand(
          'airforce.generateVideo',
          { model: 'wan-2.6', prompt: 'Animate the link', mode: 'image', duration_seconds: 5, input_images: [{ url: 'https://127.0.0.1:9/frame.png' }] },
          { confirm: false },
        ),
      ),
      /input_images entry https:\/\/127\.0\.0\.1:9\/frame\.png cannot be used/,
    );
    assert.equal(await countCreates(), before, 'no create request reached the server');
  });

  test('animateImage(uri, {prompt}) sends the file bytes as b64_json in image mode', async () => {
    const png = await fs.readFile(path.join(api.airforce.context.extensionPath, 'test', 'fixtures', 'demo-image.png'));
    const target = path.join(workspace, 'images', 'dragon.png');
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, png);
    const taskId = await vscode.commands.executeCommand<string>('airforce.animateImage', vscode.Uri.file(target), {
      prompt: 'Camera pulls back as the dragon takes off',
      model: 'kling-1',
    });
    const task = (await simTasks()).find((t) => t.task_id === taskId);
    assert.ok(task, 'the simulator knows the task');
    assert.equal(task.mode, 'image');
    assert.deepEqual(task.input_image_sha256, [sha256(png)]);
    const post = (await simRequests()).filter((r) => r.method === 'POST' && r.path === GENERATE).at(-1);
    assert.equal(post?.body?.input_images?.[0]?.b64_json?.sha256, sha256(png));
    const record = await savedRecord(api, taskId);
    assert.deepEqual(record.inputImageSources, [target]);
    const sidecar = JSON.parse(await fs.readFile(record.savedPath!.replace(/\.mp4$/, '.json'), 'utf8')) as { input_images: string[]; mode: string };
    assert.deepEqual(sidecar.input_images, [path.join('images', 'dragon.png')], 'the sidecar names the image relative to the workspace');
    assert.equal(sidecar.mode, 'image');
  });

  test('deleting a task sends DELETE and removes it from the Tasks view data, keeping the file', async () => {
    assert.ok(firstTaskId, 'the first test created a task');
    const saved = api.airforce.tracker.get(firstTaskId)?.savedPath;
    assert.ok(saved);
    const deleted = await vscode.commands.executeCommand<boolean>('airforce.deleteTask', firstTaskId, { confirm: false });
    assert.equal(deleted, true);
    const deletes = (await simRequests()).filter((r) => r.method === 'DELETE' && r.path === `/v1/video/tasks/${firstTaskId}`);
    assert.equal(deletes.length, 1);
    assert.equal(api.airforce.tracker.get(firstTaskId), undefined);
    assert.ok(!api.airforce.tracker.records().some((r) => r.taskId === firstTaskId));
    await fs.access(saved); // the saved MP4 stays
  });

  test('six quick requests never exceed 4 in flight, wait locally, and all complete', async () => {
    await sim('POST', '/__sim/hold', { hold: true });
    // By id, not by time: the simulator stamps tasks from the monotonic clock, which the VM's wall clock can step past.
    const known = new Set((await simTasks()).map((t) => t.task_id));
    const pending = Array.from({ length: 6 }, (_, i) =>
      Promise.resolve(
        vscode.commands.executeCommand<string>('airforce.generateVideo', {
          model: 'seedance-lite',
          prompt: `Quick request number ${i + 1}`,
        }),
      ),
    );
    await waitFor('4 tasks created', async () => ((await simTasks()).filter((t) => !known.has(t.task_id)).length >= 4 ? true : undefined), LONG);
    await new Promise((r) => setTimeout(r, 500)); // give a 5th create every chance to (wrongly) go out
    const created = (await simTasks()).filter((t) => !known.has(t.task_id));
    assert.equal(created.length, 4, 'only 4 tasks created while 4 are in flight');
    assert.equal(api.airforce.tracker.waiting(), 2, 'two requests wait in the local queue');
    await sim('POST', '/__sim/hold', { hold: false });
    const ids = await Promise.all(pending);
    assert.equal(new Set(ids).size, 6);
    await Promise.all(ids.map((id) => savedRecord(api, id)));

    const mine = (await simTasks()).filter((t) => ids.includes(t.task_id));
    const edges = mine.flatMap((t) => [
      { at: t.createdAtMs, d: 1 },
      { at: t.completedAtMs ?? Number.POSITIVE_INFINITY, d: -1 },
    ]);
    edges.sort((a, b) => a.at - b.at || a.d - b.d);
    let now = 0;
    let peak = 0;
    for (const e of edges) peak = Math.max(peak, (now += e.d));
    assert.ok(peak <= 4, `peak in flight was ${peak}`);
    const refused = (await simRequests()).filter((r) => r.method === 'POST' && r.path === GENERATE && r.status === 429);
    assert.equal(refused.length, 0, 'the local queue kept us under the server limit');
  });

  test('a progress stream cut mid-way still ends in a saved file', async () => {
    await sim('POST', '/__sim/faults', { fault: 'stream-cut', param: 2, times: 1 });
    const taskId = await vscode.commands.executeCommand<string>('airforce.generateVideo', {
      model: 'wan-2.6',
      prompt: 'Waves breaking on a rocky shore',
    });
    const record = await savedRecord(api, taskId);
    assert.equal(sha256(await fs.readFile(record.savedPath!)), sha256(fixtureMp4));
    const cut = (await simRequests()).filter((r) => r.path === `/v1/video/tasks/${taskId}/stream` && r.fault === 'stream-cut');
    assert.equal(cut.length, 1, 'the stream really was cut');
  });

  test('the key is kept only in SecretStorage: not in settings, state, logs or the simulator log', async () => {
    const ctx = api.airforce.context;
    assert.equal(await ctx.secrets.get('airforce.apiKey'), KEY);
    const cfg = vscode.workspace.getConfiguration('airforce');
    for (const name of ['baseUrl', 'outputDirectory', 'defaultVideoModel']) {
      assert.ok(!JSON.stringify(cfg.inspect(name) ?? {}).includes(KEY), `setting ${name} holds no key`);
    }
    for (const state of [ctx.globalState, ctx.workspaceState]) {
      for (const k of state.keys()) assert.ok(!JSON.stringify(state.get(k) ?? null).includes(KEY), `state ${k} holds no key`);
    }
    // The "Airforce" LogOutputChannel writes under the extension host's log folder, beside logUri.
    const logs = await waitFor(
      'the Airforce log to hold request lines',
      async () => {
        const text = await readTree(path.dirname(ctx.logUri.fsPath));
        return text.includes(`POST ${GENERATE}`) ? text : undefined;
      },
      LONG,
    );
    assert.ok(!logs.includes(KEY), 'the log never contains the key');
    assert.ok(!JSON.stringify(await simRequests()).includes(KEY), 'the simulator log never holds it either');
  });
});

async function readTree(dir: string): Promise<string> {
  let text = '';
  for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, entry.name);
    text += entry.isDirectory() ? await readTree(p) : await fs.readFile(p, 'utf8');
  }
  return text;
}
