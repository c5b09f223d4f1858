// The grid app's saved state (setState: it survives the panel being hidden and VS Code reloading;
// the host reads only `groupId`) and its page strings. Our own earlier state is checked loosely.
import { isCompareKind } from '../fields';
import { COMPARE_STRING_KEYS, type CompareFormMessage, type CompareImageItem, type CompareStrings, type GroupView } from '../constants';
import { readPageStrings } from '../../webview/browser/pageStrings';

export interface CompareSession {
  view: 'form' | 'grid';
  form: CompareFormMessage;
  image?: CompareImageItem;
  /** The comparison the grid shows (the host follows its jobs again after a reload). */
  groupId?: string;
  group?: GroupView;
  /** "Play in sync" is on. */
  sync: boolean;
}

export const emptyForm = (kind: CompareFormMessage['kind'] = 'video'): CompareFormMessage => ({ kind, models: [], prompt: '' });

export function restoreSession(raw: unknown): CompareSession {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const f = typeof o.form === 'object' && o.form !== null ? (o.form as Record<string, unknown>) : {};
  const form = emptyForm(isCompareKind(f.kind) ? f.kind : 'video');
  if (Array.isArray(f.models)) form.models = f.models.filter((m): m is string => typeof m === 'string').slice(0, 4);
  if (typeof f.prompt === 'string') form.prompt = f.prompt;
  if (typeof f.duration_seconds === 'number') form.duration_seconds = f.duration_seconds;
  if (typeof f.n === 'number') form.n = f.n;
  if (typeof f.aspect_ratio === 'string') form.aspect_ratio = f.aspect_ratio;
  const group = isGroupView(o.group) ? o.group : undefined;
  const groupId = typeof o.groupId === 'string' ? o.groupId : undefined;
  return {
    view: o.view === 'grid' && groupId ? 'grid' : 'form',
    form,
    ...(groupId ? { groupId } : {}),
    ...(group && group.id === groupId ? { group } : {}),
    sync: o.sync === true,
    // Kept until the host's `init` says whether it still knows the token (a reload of VS Code forgets it).
    ...(isImageItem(o.image) ? { image: o.image } : {}),
  };
}

function isImageItem(v: unknown): v is CompareImageItem {
  if (typeof v !== 'object' || v === null) return false;
  const i = v as Record<string, unknown>;
  return typeof i.source === 'string' && typeof i.label === 'string' && (i.thumb === undefined || typeof i.thumb === 'string');
}

function isGroupView(v: unknown): v is GroupView {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as Record<string, unknown>;
  return typeof g.id === 'string' && isCompareKind(g.kind) && typeof g.prompt === 'string' && Array.isArray(g.cards);
}

/** The localised strings from the page's settings; a missing one shows its key. */
export function readStrings(): CompareStrings {
  return readPageStrings(COMPARE_STRING_KEYS) as CompareStrings;
}
