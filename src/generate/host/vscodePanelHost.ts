// The Generate panel's image/audio side, wired to the extension: the media models from the shared
// catalog, each kind's default-model setting, the one submit (commands/startJob.ts, origin: panel, which asks with ui/confirmCost), the voice list
// (once per session and base URL) and voice previews cached under globalStorage, fetched without the key.
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import type { Voice } from '../../api/schemas/audioSchemas';
import { modelKind } from '../../api/rules/modelKind';
import { isSyncKind } from '../../kinds';
import { config } from '../../config';
import { isLoopbackBaseUrl } from '../../io/download/resultUrl';
import type { PanelHost } from './panelHost';
import { voicePreviewFile } from './voicePreviewCache';
import { requireKeyReported } from '../../submit/vscode/checks';
import { startJob } from '../../submit/vscode/startJob';

type MediaHost = Pick<
  PanelHost,
  'loadMediaModels' | 'mediaSettingDefault' | 'rememberMediaDefault' | 'defaultVoice' | 'submitMedia' | 'voices' | 'voicePreviewDir' | 'voicePreviewFile' | 'memento'
>;

/** The voice list of this session, per base URL (a failed load is tried again next time). */
const voiceCache = new WeakMap<Airforce, { baseUrl: string; voices: Promise<Voice[]> }>();

function sessionVoices(af: Airforce): Promise<Voice[]> {
  const baseUrl = config.baseUrl();
  const hit = voiceCache.get(af);
  if (hit?.baseUrl === baseUrl) return hit.voices;
  const voices = af.client.audio.voices();
  voiceCache.set(af, { baseUrl, voices });
  voices.catch(() => {
    if (voiceCache.get(af)?.voices === voices) voiceCache.delete(af);
  });
  return voices;
}

const previewDir = (af: Airforce): vscode.Uri => vscode.Uri.joinPath(af.context.globalStorageUri, 'voice-previews');

export function panelMediaHost(af: Airforce): MediaHost {
  return {
    loadMediaModels: async (refresh) => (await af.allModels(refresh)).filter((m) => isSyncKind(modelKind(m))),
    mediaSettingDefault: (kind) => config.defaultModel(kind),
    rememberMediaDefault: (kind, id) => config.setDefaultModel(kind, id),
    defaultVoice: () => config.defaultVoice(),
    submitMedia: async (kind, request, images) => {
      await requireKeyReported(af);
      const started = await startJob(af, kind, { input: request, images }, { type: 'panel' });
      if (started.ok) return { ok: true, localId: started.localId, files: started.files! };
      if (started.stage === 'confirm') return { ok: false, declined: true };
      return { ok: false, problems: started.problems };
    },
    voices: () => sessionVoices(af),
    voicePreviewDir: () => previewDir(af),
    voicePreviewFile: (voiceId, url) => voicePreviewFile({ voiceId, url, dir: previewDir(af).fsPath, baseIsLoopback: isLoopbackBaseUrl(config.baseUrl()), logger: af.log }),
    memento: af.context.globalState,
  };
}
