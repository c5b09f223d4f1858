// Issue 19: a reload during a dubbing job, second half. The new extension host restores the running
// job from the workspace state and polls it to the end: one create across both hosts, saved once.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { KEY, extensionApi, waitFor } from './simControl';
import { simRequests } from './suiteHelpers';
import { DUBBING, dubHandOverFile } from './dubbingCase';

suite('Dubbing across a reload (after the restart)', () => {
  test('the running dubbing job is followed to the end after the reload: one create, saved once', async () => {
    const file = dubHandOverFile();
    assert.ok(fs.existsSync(file), 'the host before the restart handed over its dubbing job');
    const { id, localId } = JSON.parse(fs.readFileSync(file, 'utf8')) as { id: string; localId: string };
    const api = await extensionApi();
    if (!(await api.airforce.keys.get())) await vscode.commands.executeCommand('airforce.setApiKey', KEY);
    const saved = await waitFor('the track saved after the reload', () => api.airforce.tracker.get(localId)?.savedPath, 30_000).catch(async (e: unknown) => {
      const polls = (await simRequests()).filter((r) => r.path.startsWith(`${DUBBING}/${id}`)).map((r) => `${r.method} ${r.path} ${r.status}`);
      const restored = await Promise.race([
        api.airforce.tracker.restore().then(
          () => 'resolved',
          (x: unknown) => `rejected ${String(x)}`,
        ),
        new Promise((r) => setTimeout(() => r('pending'), 3000)),
      ]);
      const logDir = path.dirname(path.dirname(api.airforce.context.logUri.fsPath));
      const logs = fs
        .readdirSync(logDir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.log'))
        .flatMap((f) =>
          fs
            .readFileSync(path.join(logDir, f), 'utf8')
            .split('\n')
            .filter((l) => /dubbing|restore|Resume/i.test(l)),
        );
      throw new Error(
        `${String(e)}; log: ${logs.join(' | ').slice(-3000)}; restore ${String(restored)}; record: ${JSON.stringify(api.airforce.tracker.get(localId))}; requests: ${polls.join(', ')}`,
      );
    });
    assert.match(path.basename(saved), /^reload-.*\.it\.mp3$/);
    const requests = await simRequests<{ files?: { filename: string }[] }>();
    const source = path.basename(saved).replace(/\.it\.mp3$/, '.wav');
    const creates = requests.filter((r) => r.method === 'POST' && r.path === DUBBING && r.body?.files?.some((f) => f.filename === source));
    assert.equal(creates.length, 1, 'one create across both extension hosts (the upload names only the basename)');
    const tracks = requests.filter((r) => r.method === 'GET' && r.path === `${DUBBING}/${id}/audio/it`);
    assert.equal(tracks.length, 1, 'the track was fetched (and saved) once');
    const dir = path.dirname(saved);
    const copies = fs.readdirSync(dir).filter((n) => n.startsWith(path.basename(saved, '.it.mp3')) && n.endsWith('.mp3'));
    assert.deepEqual(copies, [path.basename(saved)], 'one saved file, no second copy');
  });
});
