// The speech form's voices: GET /v1/audio/voices once per panel (shared by concurrent asks), listed
// without their URLs; a preview is fetched by the host (without the key) into its cache folder and
// handed to the app as a webview URI. The app names a voice by its id only. A cloned voice is named as
// such; when the account's voices change (a clone made, renamed, deleted) every model asked so far is
// answered again, so an open form's list follows.
import * as vscode from 'vscode';
import type { Voice } from '../../api/schemas/audioSchemas';
import { isClonedVoice } from '../../api/rules/voiceCloneRules';
import { errorText } from '../../jobs/taskApi';
import { describeError, LOG_PREFIX, type PanelHost } from './panelHost';
import type { HostMessage, VoiceItem } from '../protocol';

export function voiceItem(v: Voice): VoiceItem {
  const name = isClonedVoice(v) ? vscode.l10n.t('{0} (cloned)', v.name) : v.name;
  const item: VoiceItem = { voice_id: v.voice_id, name, hasPreview: typeof v.preview_url === 'string' && v.preview_url !== '' };
  for (const key of ['language', 'gender', 'accent'] as const) {
    const value = v[key];
    if (typeof value === 'string' && value !== '') item[key] = value;
  }
  return item;
}

export class PanelVoices {
  private voices: Promise<Voice[]> | undefined;
  /** The models the app asked voices for: answered again when the account's voices change. */
  private readonly asked = new Set<string>();

  constructor(
    private readonly host: PanelHost,
    private readonly webview: vscode.Webview,
    private readonly post: (message: HostMessage) => void,
  ) {}

  /** Answers `voices` (or `voicesError`) for the model the form shows. */
  async request(model: string): Promise<void> {
    this.asked.add(model);
    try {
      const voices = await this.load();
      this.post({ type: 'voices', model, voices: voices.map(voiceItem) });
    } catch (e) {
      this.host.logger.warn(`${LOG_PREFIX} loading voices failed: ${describeError(e)}`);
      this.post({ type: 'voicesError', model, message: errorText(e) });
    }
  }

  /** Answers `voicePreview` (or `voicePreviewError`) for a voice of the list. */
  async preview(voiceId: string): Promise<void> {
    try {
      const voice = (await this.load()).find((v) => v.voice_id === voiceId);
      const url = voice?.preview_url;
      if (!url) throw new Error(vscode.l10n.t('This voice has no preview.'));
      const file = await this.host.voicePreviewFile(voiceId, url);
      this.post({ type: 'voicePreview', voiceId, uri: this.webview.asWebviewUri(vscode.Uri.file(file)).toString(true) });
    } catch (e) {
      this.host.logger.warn(`${LOG_PREFIX} voice preview failed: ${describeError(e)}`);
      this.post({ type: 'voicePreviewError', voiceId, message: errorText(e) });
    }
  }

  /** A voice's own name (without the "(cloned)" the list shows), for the file the voice changer saves. */
  async nameOf(voiceId: string): Promise<string | undefined> {
    return (await this.load().catch(() => [])).find((v) => v.voice_id === voiceId)?.name;
  }

  /** The account's voices changed: read them again (the host's list was dropped) and answer every model. */
  async reload(): Promise<void> {
    this.voices = undefined;
    for (const model of this.asked) await this.request(model);
  }

  /** One list per panel; a failed load is tried again on the next ask. */
  private load(): Promise<Voice[]> {
    const loading = (this.voices ??= this.host.voices());
    loading.catch(() => {
      if (this.voices === loading) this.voices = undefined;
    });
    return loading;
  }
}
