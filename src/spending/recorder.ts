// Writes the ledger from the task tracker's record changes: an event when a job is sent (in flight,
// with its estimate), completes (settled), or fails, expires or is withdrawn (nothing). Progress
// ticks write nothing: an event is appended only when the job's spend state or figure changes.
import type { JobRecord } from '../jobs/types';
import type { SpendEntry } from './events';
import { inputOf, type SpendLedger } from './ledger';
import { jobSpend, type JobSpend } from './spend';

export interface RecordSource {
  records(): JobRecord[];
  onDidChange(listener: (record: JobRecord | undefined) => void): { dispose(): void };
}

/**
 * When a job counts: when its request left (this machine's clock), else when it was queued. Not the
 * server's `created`, which is the server's clock.
 */
export const jobTime = (r: JobRecord): number => r.sentAt ?? r.created;

const same = (e: SpendEntry, s: JobSpend, r: JobRecord): boolean =>
  e.state === s.state &&
  e.cents === s.cents &&
  e.est === s.est &&
  (e.billed ?? false) === s.billed &&
  (e.implausible ?? false) === (s.implausible ?? false) &&
  e.at === jobTime(r) &&
  e.model === r.model;

/** A job's estimate when it has no figure of its own yet (a video waiting in the local queue). */
export type Estimator = (record: JobRecord) => number | undefined;

export class SpendRecorder {
  /** Jobs this window has seen: only these are closed when their record disappears. */
  private readonly seen = new Set<string>();
  private source: RecordSource | undefined;
  private subscription: { dispose(): void } | undefined;

  constructor(
    private readonly ledger: SpendLedger,
    private readonly estimate: Estimator = () => undefined,
  ) {}

  /** Reads the ledger first, so jobs already recorded (by any window) are not written again. */
  async attach(source: RecordSource): Promise<void> {
    this.source = source;
    await this.ledger.read();
    if (this.source !== source) return;
    this.subscription = source.onDidChange((record) => (record ? this.record(record) : this.recordAll()));
    this.recordAll();
  }

  dispose(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.source = undefined;
  }

  private recordAll(): void {
    const records = this.source?.records() ?? [];
    const present = new Set(records.map((r) => r.localId));
    for (const r of records) this.record(r);
    // A job removed from the history while reserved (deleted, withdrawn) no longer holds money back.
    for (const id of this.seen) {
      if (present.has(id)) continue;
      const entry = this.ledger.known().get(id);
      if (entry?.state === 'inflight') this.ledger.append({ ...inputOf(entry), state: 'void', cents: 0 });
      this.seen.delete(id);
    }
  }

  private record(r: JobRecord): void {
    const spend = jobSpend(r, r.costCents === undefined ? this.estimate(r) : undefined);
    const entry = this.ledger.known().get(r.localId);
    if (!spend) {
      // Not this machine's job (seen in the server's list), or withdrawn before it was sent.
      if (entry?.state === 'inflight') this.ledger.append({ ...inputOf(entry), state: 'void', cents: 0 });
      return;
    }
    this.seen.add(r.localId);
    if (entry && same(entry, spend, r)) return;
    if (!entry && spend.state === 'void') return; // never reserved, never billed: nothing to say
    this.ledger.append({
      id: r.localId,
      at: jobTime(r),
      kind: r.kind,
      model: r.model,
      state: spend.state,
      cents: spend.cents,
      ...(spend.est !== undefined ? { est: spend.est } : {}),
      ...(spend.billed ? { billed: true } : {}),
      ...(spend.implausible ? { implausible: true } : {}),
      // The person's acceptance of this very figure stays when the job is written again.
      ...(spend.implausible && entry?.accepted && entry.cents === spend.cents ? { accepted: true } : {}),
    });
  }
}
