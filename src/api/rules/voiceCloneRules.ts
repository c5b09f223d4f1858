// The rules of cloning a voice that need no server: which files may be samples (the media types the
// workspace-media operations take: kinds.ts MEDIA_SOURCE_EXTENSIONS, validationMedia.ts isMediaSource),
// what a request object must carry before anything is fetched or sent, and which voices of
// GET /v1/audio/voices are the caller's own. Problems are codes (the host words them). Browser-safe.
import { MEDIA_SOURCE_EXTENSIONS } from '../../kinds';
import { isMediaSource } from './validationMedia';

/** The sample types: the Explorer menu's `resourceExtname` pattern in package.json lists the same. */
export const SAMPLE_EXTENSIONS: readonly string[] = MEDIA_SOURCE_EXTENSIONS;

export const isSampleFile = (file: string): boolean => isMediaSource(file);

/** A file's base name without its extension: the name offered for a voice made from it. */
export function sampleBaseName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export type CloneProblem =
  | { code: 'name.missing' }
  | { code: 'files.missing' }
  /** An entry of `files` that is no local file (the host passes a path for each `file:` Uri). */
  | { code: 'files.notFile'; index: number }
  | { code: 'files.type'; file: string }
  | { code: 'consent.missing' };

/** The request object as the host hands it over: `files` already turned into paths where it could. */
export interface CloneCandidate {
  name?: unknown;
  files?: unknown;
  acceptConsent?: unknown;
}

/**
 * What keeps a request object from being sent, in the order a person fixes them: the consent first
 * (nothing else matters without it), then the name, then the files. `acceptConsent` must be exactly
 * `true`: a truthy string or 1 is not an acceptance.
 */
export function cloneRequestProblems(req: CloneCandidate): CloneProblem[] {
  const problems: CloneProblem[] = [];
  if (req.acceptConsent !== true) problems.push({ code: 'consent.missing' });
  if (typeof req.name !== 'string' || req.name.trim() === '') problems.push({ code: 'name.missing' });
  const files = Array.isArray(req.files) ? (req.files as unknown[]) : [];
  if (files.length === 0) problems.push({ code: 'files.missing' });
  files.forEach((file, index) => {
    if (typeof file !== 'string' || file === '') problems.push({ code: 'files.notFile', index });
    else if (!isSampleFile(file)) problems.push({ code: 'files.type', file });
  });
  return problems;
}

/**
 * A voice the caller cloned. The docs do not say how GET /v1/audio/voices marks one; the voice
 * object's optional `category` reading "cloned" is the one plausible marker (the simulator sends it).
 * A voice without a category is a stock voice, never "mine".
 */
export const isClonedVoice = (voice: { category?: string | null }): boolean => typeof voice.category === 'string' && voice.category.trim().toLowerCase() === 'cloned';
