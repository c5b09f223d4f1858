// "Improve prompt" under a kind's prompt field: the button with the call's price beside it (the most
// it can cost, from the prompt's length), the rewrite streaming into the field (read-only meanwhile)
// with Cancel, then Undo (the text before) and what the call cost. A rewrite that breaks off gives the
// field its text back: half a prompt never stays. One controller for both forms (ids f-… and m-…).
import type { HostMessage, PromptHostMessage, Strings } from '../protocol';
import { isKind, type Kind } from '../../kinds';
import { h, setAttr, setText } from '../../webview/browser/dom';
import { fill } from '../../webview/browser/text';
import { formatCostCents } from '../../views/money';
import type { App } from './appState';
import { generateMessage } from './formModel';
import { pageLocale } from './locale';

type Offer = Extract<PromptHostMessage, { type: 'promptHelp' }>;

interface State {
  offer?: Offer;
  /** The rewrite streaming now: its kind and the text it replaces. */
  streaming?: { kind: Kind; before: string };
  /** The last rewrite's kind and the text before it (Undo), until the next one. */
  undo?: { kind: Kind; text: string };
  /** The line under the buttons: what the rewrite cost, or why it failed. */
  note?: { kind: Kind; text: string; error: boolean; retry?: boolean };
}

export interface ImproveRow {
  element: HTMLElement;
  /** true while a rewrite streams into this form's prompt (Generate waits). */
  render(kind: string): boolean;
}

export interface ImprovePrompt {
  /** The row under a form's prompt; `prefix`: that form's control prefix ('f-', 'm-'). */
  row(prefix: string): ImproveRow;
  /** Handles Improve prompt's host messages; false for the others. */
  receive(message: HostMessage): boolean;
}

const money = (cents: number): string => formatCostCents(cents, pageLocale());
/** A settled cost below what the money format shows (1/100 ¢) reads "less than $0.0001", never "$0.00". */
const spent = (s: Strings, cents: number): string => (cents > 0 && Math.round(cents * 100) === 0 ? fill(s.lessThan, money(0.01)) : money(cents));
const isPromptMessage = (m: HostMessage): m is PromptHostMessage => m.type === 'promptHelp' || m.type.startsWith('improve');

export function createImprovePrompt(app: App): ImprovePrompt {
  const s: Strings = app.strings;
  const state: State = {};

  const setPrompt = (kind: Kind, text: string): void => {
    app.session.forms = { ...app.session.forms, [kind]: { ...app.session.forms[kind], prompt: text } };
  };

  function improve(kind: Kind): void {
    if (state.streaming) return;
    const form = app.session.forms[kind];
    const model = app.runtime.models[kind]?.find((m) => m.id === form.model);
    if (!model) return;
    // What the form would send, as plain values: the rewrite fits the chosen duration, mode, ratio…
    const request = generateMessage(app.session.forms, kind, model, app.messages).request as Record<string, unknown>;
    const choices = Object.fromEntries(
      Object.entries(request).filter(
        ([k, v]) => !['prompt', 'input', 'model'].includes(k) && (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 200)),
      ),
    ) as Record<string, string | number | boolean>;
    state.streaming = { kind, before: form.prompt };
    app.runtime.improving = true;
    delete state.note;
    app.post({ type: 'improvePrompt', kind, model: model.id, prompt: form.prompt, choices });
    app.render();
  }

  function receive(message: HostMessage): boolean {
    if (!isPromptMessage(message)) return false;
    if (message.type === 'promptHelp') {
      state.offer = message;
      return true;
    }
    const streaming = state.streaming;
    if (!streaming || streaming.kind !== message.kind) return true; // a replay after a reload: nothing runs here
    if (message.type === 'improveDelta') {
      setPrompt(message.kind, message.text);
      return true;
    }
    delete state.streaming;
    app.runtime.improving = false;
    if (message.type === 'improveDone') {
      setPrompt(message.kind, message.text);
      state.undo = { kind: message.kind, text: streaming.before };
      const cost = message.cents === undefined ? fill(s.improvedNoCost, message.model) : fill(s.improved, message.model, spent(s, message.cents));
      state.note = { kind: message.kind, text: cost, error: false };
      return true;
    }
    setPrompt(message.kind, streaming.before);
    if (message.message) state.note = { kind: message.kind, text: message.message, error: true, ...(message.retry ? { retry: true } : {}) };
    return true;
  }

  function row(prefix: string): ImproveRow {
    let kind: Kind | undefined;
    const button = h('button', { type: 'button', class: 'secondary', id: `${prefix}improve` }, s.improvePrompt);
    const price = h('span', { class: 'description improve-price', id: `${prefix}improve-price` });
    const cancel = h('button', { type: 'button', class: 'secondary', id: `${prefix}improve-cancel` }, s.improveCancel);
    const undo = h('button', { type: 'button', class: 'secondary', id: `${prefix}improve-undo` }, s.improveUndo);
    const retry = h('button', { type: 'button', class: 'secondary', id: `${prefix}improve-retry` }, s.improveRetry);
    const note = h('div', { class: 'description improve-note', id: `${prefix}improve-note`, role: 'status', 'aria-live': 'polite' });
    setAttr(button, 'aria-describedby', price.id);
    button.addEventListener('click', () => kind && improve(kind));
    retry.addEventListener('click', () => kind && improve(kind));
    cancel.addEventListener('click', () => app.post({ type: 'cancelImprove' }));
    undo.addEventListener('click', () => {
      if (!state.undo) return;
      setPrompt(state.undo.kind, state.undo.text);
      delete state.undo;
      delete state.note;
      app.render();
      document.getElementById(`${prefix}prompt`)?.focus();
    });
    const element = h('div', { class: 'improve-row', id: `${prefix}improve-row` }, h('div', { class: 'improve-actions' }, button, cancel, undo, retry, price), note);

    function render(k: string): boolean {
      if (!isKind(k)) return false;
      kind = k;
      const offer = state.offer;
      const streamingHere = state.streaming?.kind === k;
      const prompt = app.session.forms[k].prompt;
      const textarea = document.getElementById(`${prefix}prompt`) as HTMLTextAreaElement | null;
      if (textarea) {
        textarea.readOnly = streamingHere;
        setAttr(textarea, 'aria-busy', streamingHere ? 'true' : undefined);
      }
      const model = app.runtime.models[k]?.find((m) => m.id === app.session.forms[k].model);
      button.disabled = !offer?.model || !!state.streaming || !model;
      setText(button, streamingHere ? s.improving : s.improvePrompt);
      cancel.hidden = !streamingHere;
      undo.hidden = state.undo?.kind !== k || !!state.streaming;
      const here = state.note?.kind === k ? state.note : undefined;
      retry.hidden = !here?.retry || !!state.streaming;
      setText(note, here?.text ?? (offer?.problem ? offer.problem : ''));
      note.classList.toggle('error', !!here?.error || (!here && !!offer?.problem));
      // The most this call can cost: the fixed part and the prompt's own length (tokens ≈ characters / 4);
      // while a rewrite streams, the price of the call that runs (the text sent).
      const priced = streamingHere && state.streaming ? state.streaming.before : prompt;
      const upTo = offer?.baseCents !== undefined && offer.perCharCents !== undefined ? offer.baseCents + [...priced].length * offer.perCharCents : undefined;
      setText(price, !offer?.model ? '' : upTo !== undefined ? fill(s.improvePrice, money(upTo), offer.model) : fill(s.improvePriceUnknown, offer.model));
      return streamingHere;
    }

    return { element, render };
  }

  return { row, receive };
}
