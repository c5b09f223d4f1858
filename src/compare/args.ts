// The shape of `airforce.compareModels({kind, models, prompt, …shared fields})` before any model is
// looked up: the kind, 2–4 distinct model ids, a prompt, and only the shared fields of that kind.
// Whether each model allows each value is the batch check's job (it names the model and the field).
// Pure.
import { isCompareKind, MAX_MODELS, MAX_PROMPT_CHARS, MIN_MODELS, SHARED_FIELDS, type CompareForm } from './fields';

export type ParsedCompare = { ok: true; form: CompareForm } | { ok: false; message: string };

const ID_MAX = 200;

export function parseCompareArgs(raw: Record<string, unknown>): ParsedCompare {
  const { kind, models, prompt, ...rest } = raw;
  if (!isCompareKind(kind)) return fail(`kind must be "video" or "image" (got ${JSON.stringify(kind) ?? 'nothing'})`);
  if (!Array.isArray(models) || models.length < MIN_MODELS || models.length > MAX_MODELS) {
    return fail(`models must list ${MIN_MODELS} to ${MAX_MODELS} model ids`);
  }
  if (!models.every((m): m is string => typeof m === 'string' && m.trim() !== '' && m.length <= ID_MAX)) {
    return fail('models must be model ids (non-empty strings)');
  }
  if (new Set(models).size !== models.length) return fail('models must not name a model twice');
  if (typeof prompt !== 'string' || prompt.trim() === '') return fail('prompt must describe what to generate (it is empty)');
  if (prompt.length > MAX_PROMPT_CHARS) return fail(`prompt must be at most ${MAX_PROMPT_CHARS} characters`);

  const allowed = new Set<string>(SHARED_FIELDS[kind]);
  const form: CompareForm = { kind, models: [...models], prompt };
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || value === null || value === '') continue;
    if (!allowed.has(key)) return fail(`${key} is not a shared field of a ${kind} comparison (use ${[...allowed].join(', ')})`);
    if (key === 'image') {
      if (typeof value !== 'string') return fail('image must be a workspace path or an https URL');
      form.image = value;
    } else if (key === 'aspect_ratio') {
      if (typeof value !== 'string') return fail('aspect_ratio must be a string such as "16:9"');
      form.aspect_ratio = value;
    } else {
      // Whole numbers; a string "8" from a settings file reads as 8.
      const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) return fail(`${key} must be a whole number`);
      form[key as 'duration_seconds' | 'n'] = n;
    }
  }
  return { ok: true, form };
}

function fail(message: string): ParsedCompare {
  return { ok: false, message: `Compare Models: ${message}.` };
}
