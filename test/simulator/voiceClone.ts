// Voice cloning: GET /v1/voices/consent-text (public), POST /v1/voices/clone (multipart: name,
// consent_hash, repeated `files`), PATCH / DELETE /v1/voices/clone/:id. A hash that is not the
// current text's is refused with 400 consent_stale; the consent-stale fault first rotates the text.
import type { KeyRing } from './auth';
import { noteFault, reply, type RequestContext } from './context';
import { ApiError, invalid, notFound } from './errors';
import { parseJsonBody, route, type Route } from './http';
import { field, readUpload, type MediaDeps } from './media';

export function voiceCloneRoutes(d: MediaDeps & { keys: KeyRing }): Route<RequestContext>[] {
  const own = (owner: string, id: string) => {
    const v = d.media.voices.get(id);
    if (!v || v.owner !== owner) throw notFound(`Voice '${id}' not found.`, 'voice_not_found');
    return v;
  };
  return [
    route('GET', '/v1/voices/consent-text', (ctx) => {
      d.keys.optional(ctx.req);
      reply(ctx, 200, d.media.consent());
    }),

    route('POST', '/v1/voices/clone', async (ctx) => {
      const owner = d.keys.require(ctx.req);
      const form = await readUpload(ctx, d);
      const name = field(form, 'name', true);
      const hash = field(form, 'consent_hash', true);
      const samples = form.files.filter((f) => f.field === 'files');
      if (samples.length === 0) throw invalid("'files' is required: one or more audio samples.", 'missing_field', 'files');
      if (d.faults.take(['consent-stale'], ctx.match)) {
        noteFault(ctx, 'consent-stale');
        d.media.rotateConsent();
      }
      if (hash !== d.media.consent().hash) {
        throw new ApiError(400, 'invalid_request', 'The consent text has changed: fetch it again and accept the new text.', 'consent_stale', 'consent_hash');
      }
      const voice = { voice_id: d.media.newId('cv'), owner, name, description: field(form, 'description'), created_at: Math.floor(d.media.clock.now()) };
      d.media.voices.set(voice.voice_id, voice);
      reply(ctx, 200, { voice_id: voice.voice_id, name, status: 'active', created_at: voice.created_at });
    }),

    route('PATCH', '/v1/voices/clone/:id', (ctx, p) => {
      const voice = own(d.keys.require(ctx.req), p.id);
      const body = parseJsonBody(ctx.rawBody) as { name?: unknown; description?: unknown } | undefined;
      if (typeof body !== 'object' || body === null) throw invalid('The request body must be a JSON object.', 'invalid_body');
      if (body.name !== undefined) {
        if (typeof body.name !== 'string' || body.name.trim() === '') throw invalid("'name' must be a non-empty string.", 'invalid_value', 'name');
        voice.name = body.name;
      }
      if (typeof body.description === 'string') voice.description = body.description;
      reply(ctx, 200, { updated: true, voice_id: voice.voice_id });
    }),

    route('DELETE', '/v1/voices/clone/:id', (ctx, p) => {
      const voice = own(d.keys.require(ctx.req), p.id);
      d.media.voices.delete(voice.voice_id);
      reply(ctx, 200, { deleted: true, voice_id: voice.voice_id });
    }),
  ];
}
