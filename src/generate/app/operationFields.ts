// The operation forms' own fields: the source file ("Choose file…", which asks the host for an open
// dialog, and a drop zone for a file dragged from the Explorer; the form holds only the host's token
// and what it measured: name, size, duration), Transcribe's spoken language ("Detect" or a code the
// page names in its own language), Dub's target and source languages, and the Voice changer's new
// voice (the account's voices; the host marks the cloned ones).
import { MEDIA_SOURCE_EXTENSIONS } from '../../kinds';
import { formatNumber } from '../../l10n/format';
import type { MediaItem, Strings } from '../protocol';
import { h, setAttr, setOptions, setText } from '../../webview/browser/dom';
import { fill, formatElapsed } from '../../webview/browser/text';
import { voiceLabel } from './formLabels';
import { wireDrop } from './imageField';
import { pageLocale } from './locale';
import type { OperationForm } from './operationForm';
import { voicesPending, type VoicesState } from './speechFields';
import { createVoicePreview, type PreviewState } from './voicePreview';

export type OperationChange = (mutate: (form: OperationForm) => OperationForm, touched?: string) => void;

export interface FileFieldActions {
  pickMedia(): void;
  dropMedia(uris: string[]): void;
  removeFile(): void;
}

export interface FileField {
  element: HTMLFieldSetElement;
  /** Where the keyboard goes for a problem with the file. */
  control: HTMLButtonElement;
  render(file: MediaItem | undefined, notices: readonly string[]): void;
}

/** "3.2 MiB · 2:05", "12 KiB · 0.3 s", or "… · length unknown" when the host could not read the duration. */
export function fileDetails(s: Strings, file: MediaItem): string {
  const locale = pageLocale();
  const kib = file.bytes / 1024;
  const mib = kib / 1024;
  const size = mib >= 1 ? fill(s.fileSize, formatNumber(mib, locale, mib >= 10 ? 0 : 1)) : fill(s.fileSizeKiB, formatNumber(kib, locale, kib >= 10 ? 0 : 1));
  const d = file.durationSeconds;
  const length = d === undefined ? s.durationUnknown : d < 60 ? fill(s.seconds, formatNumber(d, locale, d < 10 ? 1 : 0)) : formatElapsed(Math.round(d * 1000));
  return `${size} · ${length}`;
}

export function createFileField(s: Strings, act: FileFieldActions, message: HTMLElement): FileField {
  const hint = h('div', { class: 'description', id: 'o-desc-file' }, fill(s.sourceHint, MEDIA_SOURCE_EXTENSIONS.join(', ')));
  const name = h('span', { class: 'media-name', id: 'o-file-name' });
  const details = h('span', { class: 'description', id: 'o-file-details' });
  const remove = h('button', { type: 'button', class: 'icon remove', id: 'o-file-remove' }, '×');
  remove.addEventListener('click', () => act.removeFile());
  const chosen = h('div', { class: 'media-file', id: 'o-file' }, name, details, remove);
  const pick = h('button', { type: 'button', class: 'secondary', id: 'o-pick', 'aria-describedby': `o-desc-file ${message.id}` }, s.chooseFile);
  pick.addEventListener('click', () => act.pickMedia());
  const dropZone = h('div', { class: 'dropzone', id: 'o-drop' }, s.dropMedia);
  const notices = h('div', { class: 'message', id: 'o-file-notices', role: 'status' });
  const element = h(
    'fieldset',
    { class: 'field media-source', id: 'o-field-file', 'aria-describedby': `o-desc-file ${message.id}` },
    h('legend', {}, s.sourceFile),
    hint,
    chosen,
    h('div', { class: 'row' }, pick),
    dropZone,
    notices,
    message,
  );
  wireDrop(element, dropZone, (uris) => act.dropMedia(uris));

  function render(file: MediaItem | undefined, shown: readonly string[]): void {
    chosen.hidden = file === undefined;
    setText(name, file?.label ?? '');
    setAttr(name, 'title', file?.label);
    setText(details, file ? fileDetails(s, file) : '');
    setAttr(remove, 'aria-label', file ? fill(s.remove, file.label) : undefined);
    setAttr(remove, 'title', file ? fill(s.remove, file.label) : undefined);
    // The file was removed with the keyboard: stay in the field.
    if (!file && document.activeElement === remove) pick.focus();
    notices.replaceChildren(...shown.map((n) => h('div', {}, n)));
  }

  return { element, control: pick, render };
}

/** An operation's own fields (Transcribe: language; Voice changer: voice), shown for that operation only. */
export interface OperationGroup {
  elements: HTMLElement[];
  controls: Record<string, HTMLElement>;
  render(f: OperationForm, voices: VoicesState | undefined, preview?: PreviewState, busy?: boolean): void;
  /** Fields whose problem waits (the voice until the voices are listed: the line says why instead). */
  pending?(voices: VoicesState | undefined): readonly string[];
}

