// The form's input images: thumbnails with remove buttons, "Add from workspace…", Explorer drops and
// an https URL field. Only tokens and URLs live here; the host turns files into tokens.
import type { VideoMode } from '../../api/schemas/schemas';
import type { ImageItem, Strings } from '../protocol';
import { h, setAttr, setText, setValue } from '../../webview/browser/dom';
import { parseUriList } from '../imageList';
import { fill } from '../../webview/browser/text';

export interface ImageFieldActions {
  pickImages(multi: boolean): void;
  dropUris(uris: string[]): void;
  setUrlDraft(text: string): void;
  addUrl(): void;
  removeImage(source: string): void;
}

export interface ImageFieldState {
  /** 'text': no images (hidden); 'image': exactly one; 'reference': one or more. */
  mode: VideoMode;
  /** The images to show, already limited to what the mode takes. */
  images: readonly ImageItem[];
  hint: string;
  imageNotices: string[];
  urlDraft: string;
  urlInvalid: boolean;
}

export interface ImageField {
  element: HTMLFieldSetElement;
  /** Where the keyboard goes for a problem with the images. */
  control: HTMLElement;
  render(state: ImageFieldState): void;
}

/**
 * `message`: the element that shows the field's problem (rendered by the form). `prefix` goes before
 * every id, so the video and image forms can share a page ('' for the video form).
 */
export function createImageField(s: Strings, act: ImageFieldActions, message: HTMLElement, prefix = ''): ImageField {
  const p = prefix;
  const hint = h('div', { class: 'description', id: `${p}desc-images` });
  const addBtn = h('button', { type: 'button', class: 'secondary', id: `${p}f-add-images` }, s.addFromWorkspace);
  let currentMode: VideoMode = 'text';
  addBtn.addEventListener('click', () => act.pickImages(currentMode === 'reference'));
  const thumbs = h('ul', { class: 'thumbs', id: `${p}f-thumbs`, 'aria-label': s.images });
  const notices = h('div', { class: 'message', id: `${p}f-image-notices` });
  const dropZone = h('div', { class: 'dropzone', id: `${p}f-drop` }, s.dropHere);
  const urlInput = h('input', { type: 'url', id: `${p}f-url`, placeholder: 'https://', 'aria-describedby': `${p}msg-url` });
  const urlMsg = h('div', { class: 'message', id: `${p}msg-url` });
  urlInput.addEventListener('input', () => act.setUrlDraft(urlInput.value));
  urlInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      act.addUrl();
    }
  });
  const urlBtn = h('button', { type: 'button', class: 'secondary', id: `${p}f-add-url` }, s.addUrl);
  urlBtn.addEventListener('click', () => act.addUrl());
  const element = h(
    'fieldset',
    { class: 'field images', id: `${p}field-images`, 'aria-describedby': `${p}desc-images ${message.id}` },
    h('legend', {}, s.images),
    hint,
    thumbs,
    h('div', { class: 'row' }, addBtn),
    dropZone,
    h('label', { for: `${p}f-url` }, s.imageUrl),
    h('div', { class: 'row' }, urlInput, urlBtn),
    urlMsg,
    notices,
    message,
  );
  wireDrop(element, dropZone, (uris) => act.dropUris(uris));

  /** Thumbnail items by source+thumb, reused across renders so images do not reload or flicker. */
  const thumbItems = new Map<string, HTMLLIElement>();

  function render({ mode, images, hint: hintText, imageNotices, urlDraft, urlInvalid }: ImageFieldState): void {
    currentMode = mode;
    element.hidden = mode === 'text';
    setText(hint, hintText);
    renderThumbs(thumbs, images, { s, act, cache: thumbItems, fallback: addBtn });
    setValue(urlInput, urlDraft);
    setText(urlMsg, urlInvalid ? s.urlInvalid : '');
    setAttr(urlInput, 'aria-invalid', urlInvalid ? 'true' : undefined);
    notices.replaceChildren(...imageNotices.map((n) => h('div', {}, n)));
  }

  return { element, control: addBtn, render };
}

interface ThumbsContext {
  s: Strings;
  act: ImageFieldActions;
  cache: Map<string, HTMLLIElement>;
  /** Where focus goes when the last thumbnail is removed. */
  fallback: HTMLElement;
}

function renderThumbs(list: HTMLUListElement, images: readonly ImageItem[], { s, act, cache: thumbItems, fallback }: ThumbsContext): void {
  const key = JSON.stringify(images.map((i) => [i.source, i.thumb ?? '']));
  if (list.dataset.key === key) return;
  const hadFocus = list.contains(document.activeElement);
  list.dataset.key = key;
  const items = images.map((img) => {
    const id = `${img.source}\n${img.thumb ?? ''}`;
    const cached = thumbItems.get(id);
    if (cached) return [id, cached] as const;
    const remove = h('button', { type: 'button', class: 'icon remove', 'aria-label': fill(s.remove, img.label), title: fill(s.remove, img.label) }, '×');
    remove.addEventListener('click', () => act.removeImage(img.source));
    // No thumbnail (big file) or one that fails to load (URL): the file type stands in.
    // The picture carries the file name (alt text, or the stand-in's label); the visible caption
    // repeats it, so screen readers skip the caption.
    const placeholder = (): HTMLElement => h('div', { class: 'placeholder', role: 'img', 'aria-label': img.label }, fileType(img.label));
    let picture: HTMLElement = placeholder();
    if (img.thumb) {
      const el = h('img', { src: img.thumb, alt: img.label, referrerpolicy: 'no-referrer' });
      el.addEventListener('error', () => el.replaceWith(placeholder()));
      picture = el;
    }
    return [id, h('li', { class: 'thumb' }, picture, h('span', { class: 'thumb-label', title: img.label, 'aria-hidden': 'true' }, img.label), remove)] as const;
  });
  thumbItems.clear();
  for (const [id, li] of items) thumbItems.set(id, li);
  list.replaceChildren(...items.map(([, li]) => li));
  list.hidden = images.length === 0;
  // The removed thumbnail had focus: keep the keyboard user in the list (or on the add button).
  if (hadFocus && !list.contains(document.activeElement)) {
    const next = list.querySelector('button');
    (next ?? fallback).focus();
  }
}

function fileType(label: string): string {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(label)?.[1];
  return ext ? ext.toUpperCase() : '…';
}

/** Explorer drags arrive as uri lists; VS Code needs Shift held to drop into a webview. The operations' file field uses it too. */
export function wireDrop(area: HTMLElement, zone: HTMLElement, dropped: (uris: string[]) => void): void {
  const accepts = (e: DragEvent): boolean => {
    const types = Array.from(e.dataTransfer?.types ?? []);
    return types.includes('text/uri-list') || types.includes('application/vnd.code.uri-list') || types.includes('text/plain');
  };
  area.addEventListener('dragover', (e) => {
    if (!accepts(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    zone.classList.add('over');
  });
  area.addEventListener('dragleave', (e) => {
    if (!area.contains(e.relatedTarget as Node | null)) zone.classList.remove('over');
  });
  area.addEventListener('drop', (e) => {
    zone.classList.remove('over');
    const data = e.dataTransfer;
    if (!data) return;
    e.preventDefault();
    const text = data.getData('application/vnd.code.uri-list') || data.getData('text/uri-list') || data.getData('text/plain');
    const uris = parseUriList(text);
    if (uris.length > 0) dropped(uris);
  });
}
