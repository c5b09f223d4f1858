// Issue 9 "Storyboard in Markdown", end to end inside the real VS Code against the simulator:
// CodeLenses with prices, Generate all (an image shot, then the video animating it), link lines,
// diagnostics naming the allowed range, and completion of model ids.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { KEY, SIM, extensionApi, sim, waitFor } from './simControl';

interface SimRequest {
  method: string;
  path: string;
  body?: Record<string, unknown>;
}
const simRequests = async (): Promise<SimRequest[]> => (await sim<{ data: SimRequest[] }>('GET', '/__sim/requests')).data;
const posts = async (): Promise<number> => (await simRequests()).filter((r) => r.method === 'POST').length;
const sidecarOf = async (file: string): Promise<Record<string, unknown>> => JSON.parse(await fs.readFile(file.replace(/\.[^./\\]+$/, '.json'), 'utf8')) as Record<string, unknown>;

const FILM = [
  '# The fox',
  '',
  '```airforce',
  'id: still',
  'kind: image',
  'model: flux-2-dev',
  'prompt: A red fox on a snowy hill at dawn',
  '```',
  '',
  '```airforce',
  'id: fox-wide',
  'model: wan-2.6',
  'duration: 5',
  'image: @still   # the still above, animated',
  'prompt: The fox darts across the hills',
  '  as the sun rises',
  '```',
  '',
  'The end.',
  '',
].join('\n');

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((l) => l.command?.title ?? '');
}

/** The line right under the closing fence of the block with `id: <id>`. */
function lineUnder(doc: vscode.TextDocument, id: string): string | undefined {
  const lines = doc.getText().split(/\r?\n/);
  const at = lines.indexOf(`id: ${id}`);
  if (at < 0) return undefined;
  const close = lines.indexOf('```', at);
  return lines[close + 1];
}

