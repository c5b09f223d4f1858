// "Improve prompt" under a prompt field, for both apps (the Generate panel's forms and Compare's): the
// button with the call's price beside it (the most it can cost, from the prompt's length), the
// rewrite streaming into the field (read-only meanwhile) with Cancel, then Undo (the text before) and
// what the call cost. A rewrite that breaks off gives the field its text back: half a prompt never
// stays. The app supplies its prompt, its model and choices, and its render; this owns the rest.
import { formatMoneyCents } from '../../l10n/format';
import { h, setAttr, setText } from './dom';
import { fill } from './text';
import type { ImproveAsk, ImproveStrings, PromptHostMessage } from './improveKeys';

export * from './improveKeys';

export interface ImproveApp<K extends string> {
  strings: ImproveStrings;
  /** The page's language (money as it writes it). */
  locale(): string;
  prompt(kind: K): string;
  setPrompt(kind: K, text: string): void;
  /** The model the rewrite is for and the form's choices, or undefined when no model is chosen. */
  target(kind: K): { model: string; choices: Record<string, unknown> } | undefined;
  post(message: ImproveAsk<K> | { type: 'cancelImprove' }): void;
  /** A rewrite started or ended (the app may hold Generate meanwhile). */
  improving(on: boolean): void;
  render(): void;
}

export interface ImproveRow<K extends string> {
  element: HTMLElement;
  /** True while a rewrite streams into this field (Generate waits). */
  render(kind: K): boolean;
}

export interface ImprovePrompt<K extends string> {
  /** The row under a prompt field; `prefix`: that form's control prefix ('f-', 'm-', 'c-'). */
  row(prefix: string): ImproveRow<K>;
  /** Handles Improve prompt's host messages; false for the others. */
  receive(message: { type: string }): boolean;
}

/** Plain values only, short strings: what the chat model reads as "Chosen in the form". */
function plainChoices(choices: Record<string, unknown>): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(choices).filter(
      ([k, v]) => !['prompt', 'input', 'model'].includes(k) && (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 200)),
    ),
  ) as Record<string, string | number | boolean>;
}

const TYPES = new Set(['promptHelp', 'improveDelta', 'improveDone', 'improveFailed']);

export function createImprovePrompt<K extends string>(app: ImproveApp<K>): ImprovePrompt<K> {
  const s = app.strings;
  const money = (cents: number): string => formatMoneyCents(cents, app.locale());
  /** A settled cost below what the money format shows (1/100 ¢) reads "less than $0.0001", never "$0.00". */
  const spent = (cents: number): string => (cents > 0 && Math.round(cents * 100) === 0 ? fill(s.lessThan, money(0.01)) : money(cents));
  let offer: Extract<PromptHostMessage, { type: 'promptHelp' }> | undefined;
  /** The rewrite streaming now: its kind and the text it replaces. */
  let streaming: { kind: K; before: string } | undefined;
  /** The last rewrite's kind and the text before it (Undo), until the next one. */
  let undo: { kind: K; text: string } | undefined;
  /** The line under the buttons: what the rewrite cost, or why it failed. */
  let note: { kind: K; text: string; error: boolean; retry?: boolean } | undefined;

  function improve(kind: K): void {
    const target = streaming ? undefined : app.target(kind);
    if (!target) return;
    const prompt = app.prompt(kind);
    streaming = { kind, before: prompt };
    note = undefined;
    app.improving(true);
    app.post({ type: 'improvePrompt', kind, model: target.model, prompt, choices: plainChoices(target.choices) });
    app.render();
  }

  function receive(raw: { type: string }): boolean {
    if (!TYPES.has(raw.type)) return false;
    const message = raw as PromptHostMessage<K>;
    if (message.type === 'promptHelp') {
      offer = message;
      return true;
    }
    const now = streaming;
    if (!now || now.kind !== message.kind) return true; // a replay after a reload: nothing runs here
    if (message.type === 'improveDelta') {
      app.setPrompt(message.kind, message.text);
      return true;
    }
    streaming = undefined;
    app.improving(false);
    if (message.type === 'improveDone') {
      app.setPrompt(message.kind, message.text);
      undo = { kind: message.kind, text: now.before };
      const cost = message.cents === undefined ? fill(s.improvedNoCost, message.model) : fill(s.improved, message.model, spent(message.cents));
      note = { kind: message.kind, text: cost, error: false };
      return true;
    }
    app.setPrompt(message.kind, now.before);
    if (message.message) note = { kind: message.kind, text: message.message, error: true, ...(message.retry ? { retry: true } : {}) };
    return true;
  }

  function row(prefix: string): ImproveRow<K> {
    let kind: K | undefined;
    const button = h('button', { type: 'button', class: 'secondary', id: `${prefix}improve` }, s.improvePrompt);
    const price = h('span', { class: 'description improve-price', id: `${prefix}improve-price` });
    const cancel = h('button', { type: 'button', class: 'secondary', id: `${prefix}improve-cancel` }, s.improveCancel);
    const undoBtn = h('button', { type: 'button', class: 'secondary', id: `${prefix}improve-undo` }, s.improveUndo);
    const retry = h('button', { type: 'button', class: 'secondary', id: `${prefix}improve-retry` }, s.improveRetry);
    const line = h('div', { class: 'description improve-note', id: `${prefix}improve-note`, role: 'status', 'aria-live': 'polite' });
    setAttr(button, 'aria-describedby', price.id);
    button.addEventListener('click', () => kind !== undefined && improve(kind));
    retry.addEventListener('click', () => kind !== undefined && improve(kind));
    cancel.addEventListener('click', () => app.post({ type: 'cancelImprove' }));
    undoBtn.addEventListener('click', () => {
      if (!undo) return;
      app.setPrompt(undo.kind, undo.text);
      undo = undefined;
      note = undefined;
      app.render();
      document.getElementById(`${prefix}prompt`)?.focus();
    });
    const element = h('div', { class: 'improve-row', id: `${prefix}improve-row` }, h('div', { class: 'improve-actions' }, button, cancel, undoBtn, retry, price), line);

    function render(k: K): boolean {
      kind = k;
      const here = streaming?.kind === k;
      const textarea = document.getElementById(`${prefix}prompt`) as HTMLTextAreaElement | null;
      if (textarea) {
        textarea.readOnly = here;
        setAttr(textarea, 'aria-busy', here ? 'true' : undefined);
      }
      button.disabled = !offer?.model || !!streaming || !app.target(k);
      setText(button, here ? s.improving : s.improvePrompt);
      cancel.hidden = !here;
      undoBtn.hidden = undo?.kind !== k || !!streaming;
      const said = note?.kind === k ? note : undefined;
      retry.hidden = !said?.retry || !!streaming;
      setText(line, said?.text ?? offer?.problem ?? '');
      line.classList.toggle('error', !!said?.error || (!said && !!offer?.problem));
      // The most this call can cost: the fixed part and the prompt's own length (tokens ≈ characters / 4);
      // while a rewrite streams, the price of the call that runs (the text sent).
      const priced = here && streaming ? streaming.before : app.prompt(k);
      const upTo = offer?.baseCents !== undefined && offer.perCharCents !== undefined ? offer.baseCents + [...priced].length * offer.perCharCents : undefined;
      setText(price, !offer?.model ? '' : upTo !== undefined ? fill(s.improvePrice, money(upTo), offer.model) : fill(s.improvePriceUnknown, offer.model));
      return here;
    }

    return { element, render };
  }

  return { row, receive };
}
