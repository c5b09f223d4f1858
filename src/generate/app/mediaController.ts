// The image/speech/music/sfx side of the app: the kind switch, the media form's actions, and the
// host messages that feed it (models, voices, previews, recent prompts, prefills).
import type { Model } from '../../api/schemas/schemas';
import type { HostMessage, MediaPrefill, ImageItem } from '../protocol';
import type { MediaKind, PanelKind } from '../protocolConstants';
import type { App } from './appState';
import { pickModel } from './formCommon';
import { createImageActions, shrinkThumbs } from './imageActions';
import { keepKnownImages } from './imageList';
import { applyMediaPrefill, isMediaKind, limitMediaForm, takesImages, type MediaForm } from './mediaForm';
import { SYNC_KIND_IDS } from '../../kinds';
import type { MediaFormActions, MediaFormViewModel } from './mediaFormView';
import { buildMediaRequest, mediaCost, mediaProblems, modelsOfKind } from './mediaRequest';

export interface MediaController {
  actions: MediaFormActions;
  /** Switches the form to a kind (a tab, the host, "New image"…). */
  selectKind(kind: PanelKind, tell: boolean): void;
  /** Handles the media messages; false for the others. */
  receive(message: HostMessage): boolean;
  viewModel(kind: MediaKind): MediaFormViewModel;
  applyPrefill(kind: MediaKind, prefill: MediaPrefill, images: ImageItem[]): void;
  /** After VS Code reloaded: drop image tokens the new host does not know. */
  keepKnown(tokens: ReadonlySet<string>): boolean;
  /** `init`: the models (null while the host loads them), the model per kind to start from, the default voice. */
  init(models: Model[] | null, defaults: Partial<Record<MediaKind, string>>, defaultVoice: string | undefined): void;
}

