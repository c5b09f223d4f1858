// The video field set: mode, duration, aspect ratio and quality, shaped by the model's caps (a field
// the model offers no choice for is hidden or disabled), and its input images by mode.
import type { Model, VideoMode } from '../../api/schemas/schemas';
import type { Strings } from '../protocol';
import { h, setAttr, setOptions, setText, setValue } from '../../webview/browser/dom';
import type { FieldGroup, FormChange } from './formView';
import { imagesForMode, type VideoForm } from './videoForm';
import { fill } from '../../webview/browser/text';

const MODES: readonly VideoMode[] = ['text', 'image', 'reference'];

/** The video form's fields with a control of their own, in the order the keyboard visits them. */
export const VIDEO_FIELDS = ['model', 'prompt', 'mode', 'duration_seconds', 'aspect_ratio', 'quality', 'input_images', 'seed'] as const;

export function createVideoFields(s: Strings, change: FormChange<VideoForm>, message: (field: string) => HTMLElement): FieldGroup<VideoForm> {
  const msg = { mode: message('mode'), duration_seconds: message('duration_seconds'), aspect_ratio: message('aspect_ratio'), quality: message('quality') };
  const modeInputs = new Map<VideoMode, { label: HTMLLabelElement; input: HTMLInputElement }>();
  for (const mode of MODES) {
    const input = h('input', { type: 'radio', name: 'mode', value: mode, id: `f-mode-${mode}` });
    input.addEventListener('change', () => {
      if (input.checked) change((f) => ({ ...f, mode }), 'mode');
    });
    modeInputs.set(mode, { input, label: h('label', { class: 'radio', for: `f-mode-${mode}` }, input, s[`mode.${mode}`]) });
  }
  const modeGroup = h(
    'fieldset',
    { class: 'field', id: 'field-mode', 'aria-describedby': 'msg-mode' },
    h('legend', {}, s.mode),
    h('div', { class: 'radios' }, ...MODES.map((m) => modeInputs.get(m)?.label)),
    msg.mode,
  );

  const duration = h('input', { type: 'range', id: 'f-duration', step: 1, 'aria-describedby': 'msg-duration_seconds' });
  const durationOut = h('output', { for: 'f-duration', id: 'f-duration-out' });
  duration.addEventListener('input', () => change((f) => ({ ...f, duration_seconds: Number(duration.value) }), 'duration_seconds'));
  const durationField = h('div', { class: 'field' }, h('label', { for: 'f-duration' }, s.duration), h('div', { class: 'row' }, duration, durationOut), msg.duration_seconds);

  const ratio = h('select', { id: 'f-ratio', 'aria-describedby': 'msg-aspect_ratio' });
  ratio.addEventListener('change', () => change((f) => ({ ...f, aspect_ratio: ratio.value }), 'aspect_ratio'));
  const quality = h('select', { id: 'f-quality', 'aria-describedby': 'msg-quality' });
  quality.addEventListener('change', () => change((f) => ({ ...f, quality: quality.value }), 'quality'));
  const ratioField = h('div', { class: 'field' }, h('label', { for: 'f-ratio' }, s.aspectRatio), ratio, msg.aspect_ratio);
  const qualityField = h('div', { class: 'field' }, h('label', { for: 'f-quality' }, s.quality), quality, msg.quality);

  function render(f: VideoForm, model: Model | undefined): void {
    const caps = model?.video_caps ?? undefined;
    for (const [mode, { input, label }] of modeInputs) {
      label.hidden = !!caps && !caps.modes.includes(mode);
      input.checked = f.mode === mode;
    }
    modeGroup.hidden = !caps || caps.modes.length < 2;

    const min = caps?.min_duration_s ?? 0;
    const max = caps?.max_duration_s ?? 0;
    setAttr(duration, 'min', min);
    setAttr(duration, 'max', max);
    setValue(duration, String(f.duration_seconds));
    duration.disabled = !caps || min === max;
    const seconds = fill(s.seconds, f.duration_seconds);
    setText(durationOut, seconds);
    setAttr(duration, 'aria-valuetext', seconds);

    setOptions(
      ratio,
      (caps?.aspect_ratios ?? []).map((r) => ({ value: r, label: r })),
      f.aspect_ratio,
    );
    ratioField.hidden = !caps || caps.aspect_ratios.length === 0;
    setOptions(
      quality,
      (caps?.qualities ?? []).map((q) => ({ value: q, label: q })),
      f.quality,
    );
    qualityField.hidden = !caps || caps.qualities.length === 0;
  }

  return {
    elements: [modeGroup, durationField, h('div', { class: 'pair' }, ratioField, qualityField)],
    controls: { mode: modeInputs.get('text')?.input ?? modeGroup, duration_seconds: duration, aspect_ratio: ratio, quality },
    invalidTargets: { mode: modeGroup },
    render,
    images: (f) => ({ mode: f.mode, images: imagesForMode(f.mode, f.images), hint: f.mode === 'reference' ? s.imagesHintReference : s.imagesHintImage }),
    advanced: true,
  };
}
