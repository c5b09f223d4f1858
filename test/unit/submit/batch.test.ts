// The batch pipeline: every check covers the whole list before anything starts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBatch, runBatchPipeline, type BatchSteps, type JobHold } from '../../../src/submit/batch';

interface Job {
  key: string;
  price: number;
  valid?: boolean;
  unreadable?: boolean;
}

function harness(over: Partial<BatchSteps<Job, { id: string }, Job, string, string>> = {}) {
  const calls: string[] = [];
  const steps: BatchSteps<Job, { id: string }, Job, string, string> = {
    findModel: async (j) => ({ id: j.key }),
    validate: (j) => (j.valid === false ? { ok: false, problems: [`${j.key} invalid`] } : { ok: true, request: j }),
    estimateCents: (j) => j.price,
    budget: async (costs) => {
      calls.push(`budget ${costs.join('+')}`);
      return { ok: true };
    },
    confirmAboveCents: 100,
    confirm: async (total) => {
      calls.push(`confirm ${total}`);
      return true;
    },
    encode: async (j, r) => {
      calls.push(`encode ${j.key}`);
      return j.unreadable ? { ok: false, problems: [`${j.key} unreadable`] } : { ok: true, request: r };
    },
    start: (j) => {
      calls.push(`start ${j.key}`);
      return j.key;
    },
    ...over,
  };
  return { steps, calls };
}

describe('batch pipeline', () => {
  it('one invalid job refuses the batch, naming its index; nothing is encoded or started', async () => {
    const { steps, calls } = harness();
    const out = await runBatchPipeline(
      [
        { key: 'a', price: 10 },
        { key: 'b', price: 10, valid: false },
      ],
      steps,
    );
    assert.deepEqual(out, { ok: false, stage: 'validate', index: 1, problems: ['b invalid'] });
    assert.deepEqual(calls, []);
  });

  it('checks the budget with every estimate, asks once for the total, encodes all before starting any', async () => {
    const { steps, calls } = harness();
    const out = await runBatchPipeline(
      [
        { key: 'a', price: 60 },
        { key: 'b', price: 70 },
      ],
      steps,
    );
    assert.deepEqual(out, { ok: true, started: ['a', 'b'], totalCents: 130 });
    assert.deepEqual(calls, ['budget 60+70', 'confirm 130', 'encode a', 'encode b', 'start a', 'start b']);
  });

  it('a total at or below the threshold is not asked about', async () => {
    const { steps, calls } = harness();
    await runBatchPipeline(
      [
        { key: 'a', price: 50 },
        { key: 'b', price: 50 },
      ],
      steps,
    );
    assert.ok(!calls.some((c) => c.startsWith('confirm')));
  });

  it('an unknown price makes the total unknown, which always needs a say-so', async () => {
    const { steps, calls } = harness({ confirm: async () => false });
    const out = await runBatchPipeline(
      [
        { key: 'a', price: 1 },
        { key: 'b', price: Infinity },
      ],
      steps,
    );
    assert.equal(out.ok, false);
    assert.equal(!out.ok && out.stage, 'confirm');
    assert.ok(!calls.some((c) => c.startsWith('start')));
  });

  it('a budget refusal stops before the cost question', async () => {
    const { steps, calls } = harness({ budget: async () => ({ ok: false, message: 'over' }) });
    const out = await runBatchPipeline([{ key: 'a', price: 500 }], steps);
    assert.deepEqual(out, { ok: false, stage: 'budget', totalCents: 500, message: 'over' });
    assert.deepEqual(calls, []);
  });

  it('an input that cannot be read stops the batch before anything starts', async () => {
    const { steps, calls } = harness();
    const out = await runBatchPipeline(
      [
        { key: 'a', price: 1 },
        { key: 'b', price: 1, unreadable: true },
      ],
      steps,
    );
    assert.deepEqual(out, { ok: false, stage: 'encode', index: 1, problems: ['b unreadable'] });
    assert.ok(!calls.some((c) => c.startsWith('start')));
  });

  it('checkBatch estimates without budget, question, reads or starts', async () => {
    const { steps, calls } = harness();
    const out = await checkBatch(
      [
        { key: 'a', price: 5 },
        { key: 'b', price: 7 },
      ],
      steps,
    );
    assert.equal(out.ok && out.totalCents, 12);
    assert.deepEqual(calls, []);
  });

  it('r3#1 each job gets its own hold and keeps it once started; jobs never started lose theirs at once', async () => {
    const released: string[] = [];
    const hold = (key: string): JobHold => ({ release: () => void released.push(key), recheck: async () => ({ ok: true }) });
    const given: string[] = [];
    const budget = async () => ({ ok: true as const, holds: ['a', 'b'].map(hold) });
    const started = harness({ budget, start: (j, _r, _c, h) => (given.push(j.key), void h, j.key) });
    await runBatchPipeline(
      [
        { key: 'a', price: 1 },
        { key: 'b', price: 1 },
      ],
      started.steps,
    );
    assert.deepEqual(given, ['a', 'b']);
    assert.deepEqual(released, [], 'a started job releases its hold when it was sent, not the pipeline');
    const declined = harness({ budget, confirm: async () => false });
    await runBatchPipeline(
      [
        { key: 'a', price: 100 },
        { key: 'b', price: Infinity },
      ],
      declined.steps,
    );
    assert.deepEqual(released, ['a', 'b'], 'declined: nothing is sent, both holds go');
    released.length = 0;
    const throwing = harness({
      budget,
      start: (j) => {
        if (j.key === 'b') throw new Error('b cannot start');
        return j.key;
      },
    });
    await assert.rejects(
      runBatchPipeline(
        [
          { key: 'a', price: 1 },
          { key: 'b', price: 1 },
        ],
        throwing.steps,
      ),
      /b cannot start/,
    );
    assert.deepEqual(released, ['b'], 'a start that throws loses its hold; a was started and keeps its own');
  });
});
