// Values put into the panel's form: a command's arguments, or a record for "Generate again". Images
// are checked like any dropped file (where they lie, what their bytes are) before the form gets tokens.
import type { TaskRecord } from '../tasks/types';
import type { PanelInit } from './panelHost';
import type { PanelImageInput } from './panelImageInput';
import { recordImageSources } from './panelImages';
import type { HostMessage, Prefill } from './protocol';

/** The `prefill` message, and an `imagesAdded` naming the images that were refused, if any. */
export async function prefillMessages(images: PanelImageInput, init: PanelInit): Promise<HostMessage[]> {
  const { images: sources, ...rest } = init;
  const values: Prefill = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) (values as Record<string, unknown>)[key] = value;
  const resolved = await images.resolve(sources ?? []);
  const messages: HostMessage[] = [{ type: 'prefill', values, images: resolved.images }];
  if (resolved.rejected.length > 0) messages.push({ type: 'imagesAdded', images: [], rejected: resolved.rejected });
  return messages;
}

/** A record as form values; its local sources are checked like any workspace file. */
export function initFromRecord(r: TaskRecord): PanelInit {
  const mode = r.mode === 'image' || r.mode === 'reference' ? r.mode : 'text';
  return {
    model: r.model,
    mode,
    prompt: r.prompt,
    duration_seconds: r.duration_seconds,
    ...(r.aspect_ratio ? { aspect_ratio: r.aspect_ratio } : {}),
    ...(r.quality ? { quality: r.quality } : {}),
    extra: r.extra,
    images: recordImageSources(r).map((source) => ({ source })),
  };
}
