// What the workspace-media endpoints remember per simulator: dubbing jobs (their status follows the
// simulated clock), cloned voices, and the current consent text (rotated by the consent-stale fault).
import { createHash, randomBytes } from 'node:crypto';
import { SIM_VOICE_IDS } from './catalog';
import type { SimClock } from './clock';

export interface DubbingJob {
  dubbing_id: string;
  owner: string;
  model: string;
  target_lang: string;
  source_lang: string | null;
  /** Simulated unix seconds. */
  created: number;
  source_duration: number;
  /** Set by the dubbing-fail fault: the job fails half-way with this error. */
  failMessage?: string;
  /** Set by the dubbing-unknown-status fault: reported instead of the running status. */
  oddStatus?: string;
}

export interface SimClonedVoice {
  voice_id: string;
  owner: string;
  name: string;
  description?: string;
  created_at: number;
}

export class MediaState {
  readonly dubbing = new Map<string, DubbingJob>();
  readonly voices = new Map<string, SimClonedVoice>();
  private consentVersion = 1;

  constructor(
    readonly clock: SimClock,
    /** Simulated seconds a dubbing job takes; queued for the first 10 %. */
    readonly dubbingSeconds: number,
  ) {}

  consent(): { text: string; hash: string } {
    const text = `I confirm that I own this voice or have the speaker's written permission to clone it (consent text v${this.consentVersion}).`;
    return { text, hash: createHash('sha256').update(text).digest('hex') };
  }

  /** A new consent text: every hash taken before is stale. */
  rotateConsent(): void {
    this.consentVersion += 1;
  }

  /** A stock voice, or one the caller cloned. */
  voiceUsable(id: string, owner: string): boolean {
    return SIM_VOICE_IDS.includes(id) || this.voices.get(id)?.owner === owner;
  }

  /** The caller's cloned voices as GET /v1/audio/voices lists them (category `cloned`). */
  clonedVoices(owner: string): Record<string, unknown>[] {
    return [...this.voices.values()]
      .filter((v) => v.owner === owner)
      .map((v) => ({ voice_id: v.voice_id, name: v.name, category: 'cloned', description: v.description ?? null, preview_url: null }));
  }

  newId(prefix: string): string {
    return `${prefix}_${randomBytes(8).toString('hex')}`;
  }

  /** queued → processing → completed on the simulated clock (or failed / an odd word, by fault). */
  dubbingStatus(job: DubbingJob): { status: string; error: string | null } {
    const elapsed = this.clock.now() - job.created;
    if (job.failMessage && elapsed >= this.dubbingSeconds / 2) return { status: 'failed', error: job.failMessage };
    if (elapsed >= this.dubbingSeconds) return { status: 'completed', error: null };
    if (job.oddStatus) return { status: job.oddStatus, error: null };
    return { status: elapsed < this.dubbingSeconds / 10 ? 'queued' : 'processing', error: null };
  }
}
