// The JSON written next to each saved MP4: everything needed to generate the same video again,
// and nothing secret (no key, no image bytes, no pre-signed URL).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod/mini';
import { CreateVideoRequestSchema, VideoModeSchema, type CreateVideoRequest, looseObject } from '../api/schemas/schemas';
import { sidecarNameFor } from './fileNames';

export const SIDECAR_GENERATOR = 'airforce-media';
const MAX_SIDECAR_BYTES = 1024 * 1024;
// Keys the request builds itself; an `extra` entry must never replace them.
const CORE_KEYS = new Set(['model', 'prompt', 'mode', 'duration_seconds', 'aspect_ratio', 'quality', 'input_images']);

/** A workspace-relative path or an http(s) URL; base64 and data: URLs are refused. */
export const ImageSourceSchema = z.string().check(
  z.minLength(1),
  z.maxLength(4096),
  z.refine((s) => !/^data:/i.test(s.trim()), { message: 'input_images must hold sources, never image bytes' }),
);

const IsoDateSchema = z.iso.datetime({ offset: true });
// A server time `toISOString` cannot express (e.g. 1e20 s) is kept as the raw Unix seconds it was.
export const TimeSchema = z.union([IsoDateSchema, z.number()]);

// Values that came from the server are recorded as they came (a 5.5 s duration, a negative cost):
// the sidecar documents what happened, and "Generate again" only uses what the API accepts.
export const SidecarSchema = looseObject({
  /** Written since every kind has a sidecar; older video sidecars have none. */
  kind: z.optional(z.literal('video')),
  task_id: z.string().check(z.minLength(1)),
  /** The id Airforce knows the request by (a video's is its task id), as in the other kinds' sidecars. */
  request_id: z.optional(z.string().check(z.minLength(1))),
  model: z.string(),
  prompt: z.string(),
  mode: z.string(),
  duration_seconds: z.number(),
  aspect_ratio: z.optional(z.string()),
  quality: z.optional(z.string()),
  extra: z._default(z.record(z.string(), z.unknown()), {}),
  input_images: z._default(z.array(ImageSourceSchema), []),
  cost_cents: z.optional(z.number()),
  created: TimeSchema,
  completed: TimeSchema,
  /** Size of the saved MP4, so a later download can recognise the file as complete and reuse it. */
  result_bytes: z.optional(z.number()),
  result_file: z.string().check(
    z.minLength(1),
    z.refine((s) => !/[\\/]/.test(s), { message: 'result_file must be a bare file name' }),
  ),
  generator: z.literal(SIDECAR_GENERATOR),
});
export type Sidecar = z.infer<typeof SidecarSchema>;

/** What callers pass in (defaults for `extra` and `input_images` not yet applied). */
export type SidecarRecord = z.input<typeof SidecarSchema>;

/**
 * Writes `<mp4 stem>.json` next to the MP4 via a `wx` temp file and a link, so a reader never sees
 * half a file. An existing sidecar of ours is replaced; any other existing file is left alone (throws).
 * Returns the sidecar's path.
 */
export async function writeSidecar(mp4Path: string, record: SidecarRecord): Promise<string> {
  return writeSidecarJson(mp4Path, parseSidecar(record, 'The sidecar'));
}

