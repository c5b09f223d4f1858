// The comparisons of this workspace: what was asked (for "Compare again" and Retry) and which job was
// kept. The jobs themselves are tracker records whose origin names the group. Kept in workspace
// state, newest last, at most MAX_GROUPS. Light on purpose (no zod, no vscode): the Tasks view reads
// it from activation on. Stored values are read defensively; one that does not fit is dropped.
import { Emitter } from '../jobs/emitter';
import type { KeyValueStore } from '../jobs/types';
import { isCompareKind, type CompareForm } from './fields';

export const GROUPS_KEY = 'airforce.compare.groups';
export const MAX_GROUPS = 100;

export interface CompareGroup {
  id: string;
  /** The comparison as asked; `image` is the input image's source (a workspace path or an https URL), never bytes. */
  form: CompareForm;
  /** Unix seconds. */
  created: number;
  /** The local id of the job marked as the winner. */
  kept?: string;
}

export class CompareGroups {
  private readonly emitter = new Emitter<string>();
  /** Fires with the group's id when it is added or its winner changes. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly store: KeyValueStore) {}

  all(): CompareGroup[] {
    const raw = this.store.get<unknown>(GROUPS_KEY);
    return Array.isArray(raw) ? raw.flatMap((g) => (isGroup(g) ? [g] : [])) : [];
  }

  get(id: string): CompareGroup | undefined {
    return this.all().find((g) => g.id === id);
  }

  kept(id: string): string | undefined {
    return this.get(id)?.kept;
  }

  async add(group: CompareGroup): Promise<void> {
    const others = this.all().filter((g) => g.id !== group.id);
    await this.store.update(GROUPS_KEY, [...others, group].slice(-MAX_GROUPS));
    this.emitter.fire(group.id);
  }

  async setKept(id: string, localId: string | undefined): Promise<void> {
    const all = this.all();
    const group = all.find((g) => g.id === id);
    if (!group) return;
    if (localId === undefined) delete group.kept;
    else group.kept = localId;
    await this.store.update(GROUPS_KEY, all);
    this.emitter.fire(id);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

const str = (v: unknown): v is string => typeof v === 'string';
const optional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);
const int = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);

function isGroup(v: unknown): v is CompareGroup {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as Record<string, unknown>;
  const f = g.form as Record<string, unknown> | undefined;
  return (
    str(g.id) &&
    typeof g.created === 'number' &&
    optional(g.kept, str) &&
    typeof f === 'object' &&
    f !== null &&
    isCompareKind(f.kind) &&
    Array.isArray(f.models) &&
    f.models.every(str) &&
    str(f.prompt) &&
    optional(f.duration_seconds, int) &&
    optional(f.n, int) &&
    optional(f.aspect_ratio, str) &&
    optional(f.image, str)
  );
}
