// Which jobs were already announced (a notification, an opened editor, a "finished while closed"
// notice): once, ever, whichever window does it. One empty marker file per job in a folder every
// window shares (the extension's global storage): creating it with `wx` is an atomic claim, so of
// two windows watching the same task exactly one announces it, and a reload never announces again.
// Pure: node:fs only, no vscode.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../util/logger';
import type { JobRecord } from './types';

/** Markers older than this are removed (far beyond any task's lifetime on the server). */
const MAX_AGE_MS = 90 * 24 * 3600 * 1000;

export interface AnnouncedMarks {
  /** True once for a key (this call made the mark); false when it was made before, here or elsewhere. */
  claim(key: string): Promise<boolean>;
  /** Whether the key was claimed already. */
  has(key: string): Promise<boolean>;
}

/** One identity per job in every window: the server's id (task id, or the request id of an image or audio job). */
export function announceKey(r: Pick<JobRecord, 'taskId' | 'localId'>): string {
  return r.taskId ? `task:${r.taskId}` : `local:${r.localId}`;
}

export class AnnouncedFolder implements AnnouncedMarks {
  private pruned = false;

  constructor(
    private readonly dir: string,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string): Promise<boolean> {
    try {
      await fs.mkdir(this.dir, { recursive: true });
      const handle = await fs.open(this.file(key), 'wx');
      await handle.close();
      void this.pruneOnce();
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      // A folder that can't be written must not silence every notice: announce, say why in the log.
      this.logger?.warn(`could not record an announcement: ${String(err)}`);
      return true;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      await fs.stat(this.file(key));
      return true;
    } catch {
      return false;
    }
  }

  /** Hashed: a key from the server never becomes a path of its own making. */
  private file(key: string): string {
    return path.join(this.dir, createHash('sha256').update(key).digest('hex').slice(0, 40));
  }

  /** Once per session: markers of jobs long gone are removed so the folder stays small. */
  private async pruneOnce(): Promise<void> {
    if (this.pruned) return;
    this.pruned = true;
    try {
      const cutoff = this.now() - MAX_AGE_MS;
      for (const name of await fs.readdir(this.dir)) {
        const file = path.join(this.dir, name);
        const stat = await fs.stat(file).catch(() => undefined);
        if (stat && stat.mtimeMs < cutoff) await fs.rm(file, { force: true });
      }
    } catch (err) {
      this.logger?.warn(`could not prune old announcement marks: ${String(err)}`);
    }
  }
}