export function createMediaController(app: App, focusFirstInvalid: () => void): MediaController {
  const { session, runtime } = app;
  const modelOf = (kind: MediaKind, form: MediaForm = session.media[kind]): Model | undefined =>
    runtime.mediaModels === null ? undefined : modelsOfKind(runtime.mediaModels, kind).find((m) => m.id === form.model);
  const active = (): MediaKind | undefined => (isMediaKind(session.kind) ? session.kind : undefined);

  function problems(kind: MediaKind) {
    // Before the models arrive, only the form's own rules apply (the model check would only say "loading").
    if (runtime.mediaModels === null) return buildMediaRequest(kind, session.media[kind], app.messages).problems;
    return mediaProblems(kind, session.media[kind], modelOf(kind), app.messages);
  }

  /** Asks the host for a speech model's voices once; they come back as `voices` or `voicesError`. */
  function syncVoices(): void {
    const model = session.kind === 'speech' ? modelOf('speech') : undefined;
    if (!model || runtime.voices.has(model.id)) return;
    runtime.voices.set(model.id, { status: 'loading' });
    app.post({ type: 'requestVoices', model: model.id });
  }

  /** Every kind's model: the current one if still offered, else the remembered one, else the first. */
  function pickModels(): void {
    if (runtime.mediaModels === null) return;
    for (const kind of SYNC_KIND_IDS) {
      const models = modelsOfKind(runtime.mediaModels, kind);
      const id = pickModel(
        models.map((m) => m.id),
        session.media[kind].model,
        runtime.mediaDefaults[kind],
      );
      const model = models.find((m) => m.id === id);
      const form = { ...session.media[kind], model: id };
      session.media[kind] = model ? limitMediaForm(kind, form, model) : form;
    }
    syncVoices();
  }

  function change(mutate: (f: MediaForm) => MediaForm, touched?: string): void {
    const kind = active();
    if (!kind) return;
    const next = mutate(session.media[kind]);
    if (touched) runtime.touched.add(touched);
    // A host refusal stays until the form changes (leaving the prompt is no change: the budget's button stays clickable).
    if (next !== session.media[kind]) runtime.hostProblems = [];
    session.media[kind] = next;
    app.render();
  }

  const actions: MediaFormActions = {
    ...createImageActions(app),
    change,
    selectModel(id) {
      const kind = active();
      if (!kind) return;
      const model = modelOf(kind, { ...session.media[kind], model: id });
      session.media[kind] = model ? limitMediaForm(kind, { ...session.media[kind], model: id }, model) : { ...session.media[kind], model: id };
      runtime.hostProblems = [];
      app.post({ type: 'rememberMediaModel', kind, model: id });
      syncVoices();
      app.render();
    },
    setDefaultModel(id) {
      const kind = active();
      if (kind) app.post({ type: 'setDefaultModel', model: id, kind });
    },
    requestModels(refresh) {
      if (refresh) {
        runtime.mediaModels = null;
        runtime.mediaModelsError = undefined;
        runtime.voices.clear();
        app.render();
      }
      app.post({ type: 'requestMediaModels', refresh });
    },
    generate() {
      const kind = active();
      if (!kind) return;
      const found = problems(kind);
      const model = modelOf(kind);
      if (found.length > 0 || !model || runtime.busy) {
        for (const p of found) runtime.touched.add(p.field === 'input' ? 'prompt' : p.field);
        app.render();
        focusFirstInvalid();
        return;
      }
      const built = buildMediaRequest(kind, session.media[kind], app.messages, model);
      runtime.hostProblems = [];
      app.post({ type: 'generateMedia', kind, request: built.request, images: built.images });
    },
    retryVoices() {
      const model = modelOf('speech');
      if (!model) return;
      runtime.voices.delete(model.id);
      syncVoices();
      app.render();
    },
    previewVoice(voiceId) {
      runtime.preview = { voiceId };
      app.post({ type: 'previewVoice', voiceId });
      app.render();
    },
    clearRecentPrompts() {
      app.post({ type: 'clearRecentPrompts', kind: session.kind });
    },
    raiseBudget() {
      app.post({ type: 'openBudgetSetting' });
    },
  };

  function selectKind(kind: PanelKind, tell: boolean): void {
    if (session.kind !== kind) {
      session.kind = kind;
      runtime.hostProblems = [];
      runtime.touched.clear();
      runtime.imageNotices = [];
      runtime.urlDraft = '';
      runtime.urlInvalid = false;
      if (tell) app.post({ type: 'setKind', kind });
    }
    syncVoices();
  }

  function receive(message: HostMessage): boolean {
    switch (message.type) {
      case 'mediaModels':
        runtime.mediaModels = message.models;
        runtime.mediaModelsError = undefined;
        runtime.mediaDefaults = message.defaults;
        pickModels();
        return true;
      case 'mediaModelsError':
        runtime.mediaModelsError = message.message;
        return true;
      case 'kind':
        selectKind(message.kind, false);
        session.view = 'form';
        return true;
      case 'voices': {
        runtime.voices.set(message.model, { status: 'ready', voices: message.voices });
        const speech = session.media.speech;
        // The person's voice if this model has it, else the airforce.defaultVoice setting's, else the first.
        const has = (id: string | undefined): boolean => message.voices.some((v) => v.voice_id === id);
        if (speech.model === message.model && !has(speech.voice)) {
          const voice = has(runtime.defaultVoice) ? runtime.defaultVoice : message.voices[0]?.voice_id;
          session.media.speech = { ...speech, voice: voice ?? '' };
        }
        return true;
      }
      case 'voicesError':
        runtime.voices.set(message.model, { status: 'error', message: message.message });
        return true;
      case 'voicePreview':
      case 'voicePreviewError':
        if (runtime.preview?.voiceId === message.voiceId) {
          runtime.preview = message.type === 'voicePreview' ? { voiceId: message.voiceId, uri: message.uri } : { voiceId: message.voiceId, error: message.message };
        }
        return true;
      case 'recentPrompts':
        runtime.recentPrompts = { ...runtime.recentPrompts, [message.kind]: message.prompts };
        return true;
      default:
        return false;
    }
  }

  function viewModel(kind: MediaKind): MediaFormViewModel {
    const form = session.media[kind];
    const model = modelOf(kind);
    const voices = kind === 'speech' && model ? runtime.voices.get(model.id) : undefined;
    return {
      kind,
      form,
      models: runtime.mediaModels === null ? null : modelsOfKind(runtime.mediaModels, kind),
      ...(runtime.mediaSettings[kind] !== undefined ? { defaultModel: runtime.mediaSettings[kind] } : {}),
      ...(runtime.mediaModelsError !== undefined ? { modelsError: runtime.mediaModelsError } : {}),
      ...(voices ? { voices } : {}),
      ...(runtime.preview ? { preview: runtime.preview } : {}),
      cost: mediaCost(kind, form, model, app.messages),
      takesImages: model === undefined || takesImages(model),
      confirmCostAboveCents: runtime.confirmCostAboveCents,
      busy: runtime.busy,
      problems: problems(kind),
      hostProblems: runtime.hostProblems,
      touched: runtime.touched,
      imageNotices: runtime.imageNotices,
      urlDraft: runtime.urlDraft,
      urlInvalid: runtime.urlInvalid,
      recentPrompts: runtime.recentPrompts[kind] ?? [],
    };
  }

  function applyPrefill(kind: MediaKind, prefill: MediaPrefill, images: ImageItem[]): void {
    let form = applyMediaPrefill(kind, session.media[kind], prefill, images);
    const model = modelOf(kind, form);
    if (model) form = limitMediaForm(kind, form, model);
    session.media[kind] = form;
    void shrinkThumbs(app, images);
    syncVoices();
  }

  function keepKnown(tokens: ReadonlySet<string>): boolean {
    const image = session.media.image;
    const kept = keepKnownImages(image.images, tokens);
    if (kept.length === image.images.length) return false;
    session.media.image = { ...image, images: kept };
    return true;
  }

  function init(models: Model[] | null, defaults: Partial<Record<MediaKind, string>>, defaultVoice: string | undefined): void {
    runtime.mediaDefaults = defaults;
    runtime.defaultVoice = defaultVoice;
    if (models) receive({ type: 'mediaModels', models, defaults });
  }

  return { actions, selectKind, receive, viewModel, applyPrefill, keepKnown, init };
}
