// The Advanced section's values as a request sees them: the seed (a whole number as typed) and free
// name/value rows passed to the provider as they are. Shared by the video and image forms.
import type { Problem } from '../protocol';
import type { CodedProblem } from '../../l10n/problemText';

export interface ExtraRow {
  key: string;
  /** As typed; JSON-parsed on submit where it parses (numbers, booleans, objects). */
  value: string;
}

export interface ExtraMessages {
  seedInvalid: string;
  extraKeyInvalid: string;
  extraKeyDuplicate: string;
  extraKeyReserved: string;
  /** The shared validators' problems in the display language (code + params); else their English. */
  describe?: (problem: CodedProblem) => string;
}

/** "42" → 42, "true" → true, '{"a":1}' → {a:1}; anything that is not JSON stays the typed string. */
export function parseExtraValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

/** The inverse of parseExtraValue, for putting a previous request's extras back into rows. */
export function formatExtraValue(value: unknown): string {
  if (typeof value === 'string') {
    // A string that would parse as JSON (e.g. "42") keeps its quotes so it round-trips as a string.
    return parseExtraValue(value) === value ? value : JSON.stringify(value);
  }
  return JSON.stringify(value) ?? '';
}

/** A previous request's extra keys as rows. */
export function extraRowsFrom(extra: Record<string, unknown>): ExtraRow[] {
  return Object.entries(extra).map(([key, value]) => ({ key, value: formatExtraValue(value) }));
}

/** The seed as typed → `extra.seed`, or a problem; empty means none. */
export function readSeed(text: string, extra: Record<string, unknown>, problems: Problem[], messages: ExtraMessages): void {
  const seedText = text.trim();
  if (seedText === '') return;
  if (/^-?\d+$/.test(seedText) && Number.isSafeInteger(Number(seedText))) extra.seed = Number(seedText);
  else problems.push({ field: 'seed', message: messages.seedInvalid });
}

/** The rows → `extra` keys; a bad, reserved or repeated name is a problem on `extra.<row>`. */
export function readExtraRows(rows: readonly ExtraRow[], reserved: readonly string[], extra: Record<string, unknown>, problems: Problem[], messages: ExtraMessages): void {
  const keys = new Set<string>();
  rows.forEach((row, index) => {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '') return; // an empty row is just unused
    const field = `extra.${index}`;
    if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(key)) problems.push({ field, message: messages.extraKeyInvalid });
    else if (reserved.includes(key)) problems.push({ field, message: messages.extraKeyReserved });
    else if (keys.has(key)) problems.push({ field, message: messages.extraKeyDuplicate });
    else {
      keys.add(key);
      extra[key] = parseExtraValue(row.value);
    }
  });
}

export function isExtraRow(v: unknown): v is ExtraRow {
  return typeof v === 'object' && v !== null && typeof (v as ExtraRow).key === 'string' && typeof (v as ExtraRow).value === 'string';
}

/** Stored rows, each checked (a damaged state gives no rows rather than bad ones). */
export function restoreExtraRows(v: unknown): ExtraRow[] {
  return Array.isArray(v) ? v.filter(isExtraRow).map((r) => ({ key: r.key, value: r.value })) : [];
}
