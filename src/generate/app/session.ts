// What the app persists with setState, and the page settings it starts from. The host reads only
// `view` and `localId` of the saved state after a reload (serializer).
import type { JobView } from '../protocol';
import { isPanelKind, STRING_KEYS, type PanelKind, type Strings } from '../protocolConstants';
import { restoreForms, type Forms } from './formModel';
import { readPageSetting, readPageStrings } from '../../webview/browser/pageStrings';

export interface Session {
  view: 'form' | 'task';
  /** The kind whose form shows. */
  kind: PanelKind;
  /** Every kind's form. */
  forms: Forms;
  task?: JobView;
  /** The video URI that has already autoplayed once. */
  autoplayed?: string;
}

/**
 * Our own earlier state (same code wrote it): only its outline is checked; the forms field by field.
 * An older state (`form` + `media`, or video only from before the kind switch) restores as well.
 */
export function restoreSession(raw: unknown): Session {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const task = isJobView(o.task) ? o.task : undefined;
  return {
    view: o.view === 'task' && task ? 'task' : 'form',
    kind: isPanelKind(o.kind) ? o.kind : 'video',
    forms: restoreForms(o),
    ...(task ? { task } : {}),
    ...(typeof o.autoplayed === 'string' ? { autoplayed: o.autoplayed } : {}),
  };
}

function isJobView(v: unknown): v is JobView {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  return typeof t.localId === 'string' && typeof t.status === 'string' && typeof t.startedAt === 'number' && typeof t.progress === 'number';
}

/** The localised strings from the page's settings; a missing one shows its key. */
export function readStrings(): Strings {
  return readPageStrings(STRING_KEYS) as Strings;
}

/** The language codes the Transcribe form offers (the page's settings); none: only "Detect". */
export function readLanguages(): string[] {
  const list = readPageSetting('languages');
  return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string' && /^[a-z]{2,3}$/.test(c)) : [];
}
