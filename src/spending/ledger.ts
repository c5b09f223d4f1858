// The spending ledger: an append-only JSONL file shared by every window (global storage). Each
// window appends whole lines with O_APPEND, one write per line, so concurrent writers never
// overwrite each other; readers fold the lines by job id (events.ts). Reads are incremental: only
// the bytes appended since the last read are parsed. A line left torn by a window that died
// mid-write is skipped, and the next writer starts a new line instead of appending onto it.
// Events of one job are numbered (`rev`), so their order never depends on the wall clock.
// No vscode import: the path and clock are given.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { foldEvent, parseEventLine, type SpendEntry, type SpendEvent } from './events';

export interface LedgerOptions {
  file: string;
  now?: () => number;
  logger?: { warn(message: string): void };
}

/** What a caller writes: the ledger stamps the time, its sequence and the job's event number. */
export type SpendEventInput = Omit<SpendEvent, 'v' | 't' | 'seq' | 'rev'>;

/** An entry as an input again (to write the job's next event from its latest one). */
export function inputOf(entry: SpendEntry): SpendEventInput {
  const { v: _v, t: _t, seq: _seq, rev: _rev, ...rest } = entry;
  return rest;
}

export class SpendLedger {
  private readonly entries = new Map<string, SpendEntry>();
  /** The highest event number seen per job (an event the fold ignored still took its number). */
  private readonly revs = new Map<string, number>();
  /** Bytes read so far, always just after a newline: a line still being written is read again later. */
  private offset = 0;
  private seq = 0;
  private writes: Promise<void> = Promise.resolve();
  private reading: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: LedgerOptions) {
    this.now = opts.now ?? Date.now;
  }

  get file(): string {
    return this.opts.file;
  }

  /**
   * Records an event: folded in memory at once (a budget check right after sees it), appended in
   * order in the background. `flush()` awaits the appends.
   */
  append(input: SpendEventInput): SpendEvent {
    const event: SpendEvent = { v: 1, t: this.now(), seq: this.seq++, ...input, rev: (this.revs.get(input.id) ?? 0) + 1 };
    this.fold(event);
    const line = `${JSON.stringify(event)}\n`;
    this.writes = this.writes.then(async () => {
      try {
        await fs.mkdir(path.dirname(this.opts.file), { recursive: true });
        await appendLine(this.opts.file, line);
      } catch (e) {
        this.opts.logger?.warn(`Could not write the spending ledger: ${String(e)}`);
      }
    });
    return event;
  }

  /** Awaits every append made so far. */
  flush(): Promise<void> {
    return this.writes;
  }

  /** Every job's latest state, including what other windows appended since the last read. */
  async read(): Promise<Map<string, SpendEntry>> {
    // Concurrent callers share one read, so bytes are never parsed twice.
    this.reading ??= this.readNew().finally(() => (this.reading = undefined));
    await this.reading;
    return this.entries;
  }

  /** The entries as folded so far, without reading the file (synchronous callers). */
  known(): ReadonlyMap<string, SpendEntry> {
    return this.entries;
  }

  private fold(event: SpendEvent): void {
    if (event.rev !== undefined && event.rev > (this.revs.get(event.id) ?? 0)) this.revs.set(event.id, event.rev);
    foldEvent(this.entries, event);
  }

  private async readNew(): Promise<void> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.opts.file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.opts.logger?.warn(`Could not read the spending ledger: ${String(e)}`);
      return;
    }
    try {
      const { size } = await handle.stat();
      if (size < this.offset) {
        // The file was replaced (removed by hand): start over.
        this.offset = 0;
      }
      if (size === this.offset) return;
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      // Up to the last whole line only (never decodes half of a character).
      const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
      this.offset += end;
      for (const line of buffer.subarray(0, end).toString('utf8').split('\n')) {
        const event = parseEventLine(line);
        if (event) this.fold(event);
      }
    } finally {
      await handle.close();
    }
  }
}

/**
 * Appends one line in one write. When the file does not end with a newline (a window died in the
 * middle of a line), the line starts with one, so the torn line stays alone and this one is whole.
 */
async function appendLine(file: string, line: string): Promise<void> {
  const handle = await fs.open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let text = line;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) text = `\n${line}`;
    }
    await handle.write(text);
  } finally {
    await handle.close();
  }
}
