// What the Generate panel remembers across windows (global state, not settings): the kind (or
// operation) last shown and the model last used per media kind and per operation form. Stored values are read defensively: anything odd is ignored.
import type { PanelMemento } from './panelHost';
import { isPanelKind, REMEMBERED_KIND_IDS, type PanelKind, type RememberedKind } from '../protocolConstants';
import { isKind, KIND_IDS, type Kind } from '../../kinds';

export const LAST_KIND_KEY = 'airforce.panel.lastKind';
export const LAST_MODELS_KEY = 'airforce.panel.lastModels';

export function lastKind(memento: PanelMemento): PanelKind | undefined {
  const stored = memento.get<unknown>(LAST_KIND_KEY);
  return isPanelKind(stored) ? stored : undefined;
}

export function rememberKind(memento: PanelMemento, kind: PanelKind): Promise<void> {
  return Promise.resolve(memento.update(LAST_KIND_KEY, kind));
}

/** The last model per media kind and operation form, only well-formed entries. */
export function lastModels(memento: PanelMemento): Partial<Record<RememberedKind, string>> {
  const stored = memento.get<unknown>(LAST_MODELS_KEY);
  const out: Partial<Record<RememberedKind, string>> = {};
  if (typeof stored !== 'object' || stored === null) return out;
  for (const kind of REMEMBERED_KIND_IDS) {
    const model = (stored as Record<string, unknown>)[kind];
    if (typeof model === 'string' && model !== '' && model.length <= 200) out[kind] = model;
  }
  return out;
}

export function rememberModel(memento: PanelMemento, kind: RememberedKind, model: string): Promise<void> {
  return Promise.resolve(memento.update(LAST_MODELS_KEY, { ...lastModels(memento), [kind]: model }));
}

/** Per kind: the default-model setting alone (what "Make default" wrote), for the form's "Default model". */
export function modelSettings(setting: (kind: Kind) => string | undefined): Partial<Record<Kind, string>> {
  const out: Partial<Record<Kind, string>> = {};
  for (const kind of KIND_IDS) {
    const model = setting(kind);
    if (model) out[kind] = model;
  }
  return out;
}

/** Per kind: the last model used in the panel, else the kind's default-model setting (an operation has none). */
export function mediaDefaults(memento: PanelMemento, setting: (kind: Kind) => string | undefined): Partial<Record<RememberedKind, string>> {
  const last = lastModels(memento);
  const out: Partial<Record<RememberedKind, string>> = {};
  for (const kind of REMEMBERED_KIND_IDS) {
    const model = last[kind] ?? (isKind(kind) ? setting(kind) : undefined);
    if (model) out[kind] = model;
  }
  return out;
}
