// The speech form's own fields: the voice (the model's voices, with a preview played here), the
// speed (0.25–4) and the output format (mp3, or the PCM/µ-law formats that come with a WAV header).
import { formatNumber } from '../../l10n/format';
import { pageLocale } from './locale';
import { SPEECH_SPEED_MAX, SPEECH_SPEED_MIN } from '../../api/rules/audioRules';
import type { Model } from '../../api/schemas/schemas';
import { speechFormats } from '../../api/rules/validationAudio';
import type { Strings, VoiceItem } from '../protocol';
import { h, setAttr, setOptions, setText, setValue } from '../../webview/browser/dom';
import type { MediaForm } from './mediaForm';
import type { FieldGroup } from './formView';
import type { MediaChange, MediaMessages } from './mediaFields';
import { voiceLabel } from './formLabels';
import { fill } from '../../webview/browser/text';
import { createVoicePreview, type PreviewState } from './voicePreview';

/** The voices of the selected model, as far as the host has answered. */
export type VoicesState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; voices: VoiceItem[] };

export type { PreviewState } from './voicePreview';

const isWav = (format: string): boolean => format.startsWith('pcm_') || format.startsWith('ulaw_');

export interface SpeechActions {
  previewVoice(voiceId: string): void;
  /** Asks the host again for the voices that failed to load. */
  retryVoices(): void;
}

/** Voices still loading, failed, or none at all: the empty voice is then not the person's mistake. */
export function voicesPending(voices: VoicesState | undefined): boolean {
  return voices?.status !== 'ready' || voices.voices.length === 0;
}

export function createSpeechFields(s: Strings, change: MediaChange, msg: MediaMessages, act: SpeechActions): FieldGroup<MediaForm> {
  const voice = h('select', { id: 'm-voice', 'aria-describedby': 'm-desc-voice m-msg-voice' });
  voice.addEventListener('change', () => change((f) => ({ ...f, voice: voice.value }), 'voice'));
  const preview = createVoicePreview(s, 'm-', voice, (id) => act.previewVoice(id));
  const retryBtn = h('button', { type: 'button', class: 'secondary small', id: 'm-voices-retry' }, s.modelsRetry);
  retryBtn.addEventListener('click', () => act.retryVoices());
  // Fixed pieces, shown or hidden: rebuilding them on every render would drop a click on Retry
  // when the render comes from the prompt's blur in between mousedown and mouseup.
  const voiceStatus = h('span', { role: 'status' });
  const voiceError = h('span', { class: 'error-text', id: 'm-voices-error' });
  const voiceDesc = h('div', { class: 'description', id: 'm-desc-voice' }, voiceStatus, voiceError, retryBtn, preview.error);
  const voiceField = h(
    'div',
    { class: 'field' },
    h('label', { for: 'm-voice' }, s.voice),
    h('div', { class: 'row' }, voice, preview.button),
    voiceDesc,
    preview.audio,
    msg('voice'),
  );

  const speed = h('input', { type: 'range', id: 'm-speed', min: SPEECH_SPEED_MIN, max: SPEECH_SPEED_MAX, step: 0.05, 'aria-describedby': 'm-msg-speed' });
  const speedOut = h('output', { for: 'm-speed', id: 'm-speed-out' });
  speed.addEventListener('input', () => change((f) => ({ ...f, speed: Number(speed.value) }), 'speed'));
  const format = h('select', { id: 'm-format', 'aria-describedby': 'm-msg-response_format' });
  format.addEventListener('change', () => change((f) => ({ ...f, response_format: format.value }), 'response_format'));
  const element = h(
    'div',
    { class: 'group' },
    voiceField,
    h(
      'div',
      { class: 'pair' },
      h('div', { class: 'field' }, h('label', { for: 'm-speed' }, s.speed), h('div', { class: 'row' }, speed, speedOut), msg('speed')),
      h('div', { class: 'field' }, h('label', { for: 'm-format' }, s.outputFormat), format, msg('response_format')),
    ),
  );

  function render(f: MediaForm, model: Model | undefined): void {
    setValue(speed, String(f.speed));
    const text = fill(s.speedValue, formatNumber(f.speed, pageLocale(), 2, 2));
    setText(speedOut, text);
    setAttr(speed, 'aria-valuetext', text);
    const formats = speechFormats(model);
    setOptions(
      format,
      formats.map((v) => ({ value: v, label: isWav(v) ? fill(s.formatWav, v) : v })),
      f.response_format,
    );
  }

  function renderVoices(f: MediaForm, voices: VoicesState | undefined, previewState: PreviewState | undefined, busy: boolean): void {
    const list = voices?.status === 'ready' ? voices.voices : [];
    setOptions(
      voice,
      list.map((v) => ({ value: v.voice_id, label: voiceLabel(v, s) })),
      f.voice,
    );
    voice.disabled = list.length === 0;
    const loading = voices === undefined || voices.status === 'loading';
    setText(voiceStatus, loading ? s.voicesLoading : voices.status === 'ready' && list.length === 0 ? s.noVoices : '');
    setText(voiceError, voices?.status === 'error' ? voices.message : '');
    retryBtn.hidden = voices?.status !== 'error';
    preview.render(f.voice, list, previewState, busy);
  }

  return {
    elements: [element],
    controls: { voice, speed, response_format: format },
    render,
    renderMore: (f, vm) => renderVoices(f, vm.voices, vm.preview, vm.busy),
    // Until the voices are listed, the voice line says why it is empty ("Loading voices…", or the
    // failure with Retry) instead of "voice must be chosen"; Generate stays disabled all the same.
    pending: (vm) => (voicesPending(vm.voices) ? ['voice'] : []),
  };
}
