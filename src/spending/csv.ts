// The history as CSV (RFC 4180: CRLF line ends, quotes doubled). Every text cell is quoted, so a
// spreadsheet that splits on `;` (Russian and Italian locales among others) or a tab never cuts a
// prompt into cells; and any cell that a spreadsheet would run as a formula (starts with = + - @, a
// tab or a carriage return) gets a leading single quote, whatever the separator: prompts come from
// anywhere. Files are named relative to the workspace, all of a job's files in its one row.
import * as path from 'node:path';
import type { JobRecord } from '../jobs/types';
import { jobCosts } from './spend';

export type Cell = string | number | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

const quoted = (text: string): string => `"${text.replace(/"/g, '""')}"`;

export function csvCell(value: Cell): string {
  if (value === undefined) return '';
  if (typeof value === 'number') {
    const text = Number.isFinite(value) ? String(value) : '';
    // A negative number would start with "-": kept as text rather than risk a formula.
    return FORMULA_START.test(text) ? quoted(`'${text}`) : text;
  }
  return quoted(FORMULA_START.test(value) ? `'${value}` : value);
}

export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const HISTORY_COLUMNS = ['created', 'kind', 'model', 'prompt', 'status', 'estimate_cents', 'settled_cents', 'billed', 'task_id', 'local_id', 'files'] as const;

/** Between the files of one job in the `files` cell (`|` never appears in a name we build). */
export const FILES_SEPARATOR = ' | ';

/** A saved file as the person finds it: relative to the workspace (forward slashes) when inside it. */
export function workspacePath(file: string, root: string | undefined): string {
  if (!root) return file;
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return file;
  return rel.split(path.sep).join('/');
}

/** Every file of a job, in order (`files` starts with `savedPath`; older records have only the latter). */
const jobFiles = (r: JobRecord): string[] => (r.files && r.files.length > 0 ? r.files : r.savedPath ? [r.savedPath] : []);

/**
 * One row per job, in the order given (the Tasks view's). estimate = the job's own figure before it
 * ended; settled = what a completed job cost, `billed` = yes when that is the server's X-Cost-Cents.
 * Failed, expired and unfinished jobs have no settled cost. `root`: the workspace folder.
 */
export function historyRows(records: readonly JobRecord[], root?: string): Cell[][] {
  const rows: Cell[][] = [[...HISTORY_COLUMNS]];
  for (const r of records) {
    const { estimate, settled, billed } = jobCosts(r);
    const files = jobFiles(r).map((f) => workspacePath(f, root));
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
      files.length > 0 ? files.join(FILES_SEPARATOR) : undefined,
    ]);
  }
  return rows;
}

export const historyCsv = (records: readonly JobRecord[], root?: string): string => toCsv(historyRows(records, root));
