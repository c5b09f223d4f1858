// The bench's pure helpers for synchronous requests: reading the child simulator's handling-time
// lines, and client-minus-server overhead with its percentiles.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHandlingLine } from '../../../bench/handlingReport';
import { overheadOf, summarizeOverhead } from '../../../bench/syncOverhead';

describe('parseHandlingLine', () => {
  it('reads a handled report', () => {
    const line = JSON.stringify({ handled: { requestId: 'abc-1', method: 'POST', path: '/v1/audio/speech', ms: 0.42 } });
    assert.deepEqual(parseHandlingLine(line), { requestId: 'abc-1', method: 'POST', path: '/v1/audio/speech', ms: 0.42 });
  });

  it('ignores other lines: the start line, text, and malformed reports', () => {
    assert.equal(parseHandlingLine('{"url":"http://127.0.0.1:1","resultBytes":1}'), undefined);
    assert.equal(parseHandlingLine('listening'), undefined);
    assert.equal(parseHandlingLine('null'), undefined);
    assert.equal(parseHandlingLine(JSON.stringify({ handled: { requestId: '', method: 'GET', path: '/', ms: 1 } })), undefined);
    assert.equal(parseHandlingLine(JSON.stringify({ handled: { requestId: 'a', method: 'GET', path: '/', ms: -1 } })), undefined);
    assert.equal(parseHandlingLine(JSON.stringify({ handled: { requestId: 'a', method: 'GET', path: '/', ms: '1' } })), undefined);
    assert.equal(parseHandlingLine(JSON.stringify({ handled: { requestId: 'a', path: '/', ms: 1 } })), undefined);
  });
});

describe('overheadOf / summarizeOverhead', () => {
  it('is the client wall minus the simulator handling of the same request', () => {
    const s = overheadOf('image', 'r1', 3.5, 1.25);
    assert.equal(s.overheadMs, 2.25);
    assert.equal(s.kind, 'image');
  });

  it('refuses a missing or negative time rather than averaging it away', () => {
    assert.throws(() => overheadOf('speech', 'r2', NaN, 1), /bad timing for r2/);
    assert.throws(() => overheadOf('speech', 'r3', 2, -0.1), /bad timing for r3/);
  });

  it('summarizes p50 and p95 of the overhead, and the medians of both sides', () => {
    // Overheads 1..20 ms; client = overhead + 10, server = 10.
    const samples = Array.from({ length: 20 }, (_, i) => overheadOf('speech', `r${i}`, i + 11, 10));
    const sum = summarizeOverhead(samples);
    assert.equal(sum.count, 20);
    assert.equal(sum.overheadP50Ms, 10.5);
    assert.ok(Math.abs(sum.overheadP95Ms - 19.05) < 1e-9);
    assert.equal(sum.clientP50Ms, 20.5);
    assert.equal(sum.serverP50Ms, 10);
  });

  it('has nothing to summarize without samples', () => {
    assert.throws(() => summarizeOverhead([]), /no samples/);
  });
});
