// The part of the Generate app's persisted state (setState) the host reads after a reload: which
// task it showed. Browser-safe zod; protocol.ts re-exports it.
import * as z from 'zod/mini';
import { looseObject } from '../api/schemas/schemas';

/**
 * What the app stores with setState (and the serializer hands back after a reload). The host reads
 * only `localId`, to show the same task again; everything else belongs to the app.
 */
export const PersistedLocalIdSchema = looseObject({ view: z.optional(z.enum(['form', 'task'])), localId: z.optional(z.string()) });

export function localIdFromState(state: unknown): string | undefined {
  const parsed = PersistedLocalIdSchema.safeParse(state);
  return parsed.success && parsed.data.view === 'task' ? parsed.data.localId : undefined;
}
