// The forms' controller, one for every kind: the kind switch, the form's actions (edit, model,
// Generate, voices, recent prompts, an operation's file), and the host messages that feed the forms
// (model lists, default models, voices, previews, recent prompts, prefills, chosen files). The
// per-kind rules sit in formModel.ts.
import type { Model } from '../../api/schemas/schemas';
import type { HostMessage, ModelList, Problem } from '../protocol';
import { isPanelOperation, type PanelKind } from '../protocolConstants';
import { isKind } from '../../kinds';
import type { App } from './appState';
import { pickModel } from './formCommon';
import { createImageActions, shrinkThumbs } from './imageActions';
import { takesImages } from './mediaForm';
import { formCost, formProblems, generateMessage, keepKnownForms, keepKnownMedia, kindModels, listKinds, withModel, withPrefill, type AnyForm, type Forms } from './formModel';
import type { FormActions, FormViewModel } from './formView';
import { createMediaActions } from './operationActions';
import type { OperationActions } from './operationView';

type Init = Extract<HostMessage, { type: 'init' }>;
type Prefill = Extract<HostMessage, { type: 'prefill' }>;

export interface FormController {
  actions: FormActions<AnyForm>;
  /** The operation forms' actions (the same edit, model and Generate, and the file's). */
  operationActions: OperationActions;
  /** Switches the form to a kind (a tab, the host, "New image"…). */
  selectKind(kind: PanelKind, tell: boolean): void;
  /** `init`: the settings, the default voice and the model lists loaded so far. */
  init(message: Init): void;
  /** Handles the forms' messages; false for the others. */
  receive(message: HostMessage): boolean;
  viewModel<K extends PanelKind>(kind: K): FormViewModel<Forms[K]>;
  applyPrefill(message: Prefill): void;
  /** After VS Code reloaded: drop image tokens the new host does not know; true if any went. */
  keepKnown(tokens: ReadonlySet<string>): boolean;
  /** The same for the operation forms' files and the media tokens. */
  keepKnownMedia(tokens: ReadonlySet<string>): boolean;
}

/** The kinds whose form has a voice: speech (the model's voices) and the voice changer (the account's). */
const VOICE_KINDS = ['speech', 'voiceChange'] as const;
type VoiceKind = (typeof VOICE_KINDS)[number];
const hasVoice = (kind: PanelKind): kind is VoiceKind => (VOICE_KINDS as readonly string[]).includes(kind);

