// The panel's host side and images (#11): the webview names images only by tokens the host issued,
// files are checked by their bytes and must be inside the workspace unless picked, and Generate again
// never reads a server-supplied URL as a path.
import assert from 'node:assert/strict';
import { copyFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { encodeImageFile } from '../../../src/api/images';
import { recordFromServerTask } from '../../../src/jobs/records';
import { FakeUri } from '../vscodeFake';
import { calls, GenerationPanel, type PanelHost, rerunTask, tmp, png, outsidePng, harness, settle, tokenFor, lastOf, panelHooks } from './panel-helpers';

describe('GenerationPanel (host side)', () => {
  panelHooks();

  it('#11 a generate message naming a raw path is refused', async () => {
    const h = harness();
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    for (const images of [[png], [`file://${png}`], ['/etc/passwd']]) {
      p.send({ type: 'generate', kind: 'video', request: { model: 'wan-2.6', prompt: 'p', mode: 'image', duration_seconds: 5 }, images });
      await settle();
      const problems = lastOf(p, 'validation')?.problems;
      assert.deepEqual(
        problems?.map((x) => x.field),
        ['input_images'],
        String(images),
      );
      assert.match(problems?.[0].message ?? '', /not one this panel added/);
      p.posted.length = 0;
    }
    assert.equal(h.submitted.length, 0);
    assert.deepEqual(h.encoded, []);
    assert.equal(h.warnings.filter((w) => /dropped a message from the webview: invalid 'generate' message at images/.test(w)).length, 3);
  });

  it('#11 an image token unknown to the host is refused', async () => {
    const h = harness();
    // A token another panel issued is as unknown here as a made-up one.
    GenerationPanel.createOrShow(h.host);
    const first = calls.panels[0];
    first.send({ type: 'ready' });
    await settle();
    const foreign = await tokenFor(first, png);
    GenerationPanel.current?.dispose();
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[1];
    p.send({ type: 'ready' });
    await settle();
    assert.deepEqual(lastOf(p, 'init')?.imageTokens, []);
    for (const token of [foreign, 'img:AAAAAAAAAAAAAAAAAAAAAAAA']) {
      p.posted.length = 0;
      p.send({ type: 'generate', kind: 'video', request: { model: 'wan-2.6', prompt: 'p', mode: 'image', duration_seconds: 5 }, images: [token] });
      await settle();
      assert.deepEqual(
        lastOf(p, 'validation')?.problems.map((x) => [x.field, x.message]),
        [['input_images', 'An image in the form is not one this panel added: remove it and add it again.']],
      );
    }
    assert.equal(h.submitted.length, 0);
    assert.deepEqual(h.encoded, []);
    assert.equal(h.warnings.filter((w) => /refused an image of a generate message: unknown-token/.test(w)).length, 2);
  });

  it('#11 a .png that is not an image by its bytes is not shown or sent', async () => {
    const h = harness();
    h.host.encodeImage = (fsPath) => encodeImageFile(fsPath);
    const fake = path.join(tmp, 'fake.png');
    writeFileSync(fake, '<html>not an image</html>');
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    p.send({ type: 'dropImages', uris: [`file://${fake}`] });
    await settle();
    assert.deepEqual(lastOf(p, 'imagesAdded'), { type: 'imagesAdded', images: [], rejected: [{ source: 'fake.png', reason: 'Not a PNG, JPEG or WebP image (by its contents)' }] });
    // Shown while it was an image, then its bytes changed: nothing is sent.
    const swapped = path.join(tmp, 'swapped.png');
    copyFileSync(png, swapped);
    const token = await tokenFor(p, swapped);
    writeFileSync(swapped, 'no longer pixels');
    p.send({ type: 'generate', kind: 'video', request: { model: 'wan-2.6', prompt: 'p', mode: 'image', duration_seconds: 5 }, images: [token] });
    await settle();
    const problems = lastOf(p, 'validation')?.problems;
    assert.deepEqual(
      problems?.map((x) => x.field),
      ['input_images'],
    );
    assert.match(problems?.[0].message ?? '', /swapped\.png.*not a PNG, JPEG or WebP/);
    assert.equal(h.submitted.length, 0);
  });

  it('#11 a dropped file outside the workspace is refused unless the person picked it', async () => {
    const h = harness();
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    const link = path.join(tmp, 'link.png');
    symlinkSync(outsidePng, link);
    p.send({ type: 'dropImages', uris: [`file://${outsidePng}`, `file://${link}`, outsidePng] });
    await settle();
    const refused = lastOf(p, 'imagesAdded');
    assert.deepEqual(refused?.images, []);
    assert.deepEqual(
      refused?.rejected.map((r) => r.source),
      ['secret.png', 'link.png', 'secret.png'],
    );
    assert.match(refused?.rejected[0].reason ?? '', /Not inside a workspace folder/);
    // Picked in the open dialog: the person chose it, so it is used (and a later drop of it too).
    calls.openDialog = [FakeUri.file(outsidePng)];
    p.send({ type: 'pickImages', multi: false });
    await settle();
    const picked = lastOf(p, 'imagesAdded')?.images[0];
    assert.equal(picked?.label, 'secret.png');
    p.send({ type: 'dropImages', uris: [`file://${outsidePng}`] });
    await settle();
    assert.equal(lastOf(p, 'imagesAdded')?.images[0]?.source, picked?.source);
    p.send({ type: 'generate', kind: 'video', request: { model: 'wan-2.6', prompt: 'p', mode: 'image', duration_seconds: 5 }, images: [picked?.source ?? ''] });
    await settle();
    assert.deepEqual(
      h.submitted.map((x) => x.sources),
      [[outsidePng]],
    );
  });

  it('#11 Generate again never reads a server-supplied input_image_url as a path', async () => {
    const h = harness();
    // Imported from the server's list: its input_image_url names a workspace image and a file: URL.
    for (const [id, url] of [
      ['srv-path', png],
      ['srv-file', `file://${png}`],
      ['srv-https', 'https://cdn.example/in.png'],
    ] as const) {
      const imported = recordFromServerTask(
        { task_id: `vid_${id}`, status: 'failed', model: 'wan-2.6', prompt: 'from elsewhere', mode: 'image', input_image_url: url },
        id,
        1_700_000_000,
      );
      h.records.set(id, imported);
    }
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    for (const id of ['srv-path', 'srv-file']) {
      p.send({ type: 'generateAgain', localId: id });
      await settle();
      assert.deepEqual(lastOf(p, 'prefill')?.images, [], id);
    }
    p.send({ type: 'generateAgain', localId: 'srv-https' });
    await settle();
    assert.deepEqual(
      lastOf(p, 'prefill')?.images.map((i) => i.source),
      ['https://cdn.example/in.png'],
    );
    // The Tasks view's "Generate Again" (airforce.rerunTask) reads nothing either.
    const opened: Array<{ images?: Array<{ source: string }> }> = [];
    const createOrShow = GenerationPanel.createOrShow;
    GenerationPanel.createOrShow = ((_host: PanelHost, init?: { images?: Array<{ source: string }> }) => {
      opened.push(init ?? {});
      return GenerationPanel.current;
    }) as typeof GenerationPanel.createOrShow;
    try {
      const af = { tracker: { get: (id: string) => h.records.get(id) }, context: { extensionUri: FakeUri.file('/ext') }, log: h.host.logger };
      for (const id of ['srv-path', 'srv-file', 'srv-https']) rerunTask(af as unknown as Parameters<typeof rerunTask>[0], id);
    } finally {
      GenerationPanel.createOrShow = createOrShow;
    }
    assert.deepEqual(
      opened.map((o) => o.images?.map((i) => i.source)),
      [[], [], ['https://cdn.example/in.png']],
    );
  });

  it('#11 Generate again shows a local source only from inside the workspace, checked by its bytes', async () => {
    const h = harness();
    const notImage = path.join(tmp, 'old.png');
    writeFileSync(notImage, 'text');
    h.records.set('mine', {
      localId: 'mine',
      kind: 'video',
      origin: { type: 'panel' },
      model: 'wan-2.6',
      prompt: 'again',
      mode: 'reference',
      duration_seconds: 5,
      extra: {},
      inputImageSources: [outsidePng, `file://${png}`, notImage, 'frame.png', 'https://e.com/r.png'],
      status: 'completed',
      progress: 100,
      created: 1_700_000_000,
    });
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    p.send({ type: 'generateAgain', localId: 'mine' });
    await settle();
    assert.deepEqual(
      lastOf(p, 'prefill')?.images.map((i) => i.label),
      ['frame.png', 'r.png'],
    );
    assert.deepEqual(
      lastOf(p, 'imagesAdded')?.rejected.map((r) => r.source),
      ['secret.png', 'old.png'],
    );
  });
});
