// The panel's video models: loaded once when the app first says `ready`, shared by concurrent callers,
// reloaded on request; the result (or the error's user message) is posted to the app.
import type { VideoModel } from '../api/models';
import { errorText } from '../tasks/taskApi';
import { describeError, LOG_PREFIX, type PanelHost } from './panelHost';
import type { HostMessage } from './protocol';

export class PanelModels {
  private models: VideoModel[] | undefined;
  private loading: Promise<void> | undefined;
  private error: string | undefined;

  constructor(
    private readonly host: PanelHost,
    private readonly post: (message: HostMessage) => void,
  ) {}

  /** Undefined until loaded (or while loading failed). */
  get list(): VideoModel[] | undefined {
    return this.models;
  }

  /** Set when the last load failed and none is loaded. */
  get errorMessage(): string | undefined {
    return this.models ? undefined : this.error;
  }

  find(id: string): VideoModel | undefined {
    return this.models?.find((m) => m.id === id);
  }

  /** Loads them unless already there. */
  async ensure(): Promise<void> {
    if (!this.models) await this.load(false);
  }

  /** Concurrent callers share one load; a refresh starts a new one. */
  load(refresh: boolean): Promise<void> {
    if (this.loading && !refresh) return this.loading;
    const loading = this.fetch(refresh).finally(() => {
      if (this.loading === loading) this.loading = undefined;
    });
    this.loading = loading;
    return loading;
  }

  private async fetch(refresh: boolean): Promise<void> {
    try {
      this.models = await this.host.loadModels(refresh);
      this.error = undefined;
      this.post({ type: 'models', models: this.models, defaultModel: this.host.defaultModel() });
    } catch (e) {
      this.error = errorText(e);
      this.host.logger.warn(`${LOG_PREFIX} loading models failed: ${describeError(e)}`);
      this.post({ type: 'modelsError', message: this.error });
    }
  }
}
