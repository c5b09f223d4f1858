// The model catalog: /v1/models cached for a minute (the server caches it for 60 s too), with
// concurrent callers sharing one request. Capabilities are always read from here, never hard-coded;
// what kind a model is comes from the one rule in modelKind.ts (kept apart: the webview imports it).
import { raceAbort } from '../util/abort';
import type { Http } from './http/http';
import { ModelListEnvelopeSchema, ModelSchema, parseEntries, type Model } from './schemas/schemas';
import { isAudioModel, isImageModel, isVideoModel, type VideoModel } from './rules/modelKind';

export { isAudioKind, isAudioModel, isImageModel, isVideoModel, modelKind, type ModelKind, type VideoModel } from './rules/modelKind';

const MODELS_PATH = '/v1/models';

/**
 * GET /v1/models. Public: a key only narrows the list to the caller's tier, so the Models view works
 * before one is set. Entries are read one by one: an entry that cannot be used is left out with a
 * warning, and the rest of the catalog (every other kind) still works.
 */
export async function listModels(http: Http, opts: { signal?: AbortSignal } = {}): Promise<Model[]> {
  const envelope = await http.json({ method: 'GET', path: MODELS_PATH, signal: opts.signal, keyOptional: true }, ModelListEnvelopeSchema);
  const { models, dropped } = parseModelList(envelope.data);
  for (const line of dropped) http.log.warn(`GET ${MODELS_PATH}: model left out, ${line}`);
  return models;
}

/** Longer than any video model offers; beyond it a duration range is the server's mistake (and a form would list every second). */
export const MAX_VIDEO_SECONDS = 3600;

export interface ParsedModelList {
  models: Model[];
  /** One line per entry left out: its index (and id when it has one) and the problem. */
  dropped: string[];
}

/** Each catalog entry on its own; a video duration range is rounded inward to whole seconds (2.5–10.5 → 3–10). */
export function parseModelList(entries: readonly unknown[]): ParsedModelList {
  const { items, dropped } = parseEntries(entries, ModelSchema, (m) => {
    const problem = wholeSeconds(m);
    return problem && `${m.id.slice(0, 80)} video_caps: ${problem}`;
  });
  return { models: items, dropped };
}

/** Rounds the model's duration range to whole seconds in place; the problem when no usable range is left. */
function wholeSeconds(m: Model): string | undefined {
  const caps = m.video_caps;
  if (!caps) return undefined;
  const min = Math.ceil(caps.min_duration_s);
  const max = Math.floor(caps.max_duration_s);
  if (min > max) return `no whole second between min_duration_s ${caps.min_duration_s} and max_duration_s ${caps.max_duration_s}`;
  if (max > MAX_VIDEO_SECONDS) return `max_duration_s ${caps.max_duration_s} is over ${MAX_VIDEO_SECONDS}`;
  m.video_caps = { ...caps, min_duration_s: min, max_duration_s: max };
  return undefined;
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
      const request = this.client.listModels().then((models) => {
        this.cached = { models, at: this.now() };
        return models;
      });
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
