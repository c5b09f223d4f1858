// A comparison as the grid shows it: the cards (compare/cards.ts) with each saved file as a webview
// URI the host resolved. No vscode import: `playable` (stat + asWebviewUri) is handed in.
import type { Model } from '../../api/schemas/schemas';
import { canKeep, canRetry, cardsOf, savedFilesOf } from '../cards';
import { unsupportedFields } from '../fields';
import type { CompareGroup } from '../groupStore';
import type { JobRecord } from '../../jobs/types';
import { fileMedia } from '../../generate/jobViewData';
import type { CardFile, CardView, GroupView } from '../constants';

export interface GroupViewDeps {
  endedAt(r: JobRecord): number | undefined;
  /** The file's webview URI, or undefined when it is gone. */
  playable(file: string): Promise<string | undefined>;
}

export async function groupView(group: CompareGroup, records: readonly JobRecord[], models: readonly Model[], deps: GroupViewDeps): Promise<GroupView> {
  const byId = new Map(models.map((m) => [m.id, m]));
  const unsupported = (id: string) => {
    const m = byId.get(id);
    return m ? unsupportedFields(group.form, m) : [];
  };
  const byLocalId = new Map(records.map((r) => [r.localId, r]));
  const cards: CardView[] = [];
  for (const card of cardsOf(group, records, unsupported, deps.endedAt)) {
    const view: CardView = { model: card.model, unsupported: card.unsupported, canRetry: canRetry(card.job), canKeep: canKeep(card.job) };
    if (card.job) {
      const { fileCount: _count, ...job } = card.job;
      const record = byLocalId.get(job.localId);
      view.job = { ...job, files: record ? await filesOf(record, deps) : [] };
      // A video waiting in the local queue has no figure of its own yet: its price from the model's caps.
      const caps = byId.get(card.model)?.video_caps;
      if (view.job.estimateCents === undefined && record?.kind === 'video' && caps) view.job.estimateCents = record.duration_seconds * caps.price_per_second_cents;
    }
    cards.push(view);
  }
  return { id: group.id, kind: group.form.kind, prompt: group.form.prompt, cards };
}

async function filesOf(r: JobRecord, deps: GroupViewDeps): Promise<CardFile[]> {
  const out: CardFile[] = [];
  for (const file of savedFilesOf(r)) {
    const uri = (await deps.playable(file)) ?? '';
    out.push({ uri, name: file.split(/[\\/]/).pop() ?? '', media: fileMedia(file) });
  }
  return out;
}
