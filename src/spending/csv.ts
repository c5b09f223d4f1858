// The history as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted,
// quotes doubled). A text cell that a spreadsheet would run as a formula (starts with = + - @, or a
// tab or carriage return) gets a leading single quote: prompts come from anywhere.
import type { TaskRecord } from '../tasks/types';
import { jobCosts } from './spend';

export type Cell = string | number | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const HISTORY_COLUMNS = [
  'created',
  'kind',
  'model',
  'prompt',
  'status',
  'estimate_cents',
  'settled_cents',
  'billed',
  'task_id',
  'local_id',
  'file',
] as const;

/**
 * One row per job, in the order given (the Tasks view's). estimate = the job's own figure before it
 * ended; settled = what a completed job cost, `billed` = yes when that is the server's X-Cost-Cents.
 * Failed, expired and unfinished jobs have no settled cost.
 */
export function historyRows(records: readonly TaskRecord[]): Cell[][] {
  const rows: Cell[][] = [[...HISTORY_COLUMNS]];
  for (const r of records) {
    const { estimate, settled, billed } = jobCosts(r);
    rows.push([
      new Date(r.created * 1000).toISOString(),
      r.kind,
      r.model,
      r.prompt,
      String(r.status),
      estimate,
      settled,
      settled === undefined ? undefined : billed ? 'yes' : 'no',
      r.taskId,
      r.localId,
      r.savedPath ?? r.files?.[0],
    ]);
  }
  return rows;
}

export const historyCsv = (records: readonly TaskRecord[]): string => toCsv(historyRows(records));
