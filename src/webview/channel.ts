// The host's end of a webview channel: nothing reaches the app before it says `ready`; one-shot
// messages wait in a queue until then, while state messages are never queued — only the latest
// state matters, and `replay` sends it whenever the app (re)loads or the panel shows again.
// No vscode import: the panel hands in its WebviewPanel, which fits `ChannelPanel`.

export interface ChannelPanel<M> {
  readonly visible: boolean;
  readonly webview: { postMessage(message: M): PromiseLike<boolean> };
}

export class WebviewChannel<M extends { type: string }> {
  private ready = false;
  private readonly queue: M[] = [];

  /**
   * `stateTypes`: messages that describe state (dropped while the app cannot hear them). `replay`
   * sends everything the app needs after (re)loading.
   */
  constructor(
    private readonly panel: ChannelPanel<M>,
    private readonly stateTypes: ReadonlySet<M['type']>,
    private readonly replay: (send: (message: M) => void) => void,
  ) {}

  /** The app listens and is on screen: what is posted now arrives. */
  get live(): boolean {
    return this.ready && this.panel.visible;
  }

  post(message: M): void {
    if (this.live) this.send(message);
    else if (!this.stateTypes.has(message.type)) this.queue.push(message);
  }

  /** The app has loaded (again): the current state first, then what was queued for it. */
  readyReceived(): void {
    this.ready = true;
    this.replay((m) => this.send(m));
    for (const m of this.queue.splice(0)) this.send(m);
  }

  /**
   * A hidden webview drops messages and, without retainContextWhenHidden, reloads when shown (and
   * says `ready` again). Where it kept its content, replay the latest state now.
   */
  visibilityChanged(visible: boolean): void {
    if (!visible) this.ready = false;
    else if (this.ready) this.replay((m) => this.send(m));
  }

  private send(message: M): void {
    void this.panel.webview.postMessage(message);
  }
}
