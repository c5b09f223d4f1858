// The task view: status, progress bar, elapsed time, task id, the result video (with its subtitles
// when a .vtt lies beside it) and its actions.
import { formatCostCents } from '../../views/money';
import { pageLocale } from './locale';
import type { PanelKind, Strings, TaskAction, JobView } from '../protocol';
import { isPanelKind } from '../protocolConstants';
import { h, setAttr, setText } from '../../webview/browser/dom';
import { createMediaResults, type ResultActions } from './mediaResults';
import { canUseFile, elapsedText, isMediaTask, progressPercent, runningProblem, statusKey, statusText, subtitleTrack, taskActions, taskPhase } from './jobModel';
import { fill } from '../../webview/browser/text';
import { isSyncJobKind } from '../../kinds';
import { createUploadProgress, type UploadState } from './uploadProgress';

export interface TaskActions extends ResultActions {
  generateAgain(localId: string): void;
  /** Look again / Send again / Try again: the host runs the matching command. */
  taskAction(action: TaskAction, localId: string): void;
  /** "New video" / "New image" …: back to that kind's form. */
  newForm(kind: PanelKind): void;
  /** The video for this URI has started playing once: do not autoplay it again after a reload. */
  autoplayed(videoUri: string): void;
  /** Cancel under a large upload's progress. */
  cancelUpload(localId: string): void;
}

export interface JobViewElement {
  element: HTMLElement;
  render(task: JobView, autoplayedUri: string | undefined, upload?: UploadState): void;
  /** Stops the timer and the video (the form is shown instead). */
  pause(): void;
}