/** Writes an already validated sidecar of any kind next to `resultPath` (see writeSidecar). */
export async function writeSidecarJson(resultPath: string, sidecar: object): Promise<string> {
  const target = path.join(path.dirname(resultPath), sidecarNameFor(resultPath));
  const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
  const handle = await fsp.open(temp, 'wx');
  try {
    try {
      await handle.writeFile(`${JSON.stringify(sidecar, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await placeSidecar(temp, target, path.basename(resultPath));
    return target;
  } finally {
    await fsp.unlink(temp).catch(() => undefined);
  }
}

async function placeSidecar(temp: string, target: string, resultFile: string): Promise<void> {
  try {
    await fsp.link(temp, target); // fails rather than replace
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const noLinks = code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP';
    if (code !== 'EEXIST' && !noLinks) throw e;
    if ((await exists(target)) && !(await isOurSidecar(target))) {
      throw new Error(`${path.basename(target)} already exists and is not an Airforce sidecar; left untouched.`);
    }
    // Ours, but another job's: never replaced while the file it describes is there.
    const other = await sidecarHolder(path.join(path.dirname(target), resultFile));
    if (other) throw new Error(`${path.basename(target)} already describes ${other}; left untouched.`);
  }
  // Replacing our own sidecar, or no hard links on this volume: an atomic rename.
  await fsp.rename(temp, target);
}

// A video sidecar that reads back, or one of the other kinds' (image, audio: jobs/sync/mediaSidecar.ts).
async function isOurSidecar(file: string): Promise<boolean> {
  try {
    await readSidecar(file);
    return true;
  } catch {
    try {
      const json = JSON.parse(await fsp.readFile(file, 'utf8')) as { generator?: unknown; kind?: unknown };
      return json.generator === SIDECAR_GENERATOR && typeof json.kind === 'string' && json.kind !== 'video';
    } catch {
      return false;
    }
  }
}

/**
 * The other file whose sidecar of ours holds the base name of `resultPath` (`x.json` describing a
 * present `x.png` holds `x.jpg`'s), or undefined when the name is free for a result and its sidecar.
 * A foreign JSON holds nothing (the result is saved, its sidecar left unwritten and logged); a
 * sidecar of ours whose file is gone is a leftover, replaced.
 */
export async function sidecarHolder(resultPath: string): Promise<string | undefined> {
  const dir = path.dirname(resultPath);
  const sidecar = path.join(dir, sidecarNameFor(resultPath));
  let described: unknown;
  try {
    if ((await fsp.lstat(sidecar)).size > MAX_SIDECAR_BYTES) return undefined;
    const json = JSON.parse(await fsp.readFile(sidecar, 'utf8')) as { generator?: unknown; result_file?: unknown };
    if (json.generator !== SIDECAR_GENERATOR) return undefined;
    described = json.result_file;
  } catch {
    return undefined; // missing, unreadable or not JSON: no sidecar of ours
  }
  if (typeof described !== 'string' || /[\\/]/.test(described) || described === path.basename(resultPath)) return undefined;
  return (await exists(path.join(dir, described))) ? described : undefined;
}

async function exists(file: string): Promise<boolean> {
  return fsp.lstat(file).then(
    () => true,
    () => false,
  );
}

/** Reads and validates a sidecar. Throws on a missing file, bad JSON or a failed schema check. */
export async function readSidecar(file: string): Promise<Sidecar> {
  const st = await fsp.stat(file);
  if (st.size > MAX_SIDECAR_BYTES) throw new Error(`${path.basename(file)} is too large to be a sidecar.`);
  const text = await fsp.readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path.basename(file)} is not valid JSON.`);
  }
  return parseSidecar(json, path.basename(file));
}

/** Validates with a readable message (one line per problem), never a raw zod dump. */
export function parseSidecar(value: unknown, name: string): Sidecar {
  const parsed = SidecarSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${name} is not an Airforce sidecar: ${problems}`);
  }
  return parsed.data;
}

export interface RerunRequest {
  /** The create body minus `input_images`: the caller loads the sources and adds them. */
  request: CreateVideoRequest;
  /** Workspace-relative paths or URLs, in the original order. */
  inputImageSources: string[];
}

/** "Generate again": the create request a sidecar describes. Extra keys never override core ones. */
export function sidecarToRequest(sidecar: Sidecar): RerunRequest {
  const extra = Object.fromEntries(Object.entries(sidecar.extra).filter(([k]) => !CORE_KEYS.has(k)));
  const mode = VideoModeSchema.safeParse(sidecar.mode);
  const duration = sidecar.duration_seconds;
  const request = CreateVideoRequestSchema.parse({
    ...extra,
    model: sidecar.model,
    prompt: sidecar.prompt,
    ...(mode.success ? { mode: mode.data } : {}),
    ...(Number.isInteger(duration) && duration > 0 ? { duration_seconds: duration } : {}),
    ...(sidecar.aspect_ratio !== undefined ? { aspect_ratio: sidecar.aspect_ratio } : {}),
    ...(sidecar.quality !== undefined ? { quality: sidecar.quality } : {}),
  });
  return { request, inputImageSources: [...sidecar.input_images] };
}

/**
 * Input image sources as a sidecar records them: a local path relative to the workspace root (so
 * the sidecar survives moving the folder, and names no home directory), a URL as it is.
 */
export function workspaceRelative(sources: readonly string[], root: string | undefined): string[] {
  return sources.map((s) => (root && path.isAbsolute(s) ? path.relative(root, s).split(path.sep).join('/') : s));
}

/** Unix seconds as an ISO string, or the seconds themselves when no date can express them. */
export function unixTime(seconds: number): string | number {
  return isoOr(seconds * 1000, Number.isFinite(seconds) ? seconds : 0);
}

// Years past 9999 format as "+010000-…", which is no ISO date either: those keep the raw seconds too.
export function isoOr(ms: number, raw: number): string | number {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return raw;
  const iso = date.toISOString();
  return IsoDateSchema.safeParse(iso).success ? iso : raw;
}
