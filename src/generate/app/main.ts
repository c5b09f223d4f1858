// The Generate panel's webview app: plain DOM. A kind switch (Video · Image · Speech · Music · Sound
// effect) above one form per kind; it owns the forms' contents (persisted with setState, so they
// survive the panel being hidden or VS Code reloading) and renders what the host reports.
import type { HostMessage } from '../protocol';
import { formMessages, newRuntime, type App } from './appState';
import { connectToHost } from './channel';
import { h } from '../../webview/browser/dom';
import { applyPrefill, limitForm } from './formModel';
import { createFormView } from './formView';
import { addImageItems, shrinkThumbs } from './imageActions';
import { keepKnownImages } from './imageList';
import { createKindSwitch } from './kindSwitch';
import { createMediaController } from './mediaController';
import { isMediaKind } from './mediaForm';
import { createMediaFormView } from './mediaFormView';
import { readStrings, restoreSession, type Session } from './session';
import { createTaskView } from './taskView';
import { createVideoController } from './videoController';

const host = connectToHost();
const strings = readStrings();

const app: App = {
  session: restoreSession(host.savedState()),
  runtime: newRuntime(),
  strings,
  messages: formMessages(strings),
  post: host.post,
  render,
};
const { session, runtime } = app;

function persist(): void {
  host.saveState({ ...session, localId: session.task?.localId });
}

// ------------------------------------------------------------------ views

const video = createVideoController(app, () => formView.focusFirstInvalid());
const media = createMediaController(app, () => mediaView.focusFirstInvalid());
const formView = createFormView(strings, video.actions);
const mediaView = createMediaFormView(strings, media.actions);

const taskView = createTaskView(strings, {
  file(action, localId, index) {
    host.post({ type: action, localId, ...(index !== undefined ? { index } : {}) });
  },
  animate(localId, index) {
    host.post({ type: 'animateImage', localId, index });
  },
  generateAgain(localId) {
    host.post({ type: 'generateAgain', localId });
  },
  taskAction(action, localId) {
    host.post({ type: 'taskAction', action, id: localId });
  },
  newForm(kind) {
    media.selectKind(kind, true);
    showView('form');
  },
  autoplayed(uri) {
    session.autoplayed = uri;
    persist();
  },
});

const kindSwitch = createKindSwitch(
  strings,
  (kind) => {
    media.selectKind(kind, true);
    render();
  },
  (kind) => (kind === 'video' ? 'f-form' : 'm-form'),
);

const root = document.getElementById('app') ?? document.body;
const formSection = h('section', { id: 'form-view', 'aria-label': strings.generate }, kindSwitch.element, formView.element, mediaView.element);
root.replaceChildren(formSection, taskView.element);

function render(): void {
  const showTask = session.view === 'task' && session.task !== undefined;
  formSection.hidden = showTask;
  taskView.element.hidden = !showTask;
  kindSwitch.render(session.kind);
  formView.element.hidden = session.kind !== 'video';
  mediaView.element.hidden = session.kind === 'video';
  formView.render({
    form: session.form,
    models: runtime.models,
    ...(runtime.modelsError !== undefined ? { modelsError: runtime.modelsError } : {}),
    ...(runtime.defaultModel !== undefined ? { defaultModel: runtime.defaultModel } : {}),
    confirmCostAboveCents: runtime.confirmCostAboveCents,
    busy: runtime.busy,
    problems: video.problems(),
    hostProblems: session.kind === 'video' ? runtime.hostProblems : [],
    touched: runtime.touched,
    imageNotices: runtime.imageNotices,
    urlDraft: runtime.urlDraft,
    urlInvalid: runtime.urlInvalid,
    recentPrompts: runtime.recentPrompts.video ?? [],
  });
  if (isMediaKind(session.kind)) mediaView.render(media.viewModel(session.kind));
  if (showTask && session.task) taskView.render(session.task, session.autoplayed);
  else taskView.pause();
  persist();
}

