// Values put into the panel's form: a command's arguments, a record for "Generate again", or a saved
// image for "Animate this image". Images are checked like any dropped file (where they lie, what their
// bytes are) before the form gets tokens. A picture handed to a form brings its own prompt (or none),
// never the form's previous, unrelated one.
import { isOperation } from '../../kinds';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { sidecarNameFor } from '../../io/fileNames';
import { SIDECAR_GENERATOR } from '../../io/sidecar';
import { isImagePath } from './images';
import { syncRequestFields } from '../../jobs/sync/record';
import type { JobRecord } from '../../jobs/types';
import { savedFileAt } from './fileActions';
import type { PanelInit } from './panelHost';
import type { PanelImageInput } from './imageInput';
import { recordImageSources } from './images';
import type { HostMessage, MediaPrefill, Prefill } from '../protocol';

/** The `prefill` message (always naming its kind), and an `imagesAdded` naming the refused images, if any. */
export async function prefillMessages(images: PanelImageInput, init: PanelInit): Promise<HostMessage[]> {
  const { images: sources, kind, media, operation, ...rest } = init;
  const values: Prefill = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) (values as Record<string, unknown>)[key] = value;
  const resolved = await images.resolve(sources ?? []);
  const messages: HostMessage[] = [{ type: 'prefill', values, images: resolved.images, kind: kind ?? 'video', ...(media ? { media } : {}), ...(operation ? { operation } : {}) }];
  if (resolved.rejected.length > 0) messages.push({ type: 'imagesAdded', images: [], rejected: resolved.rejected });
  return messages;
}

/** A record as form values of its kind; its local sources are checked like any workspace file. */
export function initFromRecord(r: JobRecord): PanelInit {
  const images = recordImageSources(r).map((source) => ({ source }));
  if (isOperation(r.kind)) throw new Error('An operation on a workspace file is run again by its command.');
  if (r.kind !== 'video') return { kind: r.kind, media: mediaPrefillOf(syncRequestFields(r)), images };
  const mode = r.mode === 'image' || r.mode === 'reference' ? r.mode : 'text';
  return {
    kind: 'video',
    model: r.model,
    mode,
    prompt: r.prompt,
    duration_seconds: r.duration_seconds,
    ...(r.aspect_ratio ? { aspect_ratio: r.aspect_ratio } : {}),
    ...(r.quality ? { quality: r.quality } : {}),
    extra: r.extra,
    images,
  };
}

const TEXT_FIELDS = ['model', 'prompt', 'input', 'aspect_ratio', 'voice', 'response_format'] as const;
const NUMBER_FIELDS = ['n', 'seed', 'speed', 'music_length_ms', 'duration_seconds', 'prompt_influence'] as const;

/** A sync request's fields as the media form's values; the form's own fields typed, the rest as extras. */
export function mediaPrefillOf(fields: Record<string, unknown>): MediaPrefill {
  const out: MediaPrefill = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || key === 'input_images' || key === 'sse') continue;
    if ((TEXT_FIELDS as readonly string[]).includes(key) && typeof value === 'string') (out as Record<string, unknown>)[key] = value;
    else if ((NUMBER_FIELDS as readonly string[]).includes(key) && typeof value === 'number') (out as Record<string, unknown>)[key] = value;
    else extra[key] = value;
  }
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

/**
 * "Animate this image": the saved image `index` of an image job (resolved through the record, never
 * a path from the webview) as the video form's first frame. Undefined when the record has no such image.
 */
export function animateInit(r: JobRecord | undefined, index: number): PanelInit | undefined {
  const file = r?.kind === 'image' ? savedFileAt(r, index) : undefined;
  if (!file || !isImagePath(file)) return undefined;
  // Saved by the extension itself: admitted like a picked file (the registry still checks its bytes).
  return { kind: 'video', mode: 'image', prompt: r!.prompt, images: [{ source: file, picked: true }] };
}

/** Sidecars are small; anything bigger is not one of ours. */
const MAX_SIDECAR_BYTES = 1024 * 1024;

/**
 * The prompt a picture was made with, read from the sidecar this extension wrote beside it (same
 * base name, naming this very file); '' for any other picture, so the form starts empty.
 */
export async function ownPrompt(file: string): Promise<string> {
  try {
    const sidecar = path.join(path.dirname(file), sidecarNameFor(file));
    if ((await fsp.stat(sidecar)).size > MAX_SIDECAR_BYTES) return '';
    const json = JSON.parse(await fsp.readFile(sidecar, 'utf8')) as { generator?: unknown; result_file?: unknown; prompt?: unknown };
    const ours = json.generator === SIDECAR_GENERATOR && json.result_file === path.basename(file);
    return ours && typeof json.prompt === 'string' ? json.prompt : '';
  } catch {
    return ''; // no sidecar, or not one that can be read: no prompt
  }
}
