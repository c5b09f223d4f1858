// The host's end of the webview channel on its own: nothing before `ready`, one-shot messages queued,
// state messages never queued but replayed on ready and when the panel shows again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebviewChannel } from '../../../src/webview/channel';

type Msg = { type: 'state' | 'note'; n: number };

function setup() {
  const sent: Msg[] = [];
  const panel = { visible: true, webview: { postMessage: async (m: Msg) => (sent.push(m), true) } };
  let state = 0;
  const channel = new WebviewChannel<Msg>(panel, new Set(['state']), (send) => send({ type: 'state', n: state }));
  return { sent, panel, channel, setState: (n: number) => (state = n) };
}

describe('WebviewChannel', () => {
  it('holds one-shot messages until ready, drops state messages, then replays the state first', () => {
    const { sent, channel, setState } = setup();
    channel.post({ type: 'note', n: 1 });
    channel.post({ type: 'state', n: 7 });
    channel.post({ type: 'note', n: 2 });
    assert.equal(channel.live, false);
    assert.deepEqual(sent, []);
    setState(7);
    channel.readyReceived();
    assert.deepEqual(sent, [
      { type: 'state', n: 7 },
      { type: 'note', n: 1 },
      { type: 'note', n: 2 },
    ]);
    channel.post({ type: 'note', n: 3 });
    assert.deepEqual(sent.at(-1), { type: 'note', n: 3 });
  });

  it('stops sending while hidden and replays the latest state when shown again', () => {
    const { sent, panel, channel, setState } = setup();
    channel.readyReceived();
    sent.length = 0;
    panel.visible = false;
    channel.visibilityChanged(false);
    channel.post({ type: 'state', n: 1 });
    channel.post({ type: 'note', n: 9 });
    assert.deepEqual(sent, []);
    // Shown again: the app may have reloaded, so nothing until it says ready; then state, then the note.
    panel.visible = true;
    channel.visibilityChanged(true);
    assert.deepEqual(sent, []);
    setState(2);
    channel.readyReceived();
    assert.deepEqual(sent, [
      { type: 'state', n: 2 },
      { type: 'note', n: 9 },
    ]);
  });

  it('replays at once when a shown panel kept its app (still ready)', () => {
    const { sent, channel, setState } = setup();
    channel.readyReceived();
    sent.length = 0;
    setState(5);
    channel.visibilityChanged(true);
    assert.deepEqual(sent, [{ type: 'state', n: 5 }]);
  });
});
