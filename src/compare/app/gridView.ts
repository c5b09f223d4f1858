// The grid: one card per model — model, status and progress, elapsed time (this machine's clock),
// cost (estimate, then settled), the result (videos muted and looping; "Play in sync" restarts them
// together) or the images, and Open / Reveal / Retry (failed only) / Keep. Cards are kept per model
// and updated in place, so a progress tick never restarts a playing video.
import type { CardView, CompareStrings, GroupView } from '../constants';
import { h, setText } from '../../webview/browser/dom';
import { fill, formatElapsed } from '../../webview/browser/text';
import { money } from './money';

export interface GridActions {
  file(action: 'openFile' | 'revealFile', localId: string, index?: number): void;
  retry(model: string): void;
  keep(localId: string): void;
  newComparison(): void;
  compareAgain(): void;
  sync(on: boolean): void;
}

interface Card {
  element: HTMLElement;
  status: HTMLElement;
  bar: HTMLProgressElement;
  elapsed: HTMLElement;
  cost: HTMLElement;
  media: HTMLElement;
  error: HTMLElement;
  notes: HTMLElement;
  buttons: HTMLElement;
  kept: HTMLElement;
  /** What the media area shows now (its URIs), so it is rebuilt only when that changes. */
  mediaKey: string;
  view?: CardView;
}

