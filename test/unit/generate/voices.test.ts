// The speech form's voices on the host side (a stand-in `vscode`): a cloned voice is named as such,
// and when the account's voices change every model the form asked for is answered again, read anew.
import '../vscodeFake';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Voice } from '../../../src/api/schemas/audioSchemas';
import type { HostMessage } from '../../../src/generate/protocol';
import type { PanelHost } from '../../../src/generate/host/panelHost';
import type * as vscode from 'vscode';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PanelVoices, voiceItem } = require('../../../src/generate/host/voices') as typeof import('../../../src/generate/host/voices');

describe('PanelVoices', () => {
  it('names a cloned voice as cloned and leaves the stock ones as they are', () => {
    assert.equal(voiceItem({ voice_id: 'cv_1', name: 'Narrator', category: 'cloned' }).name, 'Narrator (cloned)');
    assert.equal(voiceItem({ voice_id: 'rachel', name: 'Rachel', category: 'premade' }).name, 'Rachel');
    assert.equal(voiceItem({ voice_id: 'adam', name: 'Adam' }).name, 'Adam');
  });

  it('reload reads the voices again and answers every model asked so far', async () => {
    let list: Voice[] = [{ voice_id: 'rachel', name: 'Rachel' }];
    let reads = 0;
    const host = { voices: async () => (reads++, list), logger: { warn() {} } } as unknown as PanelHost;
    const posted: HostMessage[] = [];
    const voices = new PanelVoices(host, {} as vscode.Webview, (m) => posted.push(m));
    await voices.request('tts-a');
    await voices.request('tts-b');
    assert.equal(reads, 1, 'one list per panel');
    list = [...list, { voice_id: 'cv_1', name: 'Mine', category: 'cloned' }];
    posted.length = 0;
    await voices.reload();
    assert.equal(reads, 2);
    assert.deepEqual(
      posted.map((m) => (m.type === 'voices' ? [m.model, m.voices.map((v) => v.name)] : m.type)),
      [
        ['tts-a', ['Rachel', 'Mine (cloned)']],
        ['tts-b', ['Rachel', 'Mine (cloned)']],
      ],
    );
  });
});
