// Which task a command means: what a tree menu passes (the row's local id), a server task id, or an
// object carrying either (the panel, scripts).
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import type { JobRecord } from '../jobs/types';

export function taskRef(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { localId?: unknown; taskId?: unknown; id?: unknown };
    for (const v of [o.localId, o.taskId, o.id]) if (typeof v === 'string') return v;
  }
  return undefined;
}

/** The record, or a clear error naming what was asked for. */
export function findTask(af: Pick<Airforce, 'tracker'>, arg: unknown): JobRecord {
  const ref = taskRef(arg);
  const record = ref ? af.tracker.get(ref) : undefined;
  if (!record) throw new Error(vscode.l10n.t('Airforce: no such task ({0}).', ref ?? String(arg)));
  return record;
}
