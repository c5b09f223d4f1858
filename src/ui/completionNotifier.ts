// Tells the person when a job is ready (or failed), once, ever, in the words of its kind, and opens a
// single video they asked for. Only a job this window saw unfinished can be "newly finished": a
// record restored from storage, brought by the server's list or re-read after a refresh that is
// already finished was announced before (or finished while no window was open: then it joins the one
// "finished while closed" notice). Every announcement claims the job in a mark every window shares
// (jobs/announced.ts), so two windows watching one task announce it once. Jobs that finish together
// (a comparison, a storyboard, several of one kind from the panel or palette) get one summary. What
// each notice says and what its buttons do is ui/completionAnnouncer.ts's.
import { Disposable } from '../util/dispose';
import { announceKey, type AnnouncedMarks } from '../jobs/announced';
import type { JobRecord } from '../jobs/types';
import type { TaskSource } from '../views/tasksTree';
import { config } from '../config';
import { CompletionAnnouncer, type Announcement } from './completionAnnouncer';

export type { Announcement } from './completionAnnouncer';

type Seen = 'saved' | 'completed' | 'failed' | 'other';

const seenOf = (r: JobRecord): Seen => (r.status === 'completed' ? (r.savedPath ? 'saved' : 'completed') : r.status === 'failed' ? 'failed' : 'other');

/** Not finished and still moving (a fate-unknown job waits for the person: it holds no batch open). */
const LIVE = new Set<string>(['waiting', 'queued', 'processing', 'unrecognized']);
const UNFINISHED = new Set<string>([...LIVE, 'fate-unknown']);

/** Records restored or imported together are offered in one notification. */
const OFFER_DELAY_MS = 1500;
/** A batch is summed up this long after its last job finished (a chained shot may still start). */
const BATCH_DELAY_MS = 1500;

export interface NotifierTiming {
  offerDelayMs?: number;
  batchDelayMs?: number;
}

/** Claims kept in memory only: for tests and a window without storage. */
export function memoryMarks(): AnnouncedMarks {
  const keys = new Set<string>();
  return {
    claim: async (key) => {
      if (keys.has(key)) return false;
      keys.add(key);
      return true;
    },
    has: async (key) => keys.has(key),
  };
}

/** Jobs that belong together: a comparison, a storyboard, or one kind asked from the panel or palette. */
function batchKey(r: JobRecord): string {
  if (r.origin.type === 'compare') return `compare:${r.origin.group}`;
  if (r.origin.type === 'storyboard') return `storyboard:${r.origin.file}`;
  return `one:${r.kind}`;
}

interface Batch {
  records: Map<string, JobRecord>;
  timer?: ReturnType<typeof setTimeout>;
}

export class CompletionNotifier extends Disposable {
  private readonly seen = new Map<string, Seen>();
  /** Seen unfinished in this window: only these can be newly finished here. */
  private readonly watched = new Set<string>();
  /** Watched and still moving, with their batch key. */
  private readonly live = new Map<string, string>();
  /** Announced, offered or handed to a batch in this window: never again. */
  private readonly done = new Set<string>();
  private readonly pendingOffers = new Map<string, JobRecord>();
  private offerTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly batches = new Map<string, Batch>();
  private readonly offerDelayMs: number;
  private readonly batchDelayMs: number;
  private readonly announcer: CompletionAnnouncer;
  /** Every notification shown and file opened, newest last (bounded). */
  readonly announcements: readonly Announcement[];

  /**
   * `shownInPanel`: the Generate panel is on screen showing this task (no need to open the file).
   * `marks`: the announcements of every window (once, ever); `legacyOffered`: local ids an earlier
   * version already offered for download.
   */
  constructor(
    shownInPanel: (localId: string) => boolean = () => false,
    private readonly marks: AnnouncedMarks = memoryMarks(),
    timing: NotifierTiming = {},
    private readonly legacyOffered: () => readonly string[] = () => [],
  ) {
    super();
    this.announcer = new CompletionAnnouncer(shownInPanel);
    this.announcements = this.announcer.announcements;
    this.offerDelayMs = timing.offerDelayMs ?? OFFER_DELAY_MS;
    this.batchDelayMs = timing.batchDelayMs ?? BATCH_DELAY_MS;
    this.register({
      dispose: () => {
        clearTimeout(this.offerTimer);
        for (const b of this.batches.values()) clearTimeout(b.timer);
      },
    });
  }

