// The Generate panel's host, wired to the extension (the PanelHost of ./panelHost.ts): the model lists
// from the shared catalog, each kind's default-model setting, the one submit for every kind
// (submit/vscode/startJob.ts, origin panel, which asks with ui/confirmCost), the tracker's records, the
// voice list (once per session and base URL) and voice previews cached under globalStorage, fetched
// without the key.
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import type { Voice } from '../../api/schemas/audioSchemas';
import type { Model } from '../../api/schemas/schemas';
import type { FieldProblem } from '../../api/rules/validation';
import { encodeImageFile } from '../../api/images';
import { modelKind } from '../../api/rules/modelKind';
import { mediaOperation } from '../../api/rules/mediaModelKind';
import { isSyncKind, OPERATIONS } from '../../kinds';
import { PANEL_OPERATION_IDS } from '../protocol';
import { config, outputFolder } from '../../config';
import { isLoopbackBaseUrl } from '../../io/download/resultUrl';
import type { PanelHost } from './panelHost';
import { voicePreviewFile } from './voicePreviewCache';
import { startJob } from '../../submit/vscode/startJob';
import { describeImproveError, improveOffer, improvePrompt } from '../../prompting/vscode/improvePrompt';

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

/** A model that does one of the operations the panel has a form for (Transcribe, Voice changer). */
const servesPanelOperation = (m: Model): boolean => PANEL_OPERATION_IDS.some((op) => mediaOperation(m) === OPERATIONS[op].serves);

/** The account's voices changed (a voice cloned, renamed or deleted): the next ask reads them again. */
export function forgetSessionVoices(af: Airforce): void {
  voiceCache.delete(af);
}

const previewDir = (af: Airforce): vscode.Uri => vscode.Uri.joinPath(af.context.globalStorageUri, 'voice-previews');

/** A voice's preview file: fetched once without the key into the cache the panel plays from (the Change Voice pick too). */
export function cachedVoicePreview(af: Airforce, voiceId: string, url: string): Promise<string> {
  return voicePreviewFile({ voiceId, url, dir: previewDir(af).fsPath, baseIsLoopback: isLoopbackBaseUrl(config.baseUrl()), logger: af.log });
}

export function panelHost(af: Airforce): PanelHost {
  return {
    extensionUri: af.context.extensionUri,
    outputDir: outputFolder,
    loadModels: async (list, refresh) =>
      list === 'video' ? af.videoModels(refresh) : (await af.allModels(refresh)).filter((m) => isSyncKind(modelKind(m)) || servesPanelOperation(m)),
    defaultModel: (kind) => config.defaultModel(kind),
    setDefaultModel: (kind, id) => config.setDefaultModel(kind, id),
    defaultVoice: () => config.defaultVoice(),
    confirmCostAboveCents: config.confirmCostAboveCents,
    submitJob: async (kind, request, images, readFile, onUploadProgress) => {
      // The video form has always said this for a model the catalog does not know.
      const unknownModel: FieldProblem | undefined = kind === 'video' ? { field: 'model', message: vscode.l10n.t('Choose a video model.') } : undefined;
      const input = { input: request, images, encodeFile: readFile, ...(unknownModel ? { unknownModel } : {}), ...(onUploadProgress ? { onUploadProgress } : {}) };
      const started = await startJob(af, kind, input, { type: 'panel' });
      if (started.ok) {
        started.taskId?.catch(() => undefined); // a video's failure is recorded on its task
        return { ok: true, localId: started.localId, ...(started.files ? { files: started.files } : {}) };
      }
      if (started.stage === 'confirm') return { ok: false, declined: true };
      return { ok: false, problems: started.problems };
    },
    cancelUpload: (localId) => af.tracker.cancelSync(localId),
    // The commands' encoder too: reads the file and checks its magic bytes.
    encodeImage: (fsPath) => encodeImageFile(fsPath),
    trackerRecord: (localId) => af.tracker.get(localId),
    onDidChangeRecord: (listener) => af.tracker.onDidChange(listener),
    voices: () => sessionVoices(af),
    voicePreviewDir: () => previewDir(af),
    voicePreviewFile: (voiceId, url) => cachedVoicePreview(af, voiceId, url),
    memento: af.context.globalState,
    promptHelp: {
      offer: () => improveOffer(af),
      improve: (req, opts) => improvePrompt(af, req, opts),
      describe: describeImproveError,
      onDidChange: (listener) => vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('airforce.promptModel') && listener()),
    },
    logger: af.log,
  };
}
