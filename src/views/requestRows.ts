// A request's own fields in a task's tooltip, as labelled rows ("Voice: rachel", "Length: 30 sec")
// instead of raw JSON. Known API fields get a localized label and a formatted value; any other key
// is shown under its API name (API field names are never translated), its value spelled out.
import * as vscode from 'vscode';
import { formatNumber, formatSeconds } from '../l10n/format';

export type Row = [string, string | undefined];

const locale = (): string => vscode.env.language;

/** Labels and value formats of the fields the API documents for each kind. */
function known(key: string): { label: string; value?: (v: unknown) => string | undefined } | undefined {
  const seconds = (factor: number) => (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? formatSeconds(v / factor, locale()) : undefined);
  switch (key) {
    case 'voice':
      return { label: vscode.l10n.t('Voice') };
    case 'n':
      return { label: vscode.l10n.t('Number of images') };
    case 'size':
      return { label: vscode.l10n.t('Size') };
    case 'seed':
      return { label: vscode.l10n.t('Seed') };
    case 'speed':
      return { label: vscode.l10n.t('Speed') };
    case 'language_code':
      return { label: vscode.l10n.t('Language') };
    case 'response_format':
      return { label: vscode.l10n.t('File format') };
    case 'music_length_ms':
      return { label: vscode.l10n.t('Length'), value: seconds(1000) };
    case 'duration_seconds':
      return { label: vscode.l10n.t('Duration'), value: seconds(1) };
    case 'prompt_influence':
      return { label: vscode.l10n.t('Prompt influence') };
    case 'negative_prompt':
      return { label: vscode.l10n.t('Negative prompt') };
    case 'voice_settings':
      return { label: vscode.l10n.t('Voice settings') };
    default:
      return undefined;
  }
}

/** A value in words: numbers as the language writes them, yes/no, nested fields as "key value, …". */
export function valueText(v: unknown, depth = 0): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? formatNumber(v, locale(), 4) : String(v);
  if (typeof v === 'boolean') return v ? vscode.l10n.t('yes') : vscode.l10n.t('no');
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return depth > 1 ? vscode.l10n.t('{0} items', v.length) : v.map((x) => valueText(x, depth + 1) ?? '—').join(', ');
  if (typeof v === 'object') {
    if (depth > 1) return vscode.l10n.t('{0} fields', Object.keys(v).length);
    const parts = Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => {
      const text = valueText(x, depth + 1);
      return text === undefined ? [] : [`${k.replace(/_/g, ' ')} ${text}`];
    });
    return parts.length > 0 ? parts.join(', ') : undefined;
  }
  return String(v);
}

/** One row per field of the request's `extra`, in the request's order. */
export function requestRows(extra: Record<string, unknown> | undefined): Row[] {
  return Object.entries(extra ?? {}).map(([key, v]) => {
    const k = known(key);
    return [k?.label ?? key, k?.value ? (k.value(v) ?? valueText(v)) : valueText(v)];
  });
}
