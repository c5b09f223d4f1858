// The Generate panel's one submit (issue 18): every kind reaches the extension through the one
// PanelHost member, submitJob, with its images checked once on arrival and each file's token checked
// again when it is read; what comes back is shown the same way for every kind (the budget next to
// Generate, a declined cost as nothing, an image job's failed files left to the record).
import assert from 'node:assert/strict';
import { readFileSync, rmSync, copyFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { calls, GenerationPanel, harness, lastOf, panelHooks, png, settle, tmp, tokenFor, type PanelHost } from './panel-helpers';

const root = path.resolve(__dirname, '..', '..', '..', '..');

type SubmitJob = PanelHost['submitJob'];

describe('Generate panel: one submit for every kind', () => {
  panelHooks();

  it('video and image go through submitJob alike: files as tokens with their paths, URLs as given, read on demand', async () => {
    const h = harness();
    const seen: Array<{ kind: string; images: Parameters<SubmitJob>[2]; read: Awaited<ReturnType<Parameters<SubmitJob>[3]>> }> = [];
    h.host.submitJob = async (kind, _request, images, readFile) => {
      const first = images[0];
      seen.push({ kind, images, read: await readFile(first && 'file' in first ? first.file : '') });
      return kind === 'image' ? { ok: true, localId: 'img-1', files: Promise.reject(new Error('shown on the record')) } : { ok: true, localId: 'vid-1' };
    };
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    const token = await tokenFor(p, png);
    for (const kind of ['video', 'image'] as const) {
      p.send({ type: 'generate', kind, request: { model: 'm', prompt: kind }, images: [token, 'https://e.com/r.png'] });
      await settle();
    }
    assert.deepEqual(
      seen.map((s) => [s.kind, s.images, s.read]),
      [
        ['video', [{ file: token, source: png }, { url: 'https://e.com/r.png' }], { b64_json: 'QUJD' }],
        ['image', [{ file: token, source: png }, { url: 'https://e.com/r.png' }], { b64_json: 'QUJD' }],
      ],
    );
    assert.deepEqual(lastOf(p, 'validation')?.problems, []);
  });

  it('a file gone between the submit and the read is refused by name; the budget shows on its field; a declined cost shows nothing', async () => {
    const h = harness();
    const gone = path.join(tmp, 'gone.png');
    copyFileSync(png, gone);
    let answer: Awaited<ReturnType<SubmitJob>> = { ok: false, declined: true };
    h.host.submitJob = async (_kind, _request, images, readFile) => {
      rmSync(gone);
      const first = images[0];
      await assert.rejects(readFile(first && 'file' in first ? first.file : ''), /gone\.png: File not found/);
      return answer;
    };
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    const token = await tokenFor(p, gone);
    p.posted.length = 0;
    p.send({ type: 'generate', kind: 'image', request: { model: 'm', prompt: 'edit' }, images: [token] });
    await settle();
    assert.equal(lastOf(p, 'validation'), undefined, 'declined: nothing to show');
    copyFileSync(png, gone);
    answer = { ok: false, problems: [{ field: 'budget', message: 'Over the daily budget.' }] };
    p.send({ type: 'generate', kind: 'video', request: { model: 'm', prompt: 'p' }, images: [await tokenFor(p, gone)] });
    await settle();
    assert.deepEqual(lastOf(p, 'validation')?.problems, [{ field: 'budget', message: 'Over the daily budget.' }]);
  });

  it("the panel's submit has one call into the host and no step of its own; PanelHost has one submit", () => {
    // The code, not the comments that name where the steps live.
    const submit = readFileSync(path.join(root, 'src/generate/host/submit.ts'), 'utf8').replace(/^\s*(\/\/|\/\*\*|\*).*$/gm, '');
    assert.match(submit, /\bhost\.submitJob\(/);
    assert.equal((submit.match(/\bhost\.submit\w*\(/g) ?? []).length, 1, 'one submit call, no branch per kind');
    for (const own of ['startJob', "kind !== 'video'", "kind === 'video'", 'confirmCost', 'validateVideoRequest', 'runSubmitPipeline', 'showWarningMessage']) {
      assert.ok(!submit.includes(own), `generate/host/submit.ts has no ${own} of its own`);
    }
    const iface = readFileSync(path.join(root, 'src/generate/host/panelHost.ts'), 'utf8');
    assert.deepEqual(iface.match(/^ {2}submit\w*:/gm), ['  submitJob:'], 'PanelHost has one submit');
  });
});
