// A voice select's Preview button and player, shared by the Speech form (the model's voices) and the
// Voice changer form (the account's): the host downloads a voice's preview (without the key) and
// answers with a webview URI, which plays here; pressed again for the voice just heard, it replays
// from here without asking the host.
import type { Strings, VoiceItem } from '../protocol';
import { h, setText } from '../../webview/browser/dom';

/** The last preview asked for: its URI once the host has it, or why not. */
export interface PreviewState {
  voiceId: string;
  uri?: string;
  error?: string;
}

export interface VoicePreview {
  button: HTMLButtonElement;
  audio: HTMLAudioElement;
  /** Why the preview could not be had (in the voice's description line). */
  error: HTMLElement;
  render(voice: string, list: readonly VoiceItem[], preview: PreviewState | undefined, busy: boolean): void;
}

/** `prefix`: the form's id prefix (m-, o-); `select`: the voice select it previews. */
export function createVoicePreview(s: Strings, prefix: string, select: HTMLSelectElement, previewVoice: (voiceId: string) => void): VoicePreview {
  const button = h('button', { type: 'button', class: 'secondary', id: `${prefix}voice-preview` }, s.previewVoice);
  const audio = h('audio', { id: `${prefix}voice-audio`, controls: true, preload: 'auto', 'aria-label': s.voicePreviewAudio });
  const error = h('span', { class: 'error-text' });
  let played: string | undefined;
  let playedVoice: string | undefined;
  button.addEventListener('click', () => {
    if (!select.value) return;
    // Heard before: play it again from here; else the host downloads it (without the key) first.
    if (playedVoice === select.value && audio.getAttribute('src')) {
      audio.currentTime = 0;
      audio.play().catch(() => undefined);
    } else previewVoice(select.value);
  });

  function render(voice: string, list: readonly VoiceItem[], preview: PreviewState | undefined, busy: boolean): void {
    const chosen = list.find((v) => v.voice_id === voice);
    button.disabled = !chosen?.hasPreview || busy;
    const current = preview && preview.voiceId === voice ? preview : undefined;
    setText(error, current?.error ?? '');
    audio.hidden = !current?.uri;
    if (current?.uri && current.uri !== played) {
      played = current.uri;
      playedVoice = current.voiceId;
      audio.src = current.uri;
      audio.play().catch(() => undefined); // the controls stay usable
    }
  }

  return { button, audio, error, render };
}
