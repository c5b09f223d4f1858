// The model catalog: /v1/models cached for a minute (the server caches it for 60 s too), with
// concurrent callers sharing one request. Capabilities are always read from here, never hard-coded.
import { abortError } from './retry';
import type { Model, VideoCaps } from './schemas';

export type VideoModel = Model & { video_caps: VideoCaps };

export function isVideoModel(m: Model): m is VideoModel {
  return m.output_modalities.includes('video') && m.video_caps !== null && m.video_caps !== undefined;
}

export function isImageModel(m: Model): boolean {
  return m.output_modalities.includes('image');
}

export function isAudioModel(m: Model): boolean {
  return m.output_modalities.includes('audio');
}

export interface ModelSource {
  listModels(opts?: { signal?: AbortSignal }): Promise<Model[]>;
}

export interface ModelCatalogOptions {
  ttlMs?: number;
  now?: () => number;
}

export const MODEL_CACHE_TTL_MS = 60_000;

export class ModelCatalog {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private cached: { models: Model[]; at: number } | undefined;
  private inflight: Promise<Model[]> | undefined;

  constructor(
    private readonly client: ModelSource,
    opts: ModelCatalogOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? MODEL_CACHE_TTL_MS;
    this.now = opts.now ?? Date.now;
  }

  /**
   * The models, from cache when fresh. A caller's abort only stops its own wait: the shared request
   * goes on for the others (it is bounded by the client's timeout).
   */
  async get(opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<Model[]> {
    if (!opts.refresh && this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached.models;
    if (!this.inflight) {
      const request = this.client.listModels().then(
        (models) => {
          this.cached = { models, at: this.now() };
          return models;
        },
      );
      this.inflight = request;
      // Cleared either way, so a failure is not cached and the next call asks again.
      const clear = (): void => {
        if (this.inflight === request) this.inflight = undefined;
      };
      request.then(clear, clear);
    }
    return raceAbort(this.inflight, opts.signal);
  }

  /** The last list fetched, without asking the server (for synchronous renders). */
  peek(): Model[] | undefined {
    return this.cached?.models;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  async videoModels(opts?: { signal?: AbortSignal }): Promise<VideoModel[]> {
    return (await this.get(opts)).filter(isVideoModel);
  }

  async imageModels(opts?: { signal?: AbortSignal }): Promise<Model[]> {
    return (await this.get(opts)).filter(isImageModel);
  }

  async audioModels(opts?: { signal?: AbortSignal }): Promise<Model[]> {
    return (await this.get(opts)).filter(isAudioModel);
  }

  async find(id: string, opts?: { signal?: AbortSignal }): Promise<Model | undefined> {
    return (await this.get(opts)).find((m) => m.id === id);
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
