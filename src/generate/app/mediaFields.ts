// The image, music and sound-effect field sets: how many images and their aspect ratio (from the
// model's image_caps) with the images to edit, the music's length, the sound's duration and prompt
// influence.
import { imageAspectRatios, imageMaxN } from '../../api/rules/imageCaps';
import type { Model } from '../../api/schemas/schemas';
import type { Strings } from '../protocol';
import { h, setOptions, setValue } from '../../webview/browser/dom';
import type { FieldGroup, FormChange } from './formView';
import type { MediaForm } from './mediaForm';

export type MediaChange = FormChange<MediaForm>;
/** The message element of each field (ids m-msg-<field>). */
export type MediaMessages = (field: string) => HTMLElement;
type MediaFields = FieldGroup<MediaForm>;

/** The image/audio form's fields with a control of their own (speech's text is `input`). */
export const MEDIA_FIELDS = [
  'model',
  'prompt',
  'input',
  'n',
  'aspect_ratio',
  'input_images',
  'seed',
  'voice',
  'speed',
  'response_format',
  'music_length_ms',
  'duration_seconds',
  'prompt_influence',
] as const;

const field = (id: string, label: string, control: HTMLElement, ...rest: HTMLElement[]): HTMLElement =>
  h('div', { class: 'field' }, h('label', { for: id }, label), control, ...rest);

export function createImageKindFields(s: Strings, change: MediaChange, msg: MediaMessages): MediaFields {
  const n = h('select', { id: 'm-n', 'aria-describedby': 'm-msg-n' });
  n.addEventListener('change', () => change((f) => ({ ...f, n: Number(n.value) }), 'n'));
  const ratio = h('select', { id: 'm-ratio', 'aria-describedby': 'm-msg-aspect_ratio' });
  ratio.addEventListener('change', () => change((f) => ({ ...f, aspect_ratio: ratio.value }), 'aspect_ratio'));
  const ratioField = field('m-ratio', s.aspectRatio, ratio, msg('aspect_ratio'));
  const element = h('div', { class: 'pair' }, field('m-n', s.imageCount, n, msg('n')), ratioField);

  function render(f: MediaForm, model: Model | undefined): void {
    const max = model ? imageMaxN(model) : 1;
    setOptions(
      n,
      Array.from({ length: max }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })),
      String(f.n),
    );
    n.disabled = max <= 1;
    const ratios = model ? imageAspectRatios(model) : [];
    setOptions(ratio, [{ value: '', label: s.ratioDefault }, ...ratios.map((r) => ({ value: r, label: r }))], f.aspect_ratio);
    ratioField.hidden = ratios.length === 0;
  }

  return {
    elements: [element],
    controls: { n, aspect_ratio: ratio },
    render,
    images: (f, vm) => ({ mode: vm.takesImages ? 'reference' : 'text', images: f.images, hint: s.imagesHintEdit }),
    advanced: true,
  };
}

function numberInput(id: string, step: string, min: string, max?: string): HTMLInputElement {
  return h('input', { type: 'number', id, step, min, max, inputmode: 'decimal', 'aria-describedby': `m-msg-${id}`, autocomplete: 'off' });
}

export function createMusicFields(s: Strings, change: MediaChange, msg: MediaMessages): MediaFields {
  const length = numberInput('m-length', '1', '0');
  length.setAttribute('aria-describedby', 'm-desc-length m-msg-music_length_ms');
  length.addEventListener('input', () => change((f) => ({ ...f, music_seconds: length.value }), 'music_length_ms'));
  const element = field('m-length', s.musicLength, length, h('div', { class: 'description', id: 'm-desc-length' }, s.lengthAuto), msg('music_length_ms'));
  return {
    elements: [element],
    controls: { music_length_ms: length },
    render: (f) => setValue(length, f.music_seconds),
  };
}

export function createSfxFields(s: Strings, change: MediaChange, msg: MediaMessages): MediaFields {
  const duration = numberInput('m-duration', '0.5', '0');
  duration.setAttribute('aria-describedby', 'm-desc-duration m-msg-duration_seconds');
  duration.addEventListener('input', () => change((f) => ({ ...f, duration_seconds: duration.value }), 'duration_seconds'));
  const influence = numberInput('m-influence', '0.05', '0', '1');
  influence.setAttribute('aria-describedby', 'm-desc-influence m-msg-prompt_influence');
  influence.addEventListener('input', () => change((f) => ({ ...f, prompt_influence: influence.value }), 'prompt_influence'));
  const element = h(
    'div',
    { class: 'pair' },
    field('m-duration', s.sfxDuration, duration, h('div', { class: 'description', id: 'm-desc-duration' }, s.lengthAuto), msg('duration_seconds')),
    field('m-influence', s.promptInfluence, influence, h('div', { class: 'description', id: 'm-desc-influence' }, s.promptInfluenceHint), msg('prompt_influence')),
  );
  return {
    elements: [element],
    controls: { duration_seconds: duration, prompt_influence: influence },
    render(f) {
      setValue(duration, f.duration_seconds);
      setValue(influence, f.prompt_influence);
    },
  };
}
