// Improve prompt's panel side: the webview's ask is validated like every message (protocol.ts), and
// PanelPromptHelp (generate/host/promptHelp.ts) streams the rewrite to the app piece by piece, runs one
// at a time, cancels through the signal, and reports a failure in words (Try again only when safe).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAppMessage, type HostMessage } from '../../../src/generate/protocol';
import { PanelPromptHelp, type PromptHelpHost } from '../../../src/generate/host/promptHelp';

const ASK = { type: 'improvePrompt', kind: 'video', model: 'wan-2.6', prompt: 'fox in snow', choices: { duration_seconds: 5, mode: 'text' } } as const;

test('ph#5 the ask is validated: a kind with a prompt, plain choices, bounded sizes', () => {
  assert.equal(parseAppMessage(ASK).ok, true);
  assert.equal(parseAppMessage({ type: 'cancelImprove' }).ok, true);
  for (const bad of [
    { ...ASK, kind: 'transcribe' },
    { ...ASK, model: '' },
    { ...ASK, prompt: 'x'.repeat(20_001) },
    { ...ASK, choices: { nested: { a: 1 } } },
    { ...ASK, choices: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i])) },
    { ...ASK, extra: true },
    { type: 'cancelImprove', kind: 'video' },
  ]) {
    const parsed = parseAppMessage(bad);
    assert.equal(parsed.ok, false, JSON.stringify(bad).slice(0, 80));
  }
});

/** A host that answers with scripted pieces (or fails), honouring the signal like the real call. */
function scripted(pieces: string[], end: 'done' | Error | 'declined' = 'done'): PromptHelpHost & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    offer: async () => ({ model: 'gpt-4o-mini', baseCents: 0.05, perCharCents: 0.0001 }),
    improve: async (req, { signal, onDelta }) => {
      asked.push(req);
      for (const p of pieces) {
        await new Promise((r) => setImmediate(r));
        if (signal.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
        onDelta(p);
      }
      if (end instanceof Error) throw end;
      if (end === 'declined') return { ok: false, declined: true };
      return { ok: true, text: pieces.join('').trim(), model: 'gpt-4o-mini', cents: 0.01 };
    },
    describe: (e) => ({ message: `words: ${(e as Error).message}`, retry: (e as Error).message === 'empty' }),
  };
}

function panel(host: PromptHelpHost): { help: PanelPromptHelp; sent: HostMessage[] } {
  const sent: HostMessage[] = [];
  return { help: new PanelPromptHelp(host, (m) => sent.push(m), { warn: () => undefined }), sent };
}

test('ph#5 the offer, then the rewrite piece by piece (accumulated) and its cost', async () => {
  const host = scripted(['A red ', 'fox ', 'at dawn']);
  const { help, sent } = panel(host);
  await help.offer();
  await help.improve(ASK);
  assert.deepEqual(host.asked, [{ kind: 'video', model: 'wan-2.6', prompt: 'fox in snow', choices: { duration_seconds: 5, mode: 'text' } }]);
  assert.deepEqual(sent, [
    { type: 'promptHelp', model: 'gpt-4o-mini', baseCents: 0.05, perCharCents: 0.0001 },
    { type: 'improveDelta', kind: 'video', text: 'A red ' },
    { type: 'improveDelta', kind: 'video', text: 'A red fox ' },
    { type: 'improveDelta', kind: 'video', text: 'A red fox at dawn' },
    { type: 'improveDone', kind: 'video', text: 'A red fox at dawn', model: 'gpt-4o-mini', cents: 0.01 },
  ]);
});

test('ph#5 one rewrite at a time; cancel stops it without words; a failure says why', async () => {
  const { help, sent } = panel(scripted(['a', 'b', 'c', 'd']));
  const first = help.improve(ASK);
  await help.improve({ ...ASK, kind: 'image' });
  assert.deepEqual(sent.at(-1), { type: 'improveFailed', kind: 'image' }, 'the second ask is refused while one runs');
  help.cancel();
  await first;
  assert.deepEqual(sent.at(-1), { type: 'improveFailed', kind: 'video' });

  const failing = panel(scripted(['x'], new Error('empty')));
  await failing.help.improve(ASK);
  assert.deepEqual(failing.sent.at(-1), { type: 'improveFailed', kind: 'video', message: 'words: empty', retry: true });
  const declined = panel(scripted([], 'declined'));
  await declined.help.improve(ASK);
  assert.deepEqual(declined.sent, [{ type: 'improveFailed', kind: 'video' }]);
});

test('ph#5 the offered model goes with the ask; a changed setting sends the offer again; dispose stops following', async () => {
  let model = 'gpt-4o-mini';
  const seen: Array<string | undefined> = [];
  let listener: (() => void) | undefined;
  const host: PromptHelpHost = {
    offer: async () => ({ model, baseCents: 0.05, perCharCents: 0.0001 }),
    improve: async (_req, opts) => {
      seen.push(opts.offered);
      return { ok: true, text: 'x', model };
    },
    describe: () => ({ message: '', retry: false }),
    onDidChange: (l) => {
      listener = l;
      return { dispose: () => (listener = undefined) };
    },
  };
  const { help, sent } = panel(host);
  await help.offer();
  await help.improve(ASK);
  model = 'deepseek-r1';
  listener?.();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(
    sent.filter((m) => m.type === 'promptHelp').map((m) => (m as { model?: string }).model),
    ['gpt-4o-mini', 'deepseek-r1'],
  );
  await help.improve(ASK);
  assert.deepEqual(seen, ['gpt-4o-mini', 'deepseek-r1']);
  help.dispose();
  assert.equal(listener, undefined);
});

test('ph#5 without prompt help (no host), the ask ends at once and nothing is offered', async () => {
  const sent: HostMessage[] = [];
  const help = new PanelPromptHelp(undefined, (m) => sent.push(m), { warn: () => undefined });
  await help.offer();
  await help.improve(ASK);
  assert.deepEqual(sent, [{ type: 'improveFailed', kind: 'video' }]);
});
