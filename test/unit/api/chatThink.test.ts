// The inline-reasoning filter (src/api/chatThink.ts): whatever the chunking, only the answer comes out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripThink, ThinkStripper } from '../../../src/api/chatThink';

const TEXT = '<think>step 1 < step 2, so </thin k></think>\n\nA fox <thinks> at dusk</think';

function run(chunks: string[]): string {
  const s = new ThinkStripper();
  return chunks.map((c) => s.push(c)).join('') + s.end();
}

test('ph#2 <think> is stripped at every split point into two chunks', () => {
  for (let i = 0; i <= TEXT.length; i++) {
    assert.equal(run([TEXT.slice(0, i), TEXT.slice(i)]), 'A fox <thinks> at dusk</think', `split at ${i}`);
  }
});

test('ph#2 <think> is stripped when the text comes one character at a time', () => {
  assert.equal(run([...TEXT]), 'A fox <thinks> at dusk</think');
});

test('ph#2 an unclosed think is dropped; text around several thinks is kept; no think is untouched', () => {
  assert.equal(stripThink('<think>still thinking'), '');
  assert.equal(stripThink('a<think>x</think>b<think>y</think>c'), 'abc');
  assert.equal(stripThink('  plain text with <b>tags</b>  '), 'plain text with <b>tags</b>');
  assert.equal(run(['<', 'b>', 'bold']), '<b>bold');
});
