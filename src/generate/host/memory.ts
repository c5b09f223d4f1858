// What the Generate panel remembers across windows (global state, not settings): the kind last shown
// and the model last used per media kind. Stored values are read defensively: anything odd is ignored.
import type { PanelMemento } from './panelHost';
import type { MediaKind, PanelKind } from '../protocolConstants';
import { isKind, KIND_IDS, SYNC_KIND_IDS } from '../../kinds';

export const LAST_KIND_KEY = 'airforce.panel.lastKind';
export const LAST_MODELS_KEY = 'airforce.panel.lastModels';

export function lastKind(memento: PanelMemento): PanelKind | undefined {
  const stored = memento.get<unknown>(LAST_KIND_KEY);
  return isKind(stored) ? stored : undefined;
}

export function rememberKind(memento: PanelMemento, kind: PanelKind): Promise<void> {
  return Promise.resolve(memento.update(LAST_KIND_KEY, kind));
}

/** The last model per media kind, only well-formed entries. */
export function lastModels(memento: PanelMemento): Partial<Record<MediaKind, string>> {
  const stored = memento.get<unknown>(LAST_MODELS_KEY);
  const out: Partial<Record<MediaKind, string>> = {};
  if (typeof stored !== 'object' || stored === null) return out;
  for (const kind of SYNC_KIND_IDS) {
    const model = (stored as Record<string, unknown>)[kind];
    if (typeof model === 'string' && model !== '' && model.length <= 200) out[kind] = model;
  }
  return out;
}

export function rememberModel(memento: PanelMemento, kind: MediaKind, model: string): Promise<void> {
  return Promise.resolve(memento.update(LAST_MODELS_KEY, { ...lastModels(memento), [kind]: model }));
}

/** Per kind: the default-model setting alone (what "Make default" wrote), for the form's "Default model". */
export function modelSettings(setting: (kind: PanelKind) => string | undefined): Partial<Record<PanelKind, string>> {
  const out: Partial<Record<PanelKind, string>> = {};
  for (const kind of KIND_IDS) {
    const model = setting(kind);
    if (model) out[kind] = model;
  }
  return out;
}

/** Per kind: the last model used in the panel, else the kind's default-model setting. */
export function mediaDefaults(memento: PanelMemento, setting: (kind: MediaKind) => string | undefined): Partial<Record<MediaKind, string>> {
  const last = lastModels(memento);
  const out: Partial<Record<MediaKind, string>> = {};
  for (const kind of SYNC_KIND_IDS) {
    const model = last[kind] ?? setting(kind);
    if (model) out[kind] = model;
  }
  return out;
}
