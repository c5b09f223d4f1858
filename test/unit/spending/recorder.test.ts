// Filling the ledger from the tracker (src/spending/recorder.ts): one event per change of a job's
// spend state (none for progress ticks), in flight → settled or void, jobs seen only in the server's
// list left out, a reserved job that leaves the history released, and nothing written twice when a
// window starts on a ledger that already knows its jobs.
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { SpendLedger } from '../../../src/spending/ledger';
import { SpendRecorder, type RecordSource } from '../../../src/spending/recorder';
import type { JobRecord } from '../../../src/jobs/types';
import { job, tempDir } from './helpers';

const tmp = tempDir();
after(tmp.cleanup);

class FakeSource implements RecordSource {
  readonly byId = new Map<string, JobRecord>();
  private listeners: Array<(r: JobRecord | undefined) => void> = [];
  records(): JobRecord[] {
    return [...this.byId.values()];
  }
  onDidChange(listener: (r: JobRecord | undefined) => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  }
  set(r: JobRecord): void {
    this.byId.set(r.localId, r);
    for (const l of this.listeners) l(r);
  }
  remove(id: string): void {
    this.byId.delete(id);
    for (const l of this.listeners) l(undefined);
  }
}

const lines = (file: string): Array<{ id: string; state: string; cents: number; est?: number; billed?: boolean }> =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; state: string; cents: number });

describe('the recorder', () => {
  it('writes in flight (with the model’s price for a waiting video), then settled; progress writes nothing', async () => {
    const file = tmp.file('life.jsonl');
    const ledger = new SpendLedger({ file });
    const source = new FakeSource();
    const recorder = new SpendRecorder(ledger, (r) => (r.kind === 'video' ? r.duration_seconds * 40 : undefined));
    await recorder.attach(source);
    source.set(job({ localId: 'a', status: 'waiting', sentAt: undefined, progress: 0 }));
    source.set(job({ localId: 'a', status: 'queued', progress: 0, costCents: 200, settledCostCents: 200 }));
    source.set(job({ localId: 'a', status: 'processing', progress: 10, costCents: 200, settledCostCents: 200 }));
    source.set(job({ localId: 'a', status: 'processing', progress: 60, costCents: 200, settledCostCents: 200 }));
    source.set(job({ localId: 'a', status: 'completed', costCents: 200, settledCostCents: 200 }));
    source.set(job({ localId: 'a', status: 'completed', costCents: 200, settledCostCents: 200, savedPath: '/x.mp4' }));
    await ledger.flush();
    assert.deepEqual(
      lines(file).map((l) => [l.state, l.cents, l.est, l.billed]),
      [
        ['inflight', 200, 200, undefined],
        ['settled', 200, 200, true],
      ],
    );
    recorder.dispose();
  });

  it('a job counts when its request left this machine, not at the server’s `created` (another clock)', async () => {
    const file = tmp.file('time.jsonl');
    const ledger = new SpendLedger({ file });
    const source = new FakeSource();
    await new SpendRecorder(ledger).attach(source);
    source.set(job({ localId: 'q', status: 'waiting', sentAt: undefined, created: 1_000 }));
    source.set(job({ localId: 'q', status: 'completed', sentAt: 1_005, created: 90_000, costCents: 200 }));
    await ledger.flush();
    assert.deepEqual(
      lines(file).map((l) => (l as unknown as { at: number }).at),
      [1_000, 1_005],
    );
  });

  it('a failed job is released (void); a job only seen in the server’s list is not written', async () => {
    const file = tmp.file('fail.jsonl');
    const ledger = new SpendLedger({ file });
    const source = new FakeSource();
    await new SpendRecorder(ledger).attach(source);
    source.set(job({ localId: 's', kind: 'speech', status: 'waiting', costCents: 3 }));
    source.set(job({ localId: 's', kind: 'speech', status: 'failed', costCents: 3 }));
    source.set(job({ localId: 'imported', status: 'completed', sentAt: undefined, costCents: 200 }));
    await ledger.flush();
    assert.deepEqual(
      lines(file).map((l) => [l.id, l.state, l.cents]),
      [
        ['s', 'inflight', 3],
        ['s', 'void', 0],
      ],
    );
  });

  it('a job removed from the history while reserved no longer holds money back; a settled one stays spent', async () => {
    const file = tmp.file('removed.jsonl');
    const ledger = new SpendLedger({ file });
    const source = new FakeSource();
    await new SpendRecorder(ledger).attach(source);
    source.set(job({ localId: 'w', status: 'processing', costCents: 100 }));
    source.set(job({ localId: 'done', status: 'completed', costCents: 50 }));
    source.remove('w');
    source.remove('done');
    await ledger.flush();
    const entries = await new SpendLedger({ file }).read();
    assert.equal(entries.get('w')?.state, 'void');
    assert.deepEqual([entries.get('done')?.state, entries.get('done')?.cents], ['settled', 50]);
  });

  it('a window starting on a ledger that knows its jobs writes nothing new; what changed meanwhile is written', async () => {
    const file = tmp.file('restart.jsonl');
    const first = new SpendLedger({ file });
    const source = new FakeSource();
    source.byId.set('a', job({ localId: 'a', status: 'completed', costCents: 200 }));
    source.byId.set('b', job({ localId: 'b', status: 'processing', costCents: 100 }));
    await new SpendRecorder(first).attach(source);
    await first.flush();
    assert.equal(lines(file).length, 2);

    source.byId.set('b', job({ localId: 'b', status: 'completed', costCents: 100, settledCostCents: 90 }));
    const second = new SpendLedger({ file });
    await new SpendRecorder(second).attach(source);
    await second.flush();
    assert.deepEqual(
      lines(file)
        .slice(2)
        .map((l) => [l.id, l.state, l.cents]),
      [['b', 'settled', 90]],
    );
  });
});