suite('Storyboard in Markdown (against the simulator)', () => {
  let dir: string;

  suiteSetup(async () => {
    assert.ok(SIM, 'AIRFORCE_SIM_URL is set by the runner');
    await extensionApi();
    await sim('DELETE', '/__sim/faults');
    await vscode.commands.executeCommand('airforce.setApiKey', KEY);
    dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'storyboard-test');
    await fs.mkdir(dir, { recursive: true });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function openFilm(name: string, text = FILM): Promise<vscode.TextDocument> {
    const file = path.join(dir, name);
    await fs.writeFile(file, text);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  test('CodeLenses carry each shot’s estimate and the total above the first block', async () => {
    const doc = await openFilm('lenses.md');
    // The catalog loads in the background once; the lenses are asked again until they show prices.
    const titles = await waitFor('priced lenses', async () => {
      const t = await lensTitles(doc.uri);
      return t.some((x) => x.includes('$')) ? t : undefined;
    });
    // flux-2-dev: 2.5 ¢ an image; wan-2.6: 5 s × 40 ¢.
    assert.deepEqual(titles, ['Generate all 2 shots · $2.025 total', 'Generate image · $0.025', 'Generate video · $2.00']);
  });

  test('generateAll saves both shots, the video carries the image, both link lines appear', async () => {
    const doc = await openFilm('film.md');
    const group = await vscode.commands.executeCommand<string>('airforce.storyboard.generateAll', doc.uri, { confirm: false });
    assert.equal(typeof group, 'string');
    const imageLink = await waitFor('the image link line', () => {
      const l = lineUnder(doc, 'still');
      return l?.startsWith('![still](') ? l : undefined;
    });
    const videoLink = await waitFor(
      'the video link line',
      () => {
        const l = lineUnder(doc, 'fox-wide');
        return l?.startsWith('[fox-wide.mp4](') ? l : undefined;
      },
      45_000,
    );
    assert.match(imageLink, /^!\[still\]\(\.\.\/airforce-media\/[^)]+\.png\) <!-- airforce -->$/);
    assert.match(videoLink, /^\[fox-wide\.mp4\]\(\.\.\/airforce-media\/[^)]+\.mp4\) <!-- airforce -->$/);
    const imageFile = path.resolve(dir, decodeURI(/\(([^)]+)\)/.exec(imageLink)![1]!));
    const videoFile = path.resolve(dir, decodeURI(/\(([^)]+)\)/.exec(videoLink)![1]!));
    const imageBytes = await fs.readFile(imageFile);

    // The video's create carried the image shot's file, as base64, in image mode.
    const create = (await simRequests()).filter((r) => r.method === 'POST' && r.path === '/v1/video/generations').at(-1);
    assert.equal(create?.body?.mode, 'image');
    assert.equal(create?.body?.prompt, 'The fox darts across the hills as the sun rises');
    // The simulator logs a long b64_json as {bytes, sha256} of what it decoded.
    const images = create?.body?.input_images as { b64_json?: { bytes: number; sha256: string } }[];
    assert.equal(images.length, 1);
    assert.equal(images[0]!.b64_json?.sha256, createHash('sha256').update(imageBytes).digest('hex'), 'the video was sent the saved still');

    // Sidecars name the storyboard (workspace-relative) and the shot.
    assert.deepEqual((await sidecarOf(imageFile)).storyboard, { file: 'storyboard-test/film.md', shot: 'still' });
    assert.deepEqual((await sidecarOf(videoFile)).storyboard, { file: 'storyboard-test/film.md', shot: 'fox-wide' });

    // Only the two link lines were added; the rest of the text is as written.
    const expected = FILM.replace('```\n\n```airforce', `\`\`\`\n${imageLink}\n\n\`\`\`airforce`).replace(
      '  as the sun rises\n```\n',
      `  as the sun rises\n\`\`\`\n${videoLink}\n`,
    );
    assert.equal(doc.getText(), expected);
    const done = await waitFor('the done lenses', async () => {
      const t = await lensTitles(doc.uri);
      return t.filter((x) => x === 'Open result').length === 2 ? t : undefined;
    });
    assert.ok(done.some((t) => t.startsWith('Regenerate')));
  });

  test('generateShot works on unsaved text, writes a missing id, and replaces its own link line', async () => {
    const doc = await openFilm('unsaved.md', '# Draft\n');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(1, 0), '```airforce\nkind: image\nmodel: imagen-4\nprompt: A lantern\n```\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);
    // The CodeLens of a block without an id names it by its position.
    const lenses = await waitFor('the shot lens', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return all.find((l) => l.command?.title.startsWith('Generate image')) ? all : undefined;
    });
    const shotLens = lenses.find((l) => l.command?.title.startsWith('Generate image'))!;
    await vscode.commands.executeCommand(shotLens.command!.command, ...(shotLens.command!.arguments ?? []));
    assert.match(doc.getText(), /^# Draft\n```airforce\nid: shot-1\nkind: image\n[^]*```\n!\[shot-1\]\([^)]+\.png\) <!-- airforce -->\n$/);
    const first = lineUnder(doc, 'shot-1');
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.storyboard.generateShot', doc.uri, 'shot-1', { confirm: false });
    assert.equal(uris.length, 1);
    const second = lineUnder(doc, 'shot-1');
    assert.notEqual(second, first, 'the link line now names the new file');
    assert.ok(second?.includes(path.basename(uris[0]!.fsPath)));
    assert.equal(
      doc
        .getText()
        .split('\n')
        .filter((l) => l.startsWith('![shot-1]')).length,
      1,
      'one link line, replaced',
    );
  });

  test('an out-of-caps duration has a diagnostic on its line naming the allowed range; nothing is sent', async () => {
    const doc = await openFilm('caps.md', '```airforce\nid: long\nmodel: wan-2.6\nduration: 30\nprompt: Too long\n```\n');
    const diag = await waitFor('the duration diagnostic', () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.message.includes('between 5 and 10')));
    assert.equal(diag.range.start.line, 3);
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    const before = await posts();
    await assert.rejects(async () => vscode.commands.executeCommand('airforce.storyboard.generateShot', doc.uri, 'long', { confirm: false }), /between 5 and 10/);
    assert.equal(await posts(), before);
  });

  test('fh#5 an invalid shot’s lens names its problems and goes to the first; valid keys and values get a hover with the model’s caps and price', async () => {
    const doc = await openFilm(
      'fix.md',
      '```airforce\nid: long\nmodel: wan-2.6\nduration: 30\naspect_ratio: 2:1\nprompt: Too long\n```\n\n```airforce\nid: fine\nmodel: wan-2.6\nduration: 5\nprompt: Fine\n```\n',
    );
    const lenses = await waitFor('the problem lenses', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return all.some((l) => l.command?.title === 'Fix 2 problems') ? all : undefined;
    });
    const titles = lenses.map((l) => l.command?.title);
    assert.deepEqual(titles, ['Generate all 2 shots · Fix 2 problems', 'Fix 2 problems', 'Generate video · $2.00']);
    assert.ok(!titles.some((t) => t?.includes('price unknown')));
    // The lens goes to the first problem instead of generating.
    // (VS Code hands vscode.open's lens back as its internal _workbench.open, arguments converted.)
    const fix = lenses[1]!.command!;
    assert.match(fix.command, /open$/);
    const before = await posts();
    await vscode.commands.executeCommand(fix.command, ...(fix.arguments ?? []));
    assert.equal(await posts(), before, 'the lens sends nothing');
    const editor = await waitFor('the cursor on the duration', () => (vscode.window.activeTextEditor?.selection.start.line === 3 ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.document.getText(editor.selection), '30');

    const hoverText = async (line: number, character: number): Promise<string> => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, character));
      // Read as rendered: appendText writes spaces as &nbsp; and escapes Markdown's characters.
      return hovers
        .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
        .join('\n')
        .replace(/&nbsp;/g, ' ')
        .replace(/\\([\\`*_{}[\]()#+\-.!|<>:])/g, '$1');
    };
    const onKey = await hoverText(11, 3);
    assert.match(onKey, /duration/);
    assert.match(onKey, /Length of the video in whole seconds/);
    assert.match(onKey, /wan-2\.6 allows: 5, 6, 7, 8, 9, 10/);
    assert.match(onKey, /Price of wan-2\.6: \$0\.40 per second/);
    const onModel = await hoverText(10, 9);
    assert.match(onModel, /Duration: 5–10 s/);
    assert.match(onModel, /Aspect ratios: 16:9/);
    // A value a diagnostic is about gets no storyboard hover (the diagnostic says what is wrong).
    assert.doesNotMatch(await hoverText(3, 11), /allows:/);
  });

  test('completion after "model: " offers the model ids of the block’s kind', async () => {
    const doc = await openFilm('complete.md', '```airforce\nkind: image\nmodel: \nprompt: x\n```\n');
    const list = await waitFor('model completions', async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, 7));
      const labels = l.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.includes('flux-2-dev') ? labels : undefined;
    });
    assert.ok(list.includes('imagen-4'));
    assert.ok(!list.includes('wan-2.6'), 'video models are not offered for an image shot');
  });

  test('above airforce.confirmCostAboveCents, generateAll without {confirm:false} rejects and sends nothing', async () => {
    const cfg = vscode.workspace.getConfiguration('airforce');
    await cfg.update('confirmCostAboveCents', 1, vscode.ConfigurationTarget.Global);
    try {
      const doc = await openFilm('pricey.md');
      const before = await posts();
      await assert.rejects(async () => vscode.commands.executeCommand('airforce.storyboard.generateAll', doc.uri), /confirmCostAboveCents/);
      assert.equal(await posts(), before);
    } finally {
      await cfg.update('confirmCostAboveCents', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