export function createGridView(s: CompareStrings, act: GridActions) {
  const title = h('h2', { id: 'g-title', tabindex: -1 });
  const syncBox = h('input', { type: 'checkbox', id: 'g-sync' });
  syncBox.addEventListener('change', () => act.sync(syncBox.checked));
  const syncRow = h('label', { class: 'g-sync' }, syncBox, s.playInSync);
  const again = h('button', { type: 'button', id: 'g-again', class: 'secondary' }, s.compareAgain);
  const fresh = h('button', { type: 'button', id: 'g-new', class: 'secondary' }, s.newComparison);
  again.addEventListener('click', () => act.compareAgain());
  fresh.addEventListener('click', () => act.newComparison());
  const grid = h('div', { id: 'g-cards', class: 'g-cards' });
  const element = h('section', { id: 'grid-view', 'aria-labelledby': 'g-title' }, h('header', { class: 'g-head' }, title, syncRow, again, fresh), grid);
  const cards = new Map<string, Card>();
  let group: GroupView | undefined;
  /** Sync as last rendered: turning it on restarts every video together. */
  let syncOn = false;

  function button(label: string, action: string, onClick: () => void, primary = false): HTMLButtonElement {
    const b = h('button', { type: 'button', 'data-action': action, class: primary ? '' : 'secondary' }, label);
    b.addEventListener('click', onClick);
    return b;
  }

  function cardFor(model: string): Card {
    const known = cards.get(model);
    if (known) return known;
    const card: Card = {
      element: h('article', { class: 'g-card', 'data-model': model }),
      status: h('p', { class: 'g-status' }),
      bar: h('progress', { max: 100, value: 0 }),
      elapsed: h('p', { class: 'g-elapsed' }),
      cost: h('p', { class: 'g-cost' }),
      media: h('div', { class: 'g-media' }),
      error: h('p', { class: 'g-error', role: 'alert' }),
      notes: h('ul', { class: 'g-notes' }),
      buttons: h('div', { class: 'g-buttons' }),
      kept: h('span', { class: 'g-kept' }, s.kept),
      mediaKey: '',
    };
    card.element.append(
      h('header', {}, h('h3', {}, model), card.kept),
      card.status,
      card.bar,
      h('div', { class: 'g-figures' }, card.elapsed, card.cost),
      card.media,
      card.error,
      card.notes,
      card.buttons,
    );
    cards.set(model, card);
    return card;
  }

  function statusText(c: CardView): string {
    const job = c.job;
    if (!job) return s.noResult;
    if (job.status === 'processing') return fill(s['status.processing'], Math.round(job.progress));
    if (job.status === 'completed' && job.files.length === 0) return s.saving;
    return s[`status.${job.status}`];
  }

  function renderMedia(card: Card, c: CardView): void {
    const files = c.job?.files.filter((f) => f.uri) ?? [];
    const key = files.map((f) => f.uri).join('|');
    if (key === card.mediaKey) return;
    card.mediaKey = key;
    card.media.replaceChildren(
      ...files.map((f, i) => {
        if (f.media === 'video') {
          const v = h('video', { src: f.uri, muted: true, loop: true, autoplay: true, playsinline: true, controls: true, 'aria-label': `${c.model}: ${f.name}` });
          v.muted = true; // the attribute alone does not mute a video created by script
          return v;
        }
        if (f.media === 'image') {
          const img = h('img', { src: f.uri, alt: `${c.model}: ${f.name}`, 'data-index': i });
          img.addEventListener('click', () => c.job && act.file('openFile', c.job.localId, i));
          return img;
        }
        return h('audio', { src: f.uri, controls: true });
      }),
    );
    if (syncOn) restartVideos();
  }

  function renderCard(c: CardView): HTMLElement {
    const card = cardFor(c.model);
    card.view = c;
    const job = c.job;
    card.element.dataset.status = job?.status ?? 'none';
    card.element.classList.toggle('is-kept', job?.kept === true);
    card.kept.hidden = job?.kept !== true;
    setText(card.status, job?.waitReason ? `${statusText(c)} — ${job.waitReason}` : statusText(c));
    const running = !!job && ['waiting', 'queued', 'processing', 'unrecognized'].includes(job.status);
    card.bar.hidden = !running;
    card.bar.value = job?.progress ?? 0;
    const cost = job?.settledCents !== undefined ? fill(s.cost, money(job.settledCents)) : job?.estimateCents !== undefined ? fill(s.costEstimate, money(job.estimateCents)) : '';
    setText(card.cost, cost);
    setText(card.error, job?.error ?? '');
    card.notes.replaceChildren(...c.unsupported.map((f) => h('li', {}, fill(s.notSupported, s[`field.${f}`], c.model))));
    renderMedia(card, c);
    const buttons: HTMLElement[] = [];
    if (job && job.files.length > 0) {
      buttons.push(button(s.open, 'open', () => act.file('openFile', job.localId)));
      buttons.push(button(s.reveal, 'reveal', () => act.file('revealFile', job.localId)));
    }
    if (c.canRetry) buttons.push(button(s.retry, 'retry', () => act.retry(c.model), true));
    if (c.canKeep && !job?.kept) buttons.push(button(s.keep, 'keep', () => job && act.keep(job.localId), true));
    card.buttons.replaceChildren(...buttons);
    return card.element;
  }

  /** Redraws the clocks of running cards (called every second). */
  function tick(now = Date.now()): void {
    for (const card of cards.values()) {
      const job = card.view?.job;
      setText(card.elapsed, job ? fill(s.elapsed, formatElapsed((job.endedAt ?? now) - job.startedAt)) : '');
    }
  }

  function restartVideos(): void {
    const videos = [...grid.querySelectorAll('video')];
    for (const v of videos) {
      v.pause();
      v.currentTime = 0;
    }
    for (const v of videos) void v.play().catch(() => undefined);
  }

  function render(g: GroupView, sync: boolean): void {
    if (group?.id !== g.id) {
      cards.clear();
      grid.replaceChildren();
    }
    group = g;
    setText(title, g.prompt);
    syncRow.hidden = g.kind !== 'video';
    const wasSync = syncOn;
    syncOn = sync;
    syncBox.checked = sync;
    const next = g.cards.map(renderCard);
    // Moving a playing video out of the page pauses it: only re-seat the cards when their set changed.
    const same = next.length === grid.children.length && next.every((el, i) => grid.children[i] === el);
    if (!same) grid.replaceChildren(...next);
    grid.dataset.count = String(g.cards.length);
    tick();
    if (sync && !wasSync) restartVideos();
  }

  return { element, render, tick, restartVideos, focus: () => title.focus() };
}