export function createJobView(s: Strings, act: TaskActions): JobViewElement {
  const title = h('h2', { class: 'task-title', id: 't-title', tabindex: -1 });
  const status = h('span', { id: 't-status' });
  const elapsed = h('span', { id: 't-elapsed', 'aria-label': s.elapsed });
  const statusLine = h('div', { class: 'status-line' }, h('span', { role: 'status', 'aria-live': 'polite' }, status), ' · ', elapsed);
  const bar = h('div', { class: 'bar' });
  const progress = h('div', { class: 'progress', id: 't-progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-label': s.progress }, bar);
  const waitingReason = h('span', { id: 't-wait-reason' });
  const waitingSince = h('span', { id: 't-wait-since' });
  const waiting = h('p', { class: 'description', id: 't-waiting' }, waitingReason, ' ', waitingSince);
  // A running task with a problem (status reads failing): shown, while the progress goes on.
  const warning = h('div', { class: 'warning-box', id: 't-warning', role: 'status' });
  const taskId = h('code', { class: 'selectable', id: 't-id' });
  const cost = h('dd', { id: 't-cost' });
  const model = h('dd', { id: 't-model' });
  // Image and audio jobs have no server task: their id is the answer's X-Request-ID.
  const idLabel = h('dt', {}, s.taskId);
  const meta = h('dl', { class: 'meta' }, idLabel, h('dd', {}, taskId), h('dt', {}, s.model), model, h('dt', {}, s.cost), cost);
  const error = h('div', { class: 'error-box', id: 't-error', role: 'alert' });
  const video = h('video', { id: 't-video', controls: true, playsinline: true, preload: 'metadata' });
  const videoError = h('p', { class: 'error-text', id: 't-video-error', role: 'alert' });
  const audioNote = h('p', { class: 'description' }, s.audioNote);
  const videoWrap = h('div', { class: 'video', id: 't-video-wrap' }, video, videoError, audioNote);

  let current: JobView | undefined;
  const button = (id: string, label: string, cls: string, onClick: (t: JobView) => void): HTMLButtonElement => {
    const b = h('button', { type: 'button', id, class: cls }, label);
    b.addEventListener('click', () => current && onClick(current));
    return b;
  };
  const openFile = button('t-open', s.openFile, '', (t) => act.file('openFile', t.localId));
  const reveal = button('t-reveal', s.revealFile, 'secondary', (t) => act.file('revealFile', t.localId));
  const external = button('t-external', s.openExternal, 'secondary', (t) => act.file('openExternal', t.localId));
  const again = button('t-again', s.generateAgain, 'secondary', (t) => act.generateAgain(t.localId));
  const fresh = button('t-new', s.newVideo, 'secondary', (t) => act.newForm(formOf(t) ?? 'video'));
  const results = createMediaResults(s, act);
  const uploadView = createUploadProgress(s, (id) => act.cancelUpload(id));
  const actions = h('div', { class: 'actions' }, openFile, reveal, external, again, fresh);

  // Sent, fate unknown: the explanation and the two choices only the person can make.
  const lookAgain = button('t-look-again', s.lookAgain, '', (t) => act.taskAction('lookAgain', t.localId));
  const sendAgain = button('t-send-again', s.sendAgain, 'secondary', (t) => act.taskAction('sendAgain', t.localId));
  const tryAgain = button('t-try-again', s.tryAgain, '', (t) => act.taskAction('tryAgain', t.localId));
  const trackerButtons: Record<TaskAction, HTMLButtonElement> = { lookAgain, sendAgain, tryAgain };
  const unsure = h('div', { class: 'notice-box', id: 't-unsure', role: 'alert' }, h('p', {}, s.fateUnknown));
  const trackerActions = h('div', { class: 'actions', id: 't-task-actions' }, lookAgain, sendAgain, tryAgain);

  const element = h(
    'section',
    { class: 'task', id: 'task-view', 'aria-labelledby': 't-title' },
    title,
    statusLine,
    progress,
    uploadView.element,
    waiting,
    warning,
    unsure,
    meta,
    error,
    trackerActions,
    videoWrap,
    results.element,
    actions,
  );

  let timer: ReturnType<typeof setInterval> | undefined;
  const tick = (): void => {
    if (current) setText(elapsed, elapsedText(current, Date.now()));
  };

  video.addEventListener('error', () => {
    setText(videoError, s.videoError);
    external.classList.remove('secondary');
  });
  video.addEventListener('loadeddata', () => setText(videoError, ''));

  function render(task: JobView, autoplayedUri: string | undefined, upload?: UploadState): void {
    current = task;
    uploadView.render(task, upload);
    const phase = taskPhase(task);
    const media = isMediaTask(task);
    setText(title, task.prompt);
    setAttr(video, 'aria-label', fill(s.videoResult, task.prompt));
    setAttr(title, 'title', task.prompt);
    setText(status, phase === 'saving' ? (media ? s.savingFiles : s.downloading) : statusText(task, s));
    // A job of a kind without a form here (isolating a voice, from its command) offers neither button.
    const kind = formOf(task);
    setText(fresh, kind && kind !== 'video' ? s[`newKind.${kind}`] : s.newVideo);
    fresh.hidden = kind === undefined;
    again.hidden = kind === undefined;
    tick();
    if (task.endedAt === undefined && !timer) timer = setInterval(tick, 1000);
    if (task.endedAt !== undefined && timer) {
      clearInterval(timer);
      timer = undefined;
    }

    const pct = progressPercent(task);
    // A synchronous (image/audio) request reports no progress: the status and the elapsed time say enough.
    progress.hidden = media || phase === 'ready' || phase === 'failed' || phase === 'unsure';
    bar.style.width = `${pct}%`; // CSSOM, which the CSP allows (inline style attributes it would not)
    setAttr(progress, 'aria-valuenow', pct);
    setAttr(progress, 'aria-valuetext', `${pct}%`);
    waiting.hidden = task.status !== 'waiting';
    setText(waitingReason, task.waitReason ?? s.waitingSlot);
    setText(waitingSince, task.waitingSince === undefined ? '' : fill(s.waitingSince, new Date(task.waitingSince).toLocaleTimeString()));
    const problem = runningProblem(task);
    warning.hidden = problem === undefined;
    setText(warning, problem === undefined ? '' : fill(s.runningProblem, problem));
    unsure.hidden = phase !== 'unsure';
    const offered = taskActions(task);
    trackerActions.hidden = offered.length === 0;
    for (const [action, b] of Object.entries(trackerButtons)) b.hidden = !offered.includes(action as TaskAction);

    // A followed job (video, dubbing) has a server task; the others the id of their one request.
    setText(idLabel, isSyncJobKind(task.kind) ? s.requestIdLabel : s.taskId);
    setText(taskId, task.taskId ?? '—');
    setText(model, task.model);
    setText(cost, task.costCents === undefined ? '—' : formatCostCents(task.costCents, pageLocale()));

    error.hidden = phase !== 'failed';
    error.replaceChildren();
    if (phase === 'failed') {
      const text = task.error ?? (task.downloadError ? fill(media ? s.saveFailed : s.downloadFailed, task.downloadError) : s[statusKey(task)]);
      error.append(h('div', {}, text));
      if (task.requestId) error.append(h('div', { class: 'selectable description' }, fill(s.requestId, task.requestId)));
    }

    videoWrap.hidden = phase !== 'ready' || media;
    results.element.hidden = phase !== 'ready' || !media;
    if (media && phase === 'ready') results.render(task);
    else results.pause();
    const track = phase === 'ready' && !media ? subtitleTrack(task) : undefined;
    if (phase === 'ready' && task.videoUri && video.getAttribute('src') !== task.videoUri) {
      setText(videoError, '');
      external.classList.add('secondary');
      // A track loads from the webview's resource origin, not the page's, so only with CORS (which
      // VS Code's resource loader allows); a video without one loads as it always has.
      setAttr(video, 'crossorigin', track ? 'anonymous' : undefined);
      video.src = task.videoUri;
      if (autoplayedUri !== task.videoUri) {
        act.autoplayed(task.videoUri);
        autoplay(video);
      }
    }
    showTrack(track);
    if (phase !== 'ready' && video.getAttribute('src')) {
      video.pause();
      video.removeAttribute('src');
      video.load();
    }

    const fileOk = canUseFile(task) && !media;
    for (const b of [openFile, reveal, external]) b.hidden = !fileOk;
  }

  /** The video's subtitles as its one `<track>`, replaced only when they change (the cues would reload). */
  function showTrack(want: { src: string; srclang?: string } | undefined): void {
    const shown = video.querySelector('track');
    if (shown && want && shown.getAttribute('src') === want.src && shown.getAttribute('srclang') === (want.srclang ?? null)) return;
    shown?.remove();
    if (!want) return;
    // Subtitles that arrive while the same video stays (transcribed since): CORS from now on.
    setAttr(video, 'crossorigin', 'anonymous');
    const el = h('track', { kind: 'subtitles', src: want.src, srclang: want.srclang, label: s.subtitles, default: true });
    video.append(el);
    el.track.mode = 'showing';
  }

  function pause(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
    video.pause();
    results.pause();
  }

  return { element, render, pause };
}

/** The panel's form a task belongs to (video when it names none); undefined for a kind the panel has no form for. */
function formOf(t: JobView): PanelKind | undefined {
  if (t.kind === undefined) return 'video';
  return isPanelKind(t.kind) ? t.kind : undefined;
}

/** Try with sound first; browsers refuse unmuted autoplay without a gesture, so retry muted. */
function autoplay(video: HTMLVideoElement): void {
  video.muted = false;
  video.play().catch(() => {
    video.muted = true;
    return video.play().catch(() => undefined); // the controls stay usable
  });
}
