// What the tracker's parts (submission, restore, downloads) share: the records, the kept create
// bodies, the clock and the one way to announce a change. The tracker owns it; parts only borrow.
import type { CreateVideoRequest } from '../api/schemas/schemas';
import type { Logger } from '../util/logger';
import type { TrackedJobRecord } from './records';
import type { TaskApi } from './taskApi';

export interface TrackerState {
  readonly api: TaskApi;
  readonly logger: Logger;
  /** Every record, by local id. */
  readonly byId: Map<string, TrackedJobRecord>;
  /**
   * Create bodies not yet accepted by the server, kept too for a fate-unknown or a provably
   * refused (retryable) record so the person can send it again (may hold image bytes: memory only).
   */
  readonly requests: Map<string, CreateVideoRequest>;
  /** Aborted when the tracker is disposed. */
  readonly lifetime: AbortSignal;
  /** Epoch ms. */
  now(): number;
  /** Unix seconds. */
  nowSec(): number;
  newId(): string;
  isDisposed(): boolean;
  /** Persists and tells listeners: the record, or undefined when the whole list changed. */
  changed(record: TrackedJobRecord | undefined): void;
}
