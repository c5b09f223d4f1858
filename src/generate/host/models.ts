// A model list of the panel (the video models; the image/audio ones): loaded once when the app first
// says `ready` (or asks), shared by concurrent callers, reloaded on request; the result (or the
// error's user message) is posted to the app as `models` (or `modelsError`) naming the kinds it serves.
import { errorText } from '../../jobs/taskApi';
import type { Logger } from '../../util/logger';
import type { VideoModel } from '../../api/models';
import { isVideoModel } from '../../api/rules/modelKind';
import type { Model } from '../../api/schemas/schemas';
import { describeError, LOG_PREFIX, type PanelHost } from './panelHost';
import { REMEMBERED_KIND_IDS, type HostMessage, type ModelList, type PanelKind, type RememberedKind } from '../protocol';

export interface ModelListSource<M> {
  /** The kinds the list serves (the app files its models under each). */
  kinds: PanelKind[];
  /** What is loaded, for the log. */
  what: string;
  fetch: (refresh: boolean) => Promise<M[]>;
  /** The model each kind starts from. */
  defaults: () => Partial<Record<PanelKind, string>>;
}

export class PanelModels<M extends Model> {
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

  /** The kinds this list serves. */
  get kinds(): PanelKind[] {
    return this.source.kinds;
  }

  /** The list as `init` and `models` carry it; undefined until loaded. */
  message(): ModelList | undefined {
    return this.models && { kinds: this.source.kinds, models: this.models, defaults: this.source.defaults() };
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
      const loaded = this.message();
      if (loaded) this.post({ type: 'models', ...loaded });
    } catch (e) {
      this.error = errorText(e);
      this.logger.warn(`${LOG_PREFIX} loading ${this.source.what} failed: ${describeError(e)}`);
      this.post({ type: 'modelsError', kinds: this.source.kinds, message: this.error });
    }
  }
}

/** The video form's models, with the airforce.defaultVideoModel setting. */
export function videoModelList(host: PanelHost, post: (message: HostMessage) => void): PanelModels<VideoModel> {
  const source: ModelListSource<VideoModel> = {
    kinds: ['video'],
    what: 'video models',
    fetch: async (refresh) => (await host.loadModels('video', refresh)).filter(isVideoModel),
    defaults: () => {
      const model = host.defaultModel('video');
      return model ? { video: model } : {};
    },
  };
  return new PanelModels(source, post, host.logger);
}

/** The image/audio and operation forms' models (one catalog read), with each form's default (`defaults`). */
export function mediaModelList(host: PanelHost, post: (message: HostMessage) => void, defaults: () => Partial<Record<RememberedKind, string>>): PanelModels<Model> {
  const source: ModelListSource<Model> = {
    kinds: [...REMEMBERED_KIND_IDS],
    what: 'image, audio and media operation models',
    fetch: (refresh) => host.loadModels('media', refresh),
    defaults,
  };
  return new PanelModels(source, post, host.logger);
}
