// The Generate panel's webview app: plain DOM. A kind switch (Video · Image · Speech · Music · Sound
// effect · Transcribe · Voice changer) above one form per kind; it owns the forms' contents (persisted with setState, so they
// survive the panel being hidden or VS Code reloading) and renders what the host reports.
import type { HostMessage, PanelKind } from '../protocol';
import { isPanelOperation } from '../protocolConstants';
import { formMessages, newRuntime, type App } from './appState';
import { connectToHost } from './channel';
import { h } from '../../webview/browser/dom';
import { createFormController } from './formController';
import { createFormView, type FormActions } from './formView';
import { addImageItems } from './imageActions';
import { createKindSwitch } from './kindSwitch';
import { createImageKindFields, createMusicFields, createSfxFields, MEDIA_FIELDS } from './mediaFields';
import type { MediaForm } from './mediaForm';
import { createOperationView } from './operationView';
import { readLanguages, readStrings, restoreSession, type Session } from './session';
import { createSpeechFields } from './speechFields';
import { createJobView } from './jobView';
import { showsUpload } from './uploadProgress';
import { createVideoFields, VIDEO_FIELDS } from './videoFields';
import { createPanelImprove } from './improvePrompt';
import type { VideoForm } from './videoForm';

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

const forms = createFormController(app, () => focusFirstInvalid());
const { actions } = forms;
const improve = createPanelImprove(app);
// One form builder, two forms in the page: video's (ids f-…) and the image/audio kinds' (ids m-…).
const videoView = createFormView<VideoForm>(strings, actions as FormActions<VideoForm>, {
  ids: { control: 'f-', scope: '' },
  fields: VIDEO_FIELDS,
  groups: (change, msg) => ({ video: createVideoFields(strings, change, msg) }),
  sound: true,
  alsoTouchedBy: { input_images: ['mode'] },
  promptTools: improve.row,
});
const mediaView = createFormView<MediaForm>(strings, actions as FormActions<MediaForm>, {
  ids: { control: 'm-', scope: 'm-' },
  fields: MEDIA_FIELDS,
  groups: (change, msg) => ({
    image: createImageKindFields(strings, change, msg),
    speech: createSpeechFields(strings, change, msg, { previewVoice: (id) => actions.previewVoice(id), retryVoices: () => actions.retryVoices() }),
    music: createMusicFields(strings, change, msg),
    sfx: createSfxFields(strings, change, msg),
  }),
  sound: false,
  promptTools: improve.row,
});
// The operations on a workspace file (ids o-…): model, file, their own fields.
const operationView = createOperationView(strings, forms.operationActions, readLanguages());
const viewOf = (kind: PanelKind): { focusFirstInvalid(): void } => (kind === 'video' ? videoView : isPanelOperation(kind) ? operationView : mediaView);
/** Where the keyboard starts in a kind's form: the prompt, or an operation's file button. */
const startControl = (kind: PanelKind): string => (kind === 'video' ? 'f-prompt' : isPanelOperation(kind) ? 'o-pick' : 'm-prompt');

const jobView = createJobView(strings, {
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
    forms.selectKind(kind, true);
    showView('form');
  },
  autoplayed(uri) {
    session.autoplayed = uri;
    persist();
  },
  cancelUpload(localId) {
    host.post({ type: 'cancelUpload', localId });
  },
});

const kindSwitch = createKindSwitch(
  strings,
  (kind) => {
    forms.selectKind(kind, true);
    render();
  },
  (kind) => (kind === 'video' ? 'f-form' : isPanelOperation(kind) ? 'o-form' : 'm-form'),
);

const root = document.getElementById('app') ?? document.body;
const formSection = h('section', { id: 'form-view', 'aria-label': strings.generate }, kindSwitch.element, videoView.element, mediaView.element, operationView.element);
root.replaceChildren(formSection, jobView.element);

function render(): void {
  const showTask = session.view === 'task' && session.task !== undefined;
  formSection.hidden = showTask;
  jobView.element.hidden = !showTask;
  kindSwitch.render(session.kind);
  const { kind } = session;
  videoView.element.hidden = kind !== 'video';
  mediaView.element.hidden = kind === 'video' || isPanelOperation(kind);
  operationView.element.hidden = !isPanelOperation(kind);
  // The video form renders even while hidden (as it always has); the other forms show the kind chosen.
  videoView.render(forms.viewModel('video'));
  if (isPanelOperation(kind)) operationView.render({ ...forms.viewModel(kind), kind, mediaNotices: runtime.mediaNotices });
  else if (kind !== 'video') mediaView.render(forms.viewModel(kind));
  if (showTask && session.task) jobView.render(session.task, session.autoplayed, runtime.upload);
  else jobView.pause();
  persist();
}

function showView(view: Session['view']): void {
  if (session.view === view) return render();
  session.view = view;
  render();
  // Move focus with the view so keyboard and screen-reader users land in it.
  if (view === 'task') document.getElementById('t-title')?.focus();
  else document.getElementById(startControl(session.kind))?.focus();
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
  document.getElementById(startControl(session.kind))?.focus({ preventScroll: true });
}

function focusFirstInvalid(): void {
  viewOf(session.kind).focusFirstInvalid();
}

// ------------------------------------------------------------------ host messages

function receive(message: HostMessage): void {
  if (forms.receive(message) || improve.receive(message)) return render();
  switch (message.type) {
    case 'init': {
      runtime.confirmCostAboveCents = message.confirmCostAboveCents;
      runtime.recentPrompts = message.recentPrompts;
      if (forms.keepKnown(new Set(message.imageTokens))) runtime.imageNotices = [strings.imagesForgotten];
      if (forms.keepKnownMedia(new Set(message.mediaTokens ?? []))) runtime.mediaNotices = [strings.mediaForgotten];
      forms.init(message);
      forms.selectKind(message.kind, false);
      render();
      focusStart();
      return;
    }
    case 'prefill':
      forms.selectKind(message.kind ?? 'video', false);
      forms.applyPrefill(message);
      runtime.touched.clear();
      runtime.hostProblems = [];
      runtime.imageNotices = [];
      runtime.mediaNotices = [];
      showView('form');
      return;
    case 'imagesAdded':
      if (message.images.length > 0) addImageItems(app, message.images);
      runtime.imageNotices = message.rejected.map((r) => `${r.source}: ${r.reason}`);
      break;
    case 'task':
      session.task = message.task;
      // An upload's last progress goes with its task's end (a "Try again" starts a new one).
      if (runtime.upload?.localId === message.task.localId && !showsUpload(message.task, runtime.upload)) runtime.upload = undefined;
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
    case 'uploadProgress':
      runtime.upload = { localId: message.localId, sent: message.sent, total: message.total };
      break;
  }
  render();
}

render();
host.ready(receive);
