// Prompt help's one paid chat call (src/prompting/chatCall.ts) against the simulator and a real
// spending ledger: the model chosen, the price known before sending, the budget refusing with no
// POST, a declined question sending nothing, and the call in the ledger — settled, void for the
// gateway's empty 200, counted at its upper bound when the stream is cut or cancelled.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { CHAT_PATH } from '../../../src/api/chat';
import { ChatEmptyAnswerError, ChatStreamCutError } from '../../../src/api/chatErrors';
import { ModelListSchema, type Model } from '../../../src/api/schemas/schemas';
import { chatFailureFate, chooseModel, prepareChat, sendChat, type ChatCallDeps, type PreparedChat } from '../../../src/prompting/chatCall';
import { Spending } from '../../../src/spending/service';
import { MODELS } from '../../simulator/server';
import { recordingClient, useSimulator } from '../simulator/sim-helpers';
import { tempDir } from '../spending/helpers';

const KEY = 'sk-air-test-key';
const sim = useSimulator({ keys: [KEY] });
const catalog: Model[] = ModelListSchema.parse({ data: MODELS }).data;
const tmp = tempDir();
after(tmp.cleanup);
const posts = (): number => sim().requests.filter((r) => r.path === CHAT_PATH).length;

let n = 0;
function setup(budgetCents = 0, setting?: string) {
  const spending = new Spending({ file: path.join(tmp.dir, `ledger-${n++}.jsonl`), settings: () => ({ budgetCents, period: 'day' }) });
  const { client } = recordingClient(sim(), KEY);
  const deps: ChatCallDeps = {
    catalog: async () => catalog,
    setting: () => setting,
    complete: (req, o) => client.chat.complete(req, o),
    check: (e) => spending.check(e),
    ledger: spending.ledger,
  };
  return { spending, deps };
}

async function prepared(deps: ChatCallDeps, text = 'a fox at dawn'): Promise<PreparedChat> {
  const choice = await chooseModel(deps);
  assert.ok('model' in choice);
  return prepareChat(choice, [{ role: 'user', content: text }], 200);
}

const yes = async (): Promise<boolean> => true;

test('ph#1 the cheapest streaming model, priced before sending; the call settles in the ledger as chat', async () => {
  const { spending, deps } = setup();
  const p = await prepared(deps);
  assert.equal(p.model.id, 'gpt-4o-mini');
  assert.equal(p.stream, true);
  // 1 message of 13 characters: 4 + 4 tokens in at 15 ¢/M, 200 out at 60 ¢/M.
  assert.deepEqual(p.estimate, { cents: (8 * 15 + 200 * 60) / 1e6 });
  const asked: number[] = [];
  const sent = await sendChat(deps, p, { confirm: async (c) => (asked.push(c), true) });
  assert.ok(sent.ok);
  assert.deepEqual(asked, [(8 * 15 + 200 * 60) / 1e6]);
  assert.equal(posts(), 1);
  assert.equal((sim().requests.at(-1)!.body as { max_tokens?: number }).max_tokens, 200);
  const entry = (await spending.entries()).get(sent.entryId);
  assert.equal(entry?.kind, 'chat');
  assert.equal(entry?.model, 'gpt-4o-mini');
  assert.equal(entry?.state, 'settled');
  assert.ok(sent.cents !== undefined && sent.cents > 0 && sent.cents <= (8 * 15 + 200 * 60) / 1e6);
  assert.equal(entry?.cents, sent.cents);
  assert.ok((await spending.data()).todayCents > 0);
});

test('ph#1 the setting names the model; one that cannot chat is a problem, never replaced', async () => {
  assert.equal(((await chooseModel(setup(0, 'deepseek-r1').deps)) as { model: Model }).model.id, 'deepseek-r1');
  assert.deepEqual(await chooseModel(setup(0, 'wan-2.6').deps), { problem: 'not_chat', id: 'wan-2.6' });
  assert.deepEqual(await chooseModel(setup(0, 'nope').deps), { problem: 'not_in_catalog', id: 'nope' });
});

test('ph#1 the budget refuses before the question, with no POST and nothing in the ledger', async () => {
  const { spending, deps } = setup(1);
  spending.ledger.append({ id: 'x', at: Math.floor(Date.now() / 1000), kind: 'image', model: 'flux-2-dev', state: 'settled', cents: 1 });
  let asked = false;
  const sent = await sendChat(deps, await prepared(deps), { confirm: async () => (asked = true) });
  assert.equal(sent.ok, false);
  assert.equal(!sent.ok && sent.stage, 'budget');
  assert.equal(asked, false);
  assert.equal(posts(), 0);
  assert.deepEqual(
    [...(await spending.entries()).values()].filter((e) => e.kind === 'chat'),
    [],
  );
});

test('ph#1 a declined question sends nothing and leaves no hold behind', async () => {
  const { spending, deps } = setup(100);
  const sent = await sendChat(deps, await prepared(deps), { confirm: async () => false });
  assert.deepEqual(sent, { ok: false, stage: 'confirm' });
  assert.equal(posts(), 0);
  assert.equal((await spending.data()).inFlightCents, 0);
});

test('ph#1 the empty 200 is void; a cut stream counts at its upper bound; both rethrown', async () => {
  const { spending, deps } = setup();
  const p = await prepared(deps);
  sim().addFault({ fault: 'chat-empty', times: 1 });
  await assert.rejects(sendChat(deps, p, { confirm: yes }), ChatEmptyAnswerError);
  sim().addFault({ fault: 'chat-cut', times: 1, param: 2 });
  await assert.rejects(sendChat(deps, p, { confirm: yes }), ChatStreamCutError);
  const chats = [...(await spending.entries()).values()].filter((e) => e.kind === 'chat');
  assert.deepEqual(
    chats.map((e) => [e.state, e.cents]),
    [
      ['void', 0],
      ['settled', (p.estimate as { cents: number }).cents],
    ],
  );
});

test('ph#1 cancelling stops the stream; the call may have run, so it counts', async () => {
  const { spending, deps } = setup();
  const p = await prepared(deps, 'x'.repeat(400));
  const ctl = new AbortController();
  await assert.rejects(sendChat(deps, p, { confirm: yes, signal: ctl.signal, onDelta: () => ctl.abort() }), (e: unknown) => (e as Error).name === 'AbortError');
  const chat = [...(await spending.entries()).values()].find((e) => e.kind === 'chat');
  assert.equal(chat?.state, 'settled');
});

test('ph#1 what a failure means for the money', () => {
  assert.equal(chatFailureFate(Object.assign(new Error('x'), { status: 400, code: 'invalid_value' })), 'void');
  assert.equal(chatFailureFate(Object.assign(new Error('x'), { code: 'create_outcome_unknown' })), 'spent');
  assert.equal(chatFailureFate(Object.assign(new Error('x'), { name: 'AbortError' })), 'spent');
});
