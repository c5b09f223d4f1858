// An image, audio or text job's results in the task view: the images as a grid of thumbnails, each with
// Open, Reveal, Copy path and "Animate this image"; the audio in an <audio controls> player with
// "Open with system player" and Reveal; a transcript's first lines (read by the host) with Open and
// Reveal. Buttons name the task and a file index, never a path.
import type { Strings, TaskFile, JobView } from '../protocol';
import { h, setAttr, setText } from '../../webview/browser/dom';
import { fill } from '../../webview/browser/text';

export type FileAction = 'openFile' | 'revealFile' | 'copyPath' | 'openExternal';

export interface ResultActions {
  /** No index: the job's (only) saved file (the video's buttons). */
  file(action: FileAction, localId: string, index?: number): void;
  animate(localId: string, index: number): void;
}

export interface MediaResults {
  element: HTMLElement;
  render(task: JobView): void;
  pause(): void;
}

/** data-action values (stable for the UI tests) → what the host is asked to do. */
const ACTIONS: Record<string, FileAction | 'animate'> = {
  open: 'openFile',
  reveal: 'revealFile',
  copyPath: 'copyPath',
  openExternal: 'openExternal',
  animate: 'animate',
};

export function createMediaResults(s: Strings, act: ResultActions): MediaResults {
  const grid = h('ul', { class: 'r-grid', id: 'r-grid', 'aria-label': s.results });
  const audio = h('audio', { id: 'r-audio', controls: true, preload: 'metadata' });
  const audioError = h('p', { class: 'error-text', id: 'r-audio-error', role: 'alert' });
  const audioActions = h('div', { class: 'actions' }, button(s.openExternal, 'openExternal', 0, ''), button(s.revealFile, 'reveal', 0, 'secondary'));
  const audioWrap = h('div', { class: 'r-audio', id: 'r-audio-wrap' }, audio, audioError, audioActions);
  const textName = h('div', { class: 'description r-text-name', id: 'r-text-name' });
  // Scrolls when long: focusable, so the keyboard can scroll it too.
  const text = h('pre', { class: 'r-text selectable', id: 'r-text', tabindex: 0 });
  const textActions = h('div', { class: 'actions' }, button(s.openFile, 'open', 0, ''), button(s.revealFile, 'reveal', 0, 'secondary'));
  const textWrap = h('div', { class: 'r-text-wrap', id: 'r-text-wrap' }, textName, text, textActions);
  const element = h('div', { class: 'results', id: 'r-results' }, grid, audioWrap, textWrap);
  let current: JobView | undefined;

  element.addEventListener('click', (e) => {
    const b = (e.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
    const action = b ? ACTIONS[b.dataset.action ?? ''] : undefined;
    if (!b || !action || !current) return;
    const index = Number(b.dataset.index ?? '0');
    if (action === 'animate') act.animate(current.localId, index);
    else act.file(action, current.localId, index);
  });
  audio.addEventListener('error', () => setText(audioError, s.audioError));
  audio.addEventListener('loadeddata', () => setText(audioError, ''));

  function render(task: JobView): void {
    current = task;
    const files = task.files ?? [];
    const images = files.map((f, index) => ({ f, index })).filter(({ f }) => f.media === 'image');
    const firstAudio = files.findIndex((f) => f.media === 'audio');
    const firstText = files.findIndex((f) => f.media === 'text');
    textWrap.hidden = firstText < 0;
    if (firstText >= 0) {
      for (const b of textActions.querySelectorAll('button')) b.dataset.index = String(firstText);
      const f = files[firstText];
      setText(textName, f.name);
      setAttr(text, 'aria-label', fill(s.transcript, f.name));
      setText(text, f.excerpt ?? '');
    }
    renderGrid(grid, images, s);
    grid.hidden = images.length === 0;
    audioWrap.hidden = firstAudio < 0;
    if (firstAudio >= 0) {
      for (const b of audioActions.querySelectorAll('button')) b.dataset.index = String(firstAudio);
      const uri = files[firstAudio].uri;
      setAttr(audio, 'aria-label', fill(s.audioResult, files[firstAudio].name));
      if (audio.getAttribute('src') !== uri) {
        setText(audioError, '');
        audio.src = uri;
      }
    } else pause();
  }

  function pause(): void {
    audio.pause();
  }

  return { element, render, pause };
}

function button(label: string, action: string, index: number, cls: string): HTMLButtonElement {
  return h('button', { type: 'button', class: cls, 'data-action': action, 'data-index': index }, label);
}

/** Rebuilt only when the files change, so thumbnails do not reload on every status update. */
function renderGrid(grid: HTMLUListElement, images: ReadonlyArray<{ f: TaskFile; index: number }>, s: Strings): void {
  const key = JSON.stringify(images.map(({ f, index }) => [f.uri, index]));
  if (grid.dataset.key === key) return;
  grid.dataset.key = key;
  grid.replaceChildren(
    ...images.map(({ f, index }) =>
      h(
        'li',
        { class: 'r-item' },
        h('img', { class: 'r-thumb', src: f.uri, alt: fill(s.imageResult, index + 1, f.name), title: f.name }),
        // The alt text says the name already; the caption describes the buttons (every image has an "Open").
        h('span', { class: 'thumb-label', id: `r-name-${index}`, title: f.name, 'aria-hidden': 'true' }, f.name),
        h(
          'div',
          { class: 'actions' },
          ...[
            button(s.openImage, 'open', index, 'secondary'),
            button(s.revealFile, 'reveal', index, 'secondary'),
            button(s.copyPath, 'copyPath', index, 'secondary'),
            button(s.animateImage, 'animate', index, ''),
          ].map((b) => (b.setAttribute('aria-describedby', `r-name-${index}`), b)),
        ),
      ),
    ),
  );
}