/** A language's name in the page's language ("Russian", "русский"), capitalised; the code when the browser has none. */
export function languageName(code: string, locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(code);
    if (name && name !== code) return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  } catch {
    // An unknown locale or code: the code itself.
  }
  return code;
}

type LanguageKey = 'language' | 'target_lang' | 'source_lang';

/** A language select of the operation form (`first`: what '' means: detect, or not chosen yet). */
function languageSelect(change: OperationChange, msg: (field: string) => HTMLElement, key: LanguageKey, label: string, first: string, codes: readonly string[]) {
  const id = `o-${key.replace('_', '-')}`;
  const select = h('select', { id, 'aria-describedby': `o-msg-${key}` });
  select.addEventListener('change', () => change((f) => ({ ...f, [key]: select.value }), key));
  const element = h('div', { class: 'field' }, h('label', { for: id }, label), select, msg(key));
  const locale = pageLocale();
  const options = [{ value: '', label: first }, ...codes.map((c) => ({ value: c, label: `${languageName(c, locale)} (${c})` }))];
  return {
    select,
    element,
    render(f: OperationForm): void {
      // A language kept from an earlier run that this list lacks stays visible as its code.
      const value = f[key];
      const known = value === '' || codes.includes(value);
      setOptions(select, known ? options : [...options, { value, label: value }], value);
    },
  };
}

export function createLanguageFields(s: Strings, change: OperationChange, msg: (field: string) => HTMLElement, codes: readonly string[]): OperationGroup {
  const spoken = languageSelect(change, msg, 'language', s.spokenLanguage, s.detectLanguage, codes);
  return { elements: [spoken.element], controls: { language: spoken.select }, render: spoken.render };
}

/** Dub: the new track's language (required: "Choose a language" until chosen) and the source's (detected unless named). */
export function createDubFields(s: Strings, change: OperationChange, msg: (field: string) => HTMLElement, codes: readonly string[]): OperationGroup {
  const target = languageSelect(change, msg, 'target_lang', s.targetLanguage, s.chooseLanguage, codes);
  const source = languageSelect(change, msg, 'source_lang', s.sourceLanguage, s.detectLanguage, codes);
  return {
    elements: [h('div', { class: 'pair' }, target.element, source.element)],
    controls: { target_lang: target.select, source_lang: source.select },
    render(f) {
      target.render(f);
      source.render(f);
    },
  };
}

export interface VoiceFieldActions {
  retryVoices(): void;
  previewVoice(voiceId: string): void;
}

/** The new voice: the account's voices, with the Speech form's Preview button and player (voicePreview.ts). */
export function createVoiceFields(s: Strings, change: OperationChange, msg: (field: string) => HTMLElement, act: VoiceFieldActions): OperationGroup {
  const select = h('select', { id: 'o-voice', 'aria-describedby': 'o-desc-voice o-msg-voice' });
  select.addEventListener('change', () => change((f) => ({ ...f, voice: select.value }), 'voice'));
  const preview = createVoicePreview(s, 'o-', select, (id) => act.previewVoice(id));
  const status = h('span', { role: 'status' });
  const error = h('span', { class: 'error-text', id: 'o-voices-error' });
  const retry = h('button', { type: 'button', class: 'secondary small', id: 'o-voices-retry' }, s.modelsRetry);
  retry.addEventListener('click', () => act.retryVoices());
  const desc = h('div', { class: 'description', id: 'o-desc-voice' }, status, error, retry, preview.error);
  const element = h('div', { class: 'field' }, h('label', { for: 'o-voice' }, s.newVoice), h('div', { class: 'row' }, select, preview.button), desc, preview.audio, msg('voice'));
  return {
    elements: [element],
    controls: { voice: select },
    render(f, voices, previewState, busy = false) {
      const list = voices?.status === 'ready' ? voices.voices : [];
      setOptions(
        select,
        list.map((v) => ({ value: v.voice_id, label: voiceLabel(v, s) })),
        f.voice,
      );
      select.disabled = list.length === 0;
      const loading = voices === undefined || voices.status === 'loading';
      setText(status, loading ? s.voicesLoading : voices.status === 'ready' && list.length === 0 ? s.noVoices : '');
      setText(error, voices?.status === 'error' ? voices.message : '');
      retry.hidden = voices?.status !== 'error';
      preview.render(f.voice, list, previewState, busy);
    },
    pending: (voices) => (voicesPending(voices) ? ['voice'] : []),
  };
}
