// Job records and ledger files for the spending tests.
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JobRecord } from '../../../src/jobs/types';

/** A job sent from this machine (sentAt set), completed unless `patch` says otherwise. */
export function job(patch: Partial<JobRecord> = {}): JobRecord {
  return {
    localId: 'l1',
    kind: 'video',
    origin: { type: 'command' },
    model: 'wan-2.6',
    prompt: 'p',
    mode: 'text',
    duration_seconds: 5,
    extra: {},
    inputImageSources: [],
    status: 'completed',
    progress: 100,
    created: 1_700_000_000,
    sentAt: 1_700_000_000,
    ...patch,
  };
}

/** A fresh folder for ledger files; `cleanup` removes it. */
export function tempDir(): { dir: string; file: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'af-spend-'));
  return { dir, file: (name = 'spending.jsonl') => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A small RFC 4180 reader (CRLF records, quoted fields, doubled quotes): proves a CSV reads back.
 * `sep`: the separator a spreadsheet splits on (`;` in Russian and Italian locales).
 */
export function parseCsv(text: string, sep = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}