  attach(source: TaskSource): void {
    // What is there already is judged like any record first seen: finished means announced before.
    for (const r of source.records()) this.check(r);
    this.register(
      source.onDidChange((changed) => {
        if (changed) {
          this.check(changed);
        } else {
          const present = new Set<string>();
          for (const r of source.records()) {
            present.add(r.localId);
            this.check(r);
          }
          // Deleted jobs hold no batch open.
          for (const id of [...this.live.keys()]) if (!present.has(id)) this.live.delete(id);
        }
        this.settleBatches();
      }),
    );
  }

  private check(r: JobRecord): void {
    const id = r.localId;
    const now = seenOf(r);
    this.seen.set(id, now);
    if (this.pendingOffers.has(id)) this.pendingOffers.set(id, r);
    for (const b of this.batches.values()) if (b.records.has(id)) b.records.set(id, r);
    if (now === 'other') {
      if (UNFINISHED.has(r.status)) this.watched.add(id);
      if (LIVE.has(r.status) && this.watched.has(id)) this.live.set(id, batchKey(r));
      else this.live.delete(id);
      return;
    }
    if (this.done.has(id) || !this.watched.has(id)) {
      this.live.delete(id);
      // First seen finished: restored, listed or re-read. Only a result still to be downloaded (or
      // saved just now by the automatic download) is offered, in the one "finished while closed" notice.
      if (!this.done.has(id) && (now === 'completed' || this.pendingOffers.has(id))) this.offerLater(r);
      return;
    }
    // Finished while this window watched it. A video about to be saved is announced once it is (or
    // once its download failed: then as ready to download); until then it still holds its batch open.
    if (now === 'completed' && r.kind === 'video' && config.autoDownload() && !r.downloadError) {
      this.live.set(id, batchKey(r));
      return;
    }
    this.live.delete(id);
    this.done.add(id);
    this.finished(r);
  }

  /** A single job is announced at once; one of a batch waits for the rest of it. */
  private finished(r: JobRecord): void {
    const key = batchKey(r);
    const grouped = r.origin.type === 'compare' || r.origin.type === 'storyboard';
    if (!grouped && !this.batches.has(key) && !this.hasLive(key)) {
      void this.announceClaimed([r]);
      return;
    }
    const batch = this.batches.get(key) ?? { records: new Map<string, JobRecord>() };
    batch.records.set(r.localId, r);
    this.batches.set(key, batch);
  }

  private hasLive(key: string): boolean {
    for (const k of this.live.values()) if (k === key) return true;
    return false;
  }

  /** A batch with nothing left moving is summed up after a short wait; a job that starts meanwhile joins it. */
  private settleBatches(): void {
    for (const [key, batch] of this.batches) {
      if (this.hasLive(key)) {
        clearTimeout(batch.timer);
        batch.timer = undefined;
      } else if (!batch.timer) {
        batch.timer = setTimeout(() => {
          if (this.isDisposed || this.hasLive(key)) return;
          this.batches.delete(key);
          void this.announceClaimed([...batch.records.values()]);
        }, this.batchDelayMs);
      }
    }
  }

  /** Claims each job (once, ever, in any window), then tells of those this window claimed. */
  private async announceClaimed(records: readonly JobRecord[]): Promise<void> {
    const mine: JobRecord[] = [];
    for (const r of records) if (await this.marks.claim(announceKey(r))) mine.push(r);
    if (this.isDisposed || mine.length === 0) return;
    if (mine.length > 1) return this.announcer.batch(mine);
    const r = mine[0]!;
    if (seenOf(r) === 'saved') return this.announcer.saved(r);
    if (seenOf(r) === 'completed') return this.announcer.ready(r);
    return this.announcer.failed(r);
  }

  private offerLater(r: JobRecord): void {
    if (this.done.has(r.localId) || this.legacyOffered().includes(r.localId)) return;
    this.pendingOffers.set(r.localId, r);
    clearTimeout(this.offerTimer);
    this.offerTimer = setTimeout(() => void this.offerPending(), this.offerDelayMs);
  }

  private async offerPending(): Promise<void> {
    const candidates = [...this.pendingOffers.values()];
    this.pendingOffers.clear();
    const ready: JobRecord[] = [];
    for (const r of candidates) {
      if (this.done.has(r.localId)) continue;
      this.done.add(r.localId);
      const state = this.seen.get(r.localId);
      if ((state === 'completed' || state === 'saved') && (await this.marks.claim(announceKey(r)))) ready.push(r);
    }
    if (this.isDisposed || ready.length === 0) return;
    return this.announcer.closed(ready);
  }
}