export function createFormController(app: App, focusFirstInvalid: () => void): FormController {
  const { session, runtime } = app;
  const modelOf = (kind: PanelKind, id: string = session.forms[kind].model): Model | undefined => runtime.models[kind]?.find((m) => m.id === id);

  function problems(kind: PanelKind): Problem[] {
    return formProblems(session.forms, kind, modelOf(kind), runtime.models[kind] !== null, app.messages);
  }

  /** Asks the host for a speech (or voice changer) model's voices once; they come back as `voices` or `voicesError`. */
  function syncVoices(): void {
    const model = hasVoice(session.kind) ? modelOf(session.kind) : undefined;
    if (!model || runtime.voices.has(model.id)) return;
    runtime.voices.set(model.id, { status: 'loading' });
    app.post({ type: 'requestVoices', model: model.id });
  }

  /** A model list arrived: each of its kinds keeps its model if still offered, else the default, else the first. */
  function setModels(list: ModelList): void {
    for (const kind of list.kinds) {
      const models = kindModels(kind, list.models);
      runtime.models[kind] = models;
      delete runtime.modelsError[kind];
      const id = pickModel(
        models.map((m) => m.id),
        session.forms[kind].model,
        list.defaults[kind],
      );
      session.forms = withModel(
        session.forms,
        kind,
        id,
        models.find((m) => m.id === id),
      );
    }
    // Video starts from its setting alone, so its "Default model" follows the list.
    if (list.kinds.includes('video')) runtime.settings = { ...runtime.settings, video: list.defaults.video };
    syncVoices();
  }

  const actions: FormActions<AnyForm> = {
    ...createImageActions(app),
    change(mutate, touched) {
      const { kind, forms } = session;
      const next = mutate(forms[kind]);
      if (touched) runtime.touched.add(touched);
      // A host refusal stays until the form changes (leaving the prompt is no change: the budget's button stays clickable).
      if (next !== forms[kind]) runtime.hostProblems = [];
      session.forms = { ...forms, [kind]: next };
      app.render();
    },
    selectModel(id) {
      const { kind } = session;
      session.forms = withModel(session.forms, kind, id, modelOf(kind, id));
      runtime.hostProblems = [];
      // Video's model stays in its form; the other kinds' (and the operations') is remembered across windows too.
      if (kind !== 'video') app.post({ type: 'rememberModel', kind, model: id });
      syncVoices();
      app.render();
    },
    setDefaultModel(id) {
      if (isKind(session.kind)) app.post({ type: 'setDefaultModel', kind: session.kind, model: id });
    },
    requestModels(refresh) {
      const kinds = listKinds(session.kind);
      if (refresh) {
        for (const kind of kinds) {
          runtime.models[kind] = null;
          delete runtime.modelsError[kind];
        }
        if (kinds.includes('speech')) runtime.voices.clear();
        app.render();
      }
      app.post({ type: 'requestModels', kind: session.kind, refresh });
    },
    generate() {
      const { kind } = session;
      const found = problems(kind);
      const model = modelOf(kind);
      if (found.length > 0 || !model || runtime.busy || runtime.improving) {
        for (const p of found) runtime.touched.add(p.field === 'input' ? 'prompt' : p.field);
        app.render();
        focusFirstInvalid();
        return;
      }
      runtime.hostProblems = [];
      app.post(generateMessage(session.forms, kind, model, app.messages));
    },
    retryVoices() {
      const model = modelOf(session.kind === 'voiceChange' ? 'voiceChange' : 'speech');
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
      if (isKind(session.kind)) app.post({ type: 'clearRecentPrompts', kind: session.kind });
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
      runtime.mediaNotices = [];
      runtime.urlDraft = '';
      runtime.urlInvalid = false;
      if (tell) app.post({ type: 'setKind', kind });
    }
    syncVoices();
  }

  function init(message: Init): void {
    runtime.settings = message.settings;
    runtime.defaultVoice = message.defaultVoice;
    for (const list of message.lists) setModels(list);
  }

  function receive(message: HostMessage): boolean {
    switch (message.type) {
      case 'models':
        setModels(message);
        return true;
      case 'modelsError':
        for (const kind of message.kinds) runtime.modelsError[kind] = message.message;
        return true;
      case 'defaultModel':
        runtime.settings = { ...runtime.settings, [message.kind]: message.model };
        return true;
      case 'kind':
        selectKind(message.kind, false);
        session.view = 'form';
        return true;
      case 'voices': {
        runtime.voices.set(message.model, { status: 'ready', voices: message.voices });
        // The person's voice if this model has it, else the airforce.defaultVoice setting's, else the first.
        const has = (id: string | undefined): boolean => message.voices.some((v) => v.voice_id === id);
        for (const kind of VOICE_KINDS) {
          const form = session.forms[kind];
          if (form.model !== message.model || has(form.voice)) continue;
          const voice = has(runtime.defaultVoice) ? runtime.defaultVoice : message.voices[0]?.voice_id;
          session.forms = { ...session.forms, [kind]: { ...form, voice: voice ?? '' } };
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
      case 'mediaAdded':
        media.added(message);
        return true;
      default:
        return false;
    }
  }

  function viewModel<K extends PanelKind>(kind: K): FormViewModel<Forms[K]> {
    const model = modelOf(kind);
    const voices = hasVoice(kind) && model ? runtime.voices.get(model.id) : undefined;
    const defaultModel = runtime.settings[kind];
    const modelsError = runtime.modelsError[kind];
    return {
      kind,
      form: session.forms[kind],
      models: runtime.models[kind],
      ...(defaultModel !== undefined ? { defaultModel } : {}),
      ...(modelsError !== undefined ? { modelsError } : {}),
      ...(voices ? { voices } : {}),
      ...(runtime.preview ? { preview: runtime.preview } : {}),
      cost: formCost(session.forms, kind, model, app.messages),
      takesImages: model === undefined || takesImages(model),
      confirmCostAboveCents: runtime.confirmCostAboveCents,
      busy: runtime.busy,
      problems: problems(kind),
      // A form that does not show keeps no refusal of the host's.
      hostProblems: kind === session.kind ? runtime.hostProblems : [],
      touched: runtime.touched,
      imageNotices: runtime.imageNotices,
      urlDraft: runtime.urlDraft,
      urlInvalid: runtime.urlInvalid,
      recentPrompts: (isKind(kind) && runtime.recentPrompts[kind]) || [],
    };
  }

  function applyPrefill(message: Prefill): void {
    session.forms = withPrefill(session.forms, message, (kind, id) => modelOf(kind, id));
    void shrinkThumbs(app, message.images);
    syncVoices();
  }

  function keepKnown(tokens: ReadonlySet<string>): boolean {
    const kept = keepKnownForms(session.forms, tokens);
    session.forms = kept.forms;
    return kept.dropped;
  }

  function keepKnownFiles(tokens: ReadonlySet<string>): boolean {
    const kept = keepKnownMedia(session.forms, tokens);
    session.forms = kept.forms;
    return kept.dropped;
  }

  const media = createMediaActions(app);
  const operationActions: OperationActions = {
    change: (mutate, touched) => actions.change((f) => (isPanelOperation(session.kind) ? mutate(f as Forms['transcribe']) : f), touched),
    selectModel: (id) => actions.selectModel(id),
    requestModels: (refresh) => actions.requestModels(refresh),
    setDefaultModel: () => undefined, // operations have no default-model setting
    generate: () => actions.generate(),
    retryVoices: () => actions.retryVoices(),
    previewVoice: (id) => actions.previewVoice(id),
    raiseBudget: () => actions.raiseBudget(),
    pickMedia: () => media.pickMedia(),
    dropMedia: (uris) => media.dropMedia(uris),
    removeFile: () => media.removeFile(),
  };

  return { actions, operationActions, selectKind, init, receive, viewModel, applyPrefill, keepKnown, keepKnownMedia: keepKnownFiles };
}
