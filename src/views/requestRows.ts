// A request's own fields in a task's tooltip, as labelled rows ("Voice: rachel", "Length: 30 sec")
// instead of raw JSON. Known API fields get a localized label and a formatted value; any other key
// is shown under its API name (API field names are never translated), its value spelled out.
import * as vscode from 'vscode';
import { formatNumber, formatSeconds } from '../l10n/format';

export type Row = [string, string | undefined];

const locale = (): string => vscode.env.language;

/** Labels of the fields the API documents for each kind. */
const LABELS: Record<string, () => string> = {
  voice: () => vscode.l10n.t('Voice'),
  n: () => vscode.l10n.t('Number of images'),
  size: () => vscode.l10n.t('Size'),
  seed: () => vscode.l10n.t('Seed'),
  speed: () => vscode.l10n.t('Speed'),
  language_code: () => vscode.l10n.t('Language'),
  response_format: () => vscode.l10n.t('File format'),
  music_length_ms: () => vscode.l10n.t('Length'),
  duration_seconds: () => vscode.l10n.t('Duration'),
  prompt_influence: () => vscode.l10n.t('Prompt influence'),
  negative_prompt: () => vscode.l10n.t('Negative prompt'),
  voice_settings: () => vscode.l10n.t('Voice settings'),
};

/** Lengths, by the factor to seconds: shown as "30 sec". */
const SECONDS: Record<string, number> = { music_length_ms: 1000, duration_seconds: 1 };

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
    const factor = Object.hasOwn(SECONDS, key) && typeof v === 'number' && Number.isFinite(v) ? SECONDS[key] : undefined;
    const label = Object.hasOwn(LABELS, key) ? LABELS[key]!() : key;
    return [label, factor ? formatSeconds((v as number) / factor, locale()) : valueText(v)];
  });
}
