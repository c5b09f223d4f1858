// Voice cloning: the consent text (public) whose hash a clone must carry, the clone itself
// (multipart: name, consent_hash, one `files` part per sample), rename and delete. A stale hash
// answers 400 `consent_stale`: ConsentStaleError, so the caller shows the new text and asks again.
// Cloned voices then appear in GET /v1/audio/voices (AudioApi.voices) like the stock ones.
import { AirforceError } from './http/errors';
import type { Http } from './http/http';
import { assertSafeTaskId } from './http/ids';
import { ClonedVoiceSchema, ConsentTextSchema, VoiceDeletedSchema, VoiceUpdatedSchema, type ClonedVoice, type ConsentText } from './schemas/mediaSchemas';
import { sendUpload, type UploadOptions } from './http/upload';

export const CONSENT_PATH = '/v1/voices/consent-text';
export const CLONE_PATH = '/v1/voices/clone';

export interface CloneRequest {
  name: string;
  /** The hash of the consent text the person accepted. */
  consent_hash: string;
  files: readonly string[];
  description?: string;
  /** JSON-encoded labels, as the API takes them. */
  labels?: string;
  remove_background_noise?: boolean;
}

/** The consent text changed since it was accepted: show `current` (fetched anew) and ask again. */
export class ConsentStaleError extends AirforceError {
  constructor(
    cause: AirforceError,
    readonly current: ConsentText | undefined,
  ) {
    super({
      message: 'The voice cloning consent text has changed: read the new text and accept it again. Nothing was cloned.',
      type: cause.type,
      code: 'consent_stale',
      status: cause.status,
      requestId: cause.requestId,
      apiMessage: cause.apiMessage,
      cause,
    });
    this.name = 'ConsentStaleError';
  }
}

export class VoiceCloneApi {
  constructor(private readonly http: Http) {}

  consentText(opts: { signal?: AbortSignal } = {}): Promise<ConsentText> {
    return this.http.json({ method: 'GET', path: CONSENT_PATH, signal: opts.signal, keyOptional: true }, ConsentTextSchema);
  }

  async clone(req: CloneRequest, opts: UploadOptions = {}): Promise<ClonedVoice & { requestId: string }> {
    if (req.files.length === 0)
      throw this.http.error({ message: 'At least one voice sample is needed; nothing was sent', type: 'invalid_request', code: 'missing_files', param: 'files' });
    if (req.name.trim() === '') throw this.http.error({ message: 'The voice needs a name; nothing was sent', type: 'invalid_request', code: 'missing_field', param: 'name' });
    const parts = [
      { name: 'name', value: req.name },
      { name: 'consent_hash', value: req.consent_hash },
      ...(req.description ? [{ name: 'description', value: req.description }] : []),
      ...(req.labels ? [{ name: 'labels', value: req.labels }] : []),
      ...(req.remove_background_noise === undefined ? [] : [{ name: 'remove_background_noise', value: String(req.remove_background_noise) }]),
      ...req.files.map((path) => ({ name: 'files', path })),
    ];
    try {
      const ex = await sendUpload(this.http, { path: CLONE_PATH, parts, subject: 'voice clone request', accept: 'application/json' }, opts);
      const voice = this.http.readAccepted(
        () => this.http.parse(ClonedVoiceSchema, ex, 'POST', CLONE_PATH),
        'The voice was probably cloned: look for it in the voice list before trying again.',
      );
      return { ...voice, requestId: ex.requestId };
    } catch (err) {
      if (err instanceof AirforceError && err.code === 'consent_stale') {
        const current = await this.consentText({ signal: opts.signal }).catch(() => undefined);
        throw new ConsentStaleError(err, current);
      }
      throw err;
    }
  }

  async rename(voiceId: string, change: { name?: string; description?: string }, opts: { signal?: AbortSignal } = {}): Promise<void> {
    assertSafeTaskId(voiceId);
    await this.http.json({ method: 'PATCH', path: `${CLONE_PATH}/${voiceId}`, body: JSON.stringify(change), signal: opts.signal }, VoiceUpdatedSchema);
  }

  async delete(voiceId: string, opts: { signal?: AbortSignal } = {}): Promise<boolean> {
    assertSafeTaskId(voiceId);
    const r = await this.http.json({ method: 'DELETE', path: `${CLONE_PATH}/${voiceId}`, signal: opts.signal }, VoiceDeletedSchema);
    return r.deleted;
  }
}
