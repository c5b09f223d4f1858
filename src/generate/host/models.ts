// A model list of the panel (the video models; the image/audio ones): loaded once when the app first
// says `ready` (or asks), shared by concurrent callers, reloaded on request; the result (or the
// error's user message) is posted to the app as the messages the caller builds.
import { errorText } from '../../tasks/taskApi';
import type { Logger } from '../../util/logger';
import type { VideoModel } from '../../api/models';
import type { Model } from '../../api/schemas/schemas';
import { describeError, LOG_PREFIX, type PanelHost } from './panelHost';
import type { HostMessage, MediaKind } from '../protocol';

export interface ModelListSource<M> {
  /** What is loaded, for the log. */
  what: string;
  fetch: (refresh: boolean) => Promise<M[]>;
  loaded: (models: M[]) => HostMessage;
  failed: (message: string) => HostMessage;
}

export class PanelModels<M extends { id: string }> {
  private models: M[] | undefined;
  private loading: Promise<void> | undefined;
  private error: string | undefined;

  constructor(
    private readonly source: ModelListSource<M>,
    private readonly post: (message: HostMessage) => void,
    private readonly logger: Logger,
  ) {}

  /** Undefined until loaded (or while loading failed). */
  get list(): M[] | undefined {
    return this.models;
  }

  /** Set when the last load failed and none is loaded. */
  get errorMessage(): string | undefined {
    return this.models ? undefined : this.error;
  }

  find(id: string): M | undefined {
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
      this.models = await this.source.fetch(refresh);
      this.error = undefined;
      this.post(this.source.loaded(this.models));
    } catch (e) {
      this.error = errorText(e);
      this.logger.warn(`${LOG_PREFIX} loading ${this.source.what} failed: ${describeError(e)}`);
      this.post(this.source.failed(this.error));
    }
  }
}

/** The video form's models, with the airforce.defaultVideoModel setting. */
export function videoModelList(host: PanelHost, post: (message: HostMessage) => void): PanelModels<VideoModel> {
  const source: ModelListSource<VideoModel> = {
    what: 'video models',
    fetch: (refresh) => host.loadModels(refresh),
    loaded: (models) => ({ type: 'models', models, defaultModel: host.defaultModel() }),
    failed: (message) => ({ type: 'modelsError', message }),
  };
  return new PanelModels(source, post, host.logger);
}

/** The image/audio forms' models, with each kind's default (`defaults`). */
export function mediaModelList(host: PanelHost, post: (message: HostMessage) => void, defaults: () => Partial<Record<MediaKind, string>>): PanelModels<Model> {
  const source: ModelListSource<Model> = {
    what: 'image and audio models',
    fetch: (refresh) => host.loadMediaModels(refresh),
    loaded: (models) => ({ type: 'mediaModels', models, defaults: defaults() }),
    failed: (message) => ({ type: 'mediaModelsError', message }),
  };
  return new PanelModels(source, post, host.logger);
}
