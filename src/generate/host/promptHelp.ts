// The Generate panel's side of "Improve prompt": offers the chat model and its price after `ready`,
// runs one rewrite at a time (streaming each piece to the app), cancels it on the app's word or when
// the panel closes, and reports how it ended. The call itself (model, budget, ledger, the cost
// question) is the extension's (PromptHelpHost, wired in vscodePanelHost.ts); no vscode import here.
import type { AppMessage, HostMessage } from '../protocol';

type ImproveMessage = Extract<AppMessage, { type: 'improvePrompt' }>;
export type PromptOffer = { model: string; baseCents?: number; perCharCents?: number } | { problem: string };
export type ImproveOutcome = { ok: true; text: string; model: string; cents?: number } | { ok: false; declined: true };

/** What the extension provides for prompt help (prompting/vscode/improvePrompt.ts). */
export interface PromptHelpHost {
  /** The chat model and the most a call costs, or why there is none. */
  offer(): Promise<PromptOffer>;
  /**
   * One rewrite; rejects when it fails (after recording its cost). `offered`: the model whose price the
   * panel shows — when the call would use another (the setting changed), the cost is asked first.
   */
  improve(req: Omit<ImproveMessage, 'type'>, opts: { signal: AbortSignal; onDelta: (piece: string) => void; offered?: string }): Promise<ImproveOutcome>;
  /** airforce.promptModel changed: the offer is sent again. */
  onDidChange?(listener: () => void): { dispose(): void };
  /** A failure in words, and whether trying again is safe (nothing was billed). */
  describe(err: unknown): { message: string; retry: boolean };
}

export class PanelPromptHelp {
  private running?: AbortController;
  /** The model of the last offer the app was sent (its price is what the panel shows). */
  private offered?: string;
  private readonly changes?: { dispose(): void };

  constructor(
    private readonly host: PromptHelpHost | undefined,
    private readonly post: (m: HostMessage) => void,
    private readonly log: { warn(message: string): void },
  ) {
    this.changes = host?.onDidChange?.(() => void this.offer());
  }

  async offer(): Promise<void> {
    if (!this.host) return;
    const offer = await this.host.offer().catch((e: unknown) => ({ problem: this.host!.describe(e).message }));
    this.offered = 'model' in offer ? offer.model : undefined;
    this.post({ type: 'promptHelp', ...offer });
  }

  async improve(message: ImproveMessage): Promise<void> {
    const { kind } = message;
    if (!this.host || this.running) return this.post({ type: 'improveFailed', kind });
    const abort = (this.running = new AbortController());
    let text = '';
    try {
      const { type: _type, ...req } = message;
      const out = await this.host.improve(req, {
        signal: abort.signal,
        ...(this.offered ? { offered: this.offered } : {}),
        onDelta: (piece) => {
          text += piece;
          this.post({ type: 'improveDelta', kind, text });
        },
      });
      this.post(
        out.ok ? { type: 'improveDone', kind, text: out.text, model: out.model, ...(out.cents !== undefined ? { cents: out.cents } : {}) } : { type: 'improveFailed', kind },
      );
    } catch (e) {
      if (abort.signal.aborted) return this.post({ type: 'improveFailed', kind });
      const { message: words, retry } = this.host.describe(e);
      this.log.warn(`Generate panel: Improve prompt failed: ${words}`);
      this.post({ type: 'improveFailed', kind, message: words, ...(retry ? { retry } : {}) });
    } finally {
      this.running = undefined;
    }
  }

  /** Cancel pressed: the stream stops (the call counts as it may have run). */
  cancel(): void {
    this.running?.abort();
  }

  /** The panel closed: the stream stops, setting changes are no longer followed. */
  dispose(): void {
    this.cancel();
    this.changes?.dispose();
  }
}