function showView(view: Session['view']): void {
  if (session.view === view) return render();
  session.view = view;
  render();
  // Move focus with the view so keyboard and screen-reader users land in it.
  if (view === 'task') document.getElementById('t-title')?.focus();
  else document.getElementById(session.kind === 'video' ? 'f-prompt' : 'm-prompt')?.focus();
}

/**
 * Once per page load, after the first `init`: the keyboard starts in the prompt of the form shown
 * (not on the page body, seven Tabs away). A task view keeps its own focus.
 */
let startFocused = false;
function focusStart(): void {
  if (startFocused) return;
  startFocused = true;
  if (session.view === 'task' && session.task !== undefined) return;
  document.getElementById(session.kind === 'video' ? 'f-prompt' : 'm-prompt')?.focus({ preventScroll: true });
}

function focusFirstInvalid(): void {
  if (session.kind === 'video') formView.focusFirstInvalid();
  else mediaView.focusFirstInvalid();
}

// ------------------------------------------------------------------ host messages

function receive(message: HostMessage): void {
  if (media.receive(message)) return render();
  switch (message.type) {
    case 'init': {
      runtime.confirmCostAboveCents = message.confirmCostAboveCents;
      runtime.defaultModel = message.defaultModel;
      runtime.mediaSettings = message.mediaSettings ?? {};
      runtime.recentPrompts = message.recentPrompts;
      const tokens = new Set(message.imageTokens);
      const kept = keepKnownImages(session.form.images, tokens);
      const mediaDropped = media.keepKnown(tokens);
      if (kept.length !== session.form.images.length || mediaDropped) {
        session.form = { ...session.form, images: kept };
        runtime.imageNotices = [strings.imagesForgotten];
      }
      if (message.models) video.setModels(message.models, message.defaultModel);
      media.init(message.mediaModels, message.mediaDefaults, message.defaultVoice);
      media.selectKind(message.kind, false);
      render();
      focusStart();
      return;
    }
    case 'models':
      video.setModels(message.models, message.defaultModel);
      break;
    case 'modelsError':
      runtime.modelsError = message.message;
      break;
    case 'defaultModel':
      if (message.kind !== undefined && isMediaKind(message.kind)) runtime.mediaSettings = { ...runtime.mediaSettings, [message.kind]: message.model };
      else runtime.defaultModel = message.model;
      break;
    case 'prefill': {
      const kind = message.kind ?? 'video';
      media.selectKind(kind, false);
      if (isMediaKind(kind)) media.applyPrefill(kind, message.media ?? {}, message.images);
      else {
        session.form = applyPrefill(session.form, message.values, message.images);
        const model = video.currentModel();
        if (model) session.form = limitForm(session.form, model);
        void shrinkThumbs(app, message.images);
      }
      runtime.touched.clear();
      runtime.hostProblems = [];
      runtime.imageNotices = [];
      showView('form');
      return;
    }
    case 'imagesAdded':
      if (message.images.length > 0) addImageItems(app, message.images);
      runtime.imageNotices = message.rejected.map((r) => `${r.source}: ${r.reason}`);
      break;
    case 'task':
      session.task = message.task;
      if (message.reveal) showView('task');
      else render();
      // The host says when an audio result is to start playing (once, for a Generate pressed here).
      if (message.play)
        void document
          .querySelector<HTMLAudioElement>('#r-audio')
          ?.play()
          .catch(() => undefined);
      return;
    case 'validation':
      runtime.hostProblems = message.problems;
      if (message.problems.length > 0) {
        for (const p of message.problems) runtime.touched.add(p.field === 'input' ? 'prompt' : p.field);
        session.view = 'form';
        render();
        focusFirstInvalid();
        return;
      }
      break;
    case 'busy':
      runtime.busy = message.busy;
      break;
  }
  render();
}

render();
host.ready(receive);
