// The protocol's constants and the app's string keys. Kept free of zod so the webview bundle can
// import them without pulling the schema library in (protocol.ts re-exports everything here).
import { PROBLEM_STRING_KEYS } from '../api/rules/messages';
import { IMPROVE_STRING_KEYS } from '../webview/browser/improveKeys';
import { KIND_IDS, OPERATION_IDS, OPERATIONS, SYNC_KIND_IDS, type Kind, type Operation, type SyncKind } from '../kinds';

/** Messages from the webview larger than this (serialized JSON) are dropped unread. */
export const MAX_WEBVIEW_MESSAGE_BYTES = 64 * 1024;
/** More images than this in one request is a mistake, not a use case. */
export const MAX_IMAGES = 16;
/** A path or URL longer than this is not one the user picked. */
export const MAX_SOURCE_CHARS = 4096;

/**
 * How the webview names a local image: an opaque token the host issued for a file the person picked,
 * dropped or that lies in the workspace. Random, never derived from the path; the host keeps the map.
 */
export const IMAGE_TOKEN_PATTERN = /^img:[A-Za-z0-9_-]{22,64}$/;

export function isImageToken(source: string): boolean {
  return IMAGE_TOKEN_PATTERN.test(source);
}

/** A subtitle track's language as a `<track srclang>` takes it (a BCP 47 tag such as `en` or `pt-BR`). */
export const SUBTITLE_LANG_PATTERN = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/;

/**
 * How the webview names a workspace audio or video file for an operation (Transcribe, Voice changer):
 * a token the host issued for a file it checked lies inside a workspace folder; never a path.
 */
export const MEDIA_TOKEN_PATTERN = /^med:[A-Za-z0-9_-]{22,64}$/;

export function isMediaToken(source: string): boolean {
  return MEDIA_TOKEN_PATTERN.test(source);
}

/** The operations with a form in the panel (OperationFacts.panel in src/kinds.ts). */
export type PanelOperation = { [O in Operation]: (typeof OPERATIONS)[O]['panel'] extends true ? O : never }[Operation];
export const PANEL_OPERATION_IDS = OPERATION_IDS.filter((op) => OPERATIONS[op].panel) as readonly Operation[] as readonly [PanelOperation, ...PanelOperation[]];

/**
 * The Generate panel's tabs: every kind of src/kinds.ts (KIND_IDS order), then the operations on a
 * workspace file that have a form (`panel: true`), in OPERATION_IDS order.
 */
export type PanelKind = Kind | PanelOperation;
export const PANEL_KIND_IDS = [...KIND_IDS, ...PANEL_OPERATION_IDS] as readonly PanelKind[] as readonly [PanelKind, ...PanelKind[]];
export type MediaKind = SyncKind;
/** The forms whose last model the panel remembers (video's stays in its form). */
export type RememberedKind = SyncKind | PanelOperation;
export const REMEMBERED_KIND_IDS = [...SYNC_KIND_IDS, ...PANEL_OPERATION_IDS] as readonly RememberedKind[] as readonly [RememberedKind, ...RememberedKind[]];

export function isPanelOperation(v: unknown): v is PanelOperation {
  return typeof v === 'string' && (PANEL_OPERATION_IDS as readonly string[]).includes(v);
}

export function isPanelKind(v: unknown): v is PanelKind {
  return typeof v === 'string' && (PANEL_KIND_IDS as readonly string[]).includes(v);
}
/** Recent prompts kept per kind (global state). */
export const RECENT_PROMPTS_MAX = 50;

/** Buttons of the task view that run a tracker command on the host. */
export const TASK_ACTIONS = ['lookAgain', 'sendAgain', 'tryAgain'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/**
 * Every user-facing string of the app, localised by the host (vscode.l10n.t) and handed over in the
 * page's settings. `{0}` placeholders are filled by the app.
 */
export const STRING_KEYS = [
  'model',
  'modelOption',
  'modelsLoading',
  'modelsRetry',
  'noVideoModels',
  'setDefault',
  'isDefault',
  'mode',
  'mode.text',
  'mode.image',
  'mode.reference',
  'prompt',
  'promptPlaceholder',
  ...IMPROVE_STRING_KEYS, // Improve prompt (webview/browser/improvePrompt.ts)
  'duration',
  'seconds',
  'aspectRatio',
  'quality',
  'images',
  'imagesHintImage',
  'imagesHintReference',
  'addFromWorkspace',
  'dropHere',
  'imageUrl',
  'addUrl',
  'urlInvalid',
  'remove',
  'advanced',
  'seed',
  'sound',
  'extraParams',
  'extraKey',
  'extraValue',
  'addParam',
  'removeParam',
  'generate',
  'generating',
  'estimatedCost',
  'costConfirmNote',
  'status.waiting',
  'status.queued',
  'status.processing',
  'status.completed',
  'status.failed',
  'status.expired',
  'waitingSlot',
  'taskId',
  'requestIdLabel',
  'elapsed',
  'progress',
  'openFile',
  'revealFile',
  'openExternal',
  'generateAgain',
  'newVideo',
  'requestId',
  'videoError',
  'downloading',
  'downloadFailed',
  'seedInvalid',
  'extraKeyInvalid',
  'extraKeyDuplicate',
  'extraKeyReserved',
  'imageRequired',
  'imageOne',
  'promptRequired',
  'refresh',
  'audioNote',
  'cost',
  'status.fate-unknown',
  'status.unrecognized',
  'fateUnknown',
  'lookAgain',
  'sendAgain',
  'tryAgain',
  'waitingSince',
  'runningProblem',
  'imagesForgotten',
  // The kind switch and the image/audio forms (issue 8).
  'kinds',
  'kind.video',
  'kind.image',
  'kind.speech',
  'kind.music',
  'kind.sfx',
  'mediaModelsLoading',
  'noModels.image',
  'noModels.speech',
  'noModels.music',
  'noModels.sfx',
  'mediaModelOption',
  'price.perImage',
  'price.perThousandChars',
  'price.perSecond',
  'price.perMinute',
  'price.perGeneration',
  'price.unknown',
  'priceUnknown',
  'speechText',
  'promptPlaceholder.image',
  'promptPlaceholder.speech',
  'promptPlaceholder.music',
  'promptPlaceholder.sfx',
  'promptRequired.image',
  'promptRequired.speech',
  'promptRequired.music',
  'promptRequired.sfx',
  'imageCount',
  'ratioDefault',
  'imagesHintEdit',
  'voice',
  'voicesLoading',
  'noVoices',
  'voiceOption',
  'previewVoice',
  'speed',
  'speedValue',
  'outputFormat',
  'formatWav',
  'musicLength',
  'sfxDuration',
  'lengthAuto',
  'promptInfluence',
  'promptInfluenceHint',
  'recent',
  'recentPick',
  'clearRecent',
  'raiseBudget',
  'animateImage',
  'copyPath',
  'openImage',
  'results',
  'imageResult',
  'audioError',
  'savingFiles',
  'saveFailed',
  'newKind.image',
  'newKind.speech',
  'newKind.music',
  'newKind.sfx',
  // The keyboard and accessible names (issue 10).
  'shortcutHint',
  'shortcutHint.mac',
  'voicePreviewAudio',
  'audioResult',
  'videoResult',
  // A saved video's WebVTT file beside it, played as its <track> (issue 19).
  'subtitles',
  // The prompt's live character count (issue 15).
  'promptCount',
  'promptCountSpeech',
  'promptChars',
  // The operations on a workspace file (issue 19): their tabs, the file field, language and voice.
  'kind.transcribe',
  'kind.voiceChange',
  'kind.dub',
  'noModels.transcribe',
  'noModels.voiceChange',
  'noModels.dub',
  'newKind.transcribe',
  'newKind.voiceChange',
  'newKind.dub',
  'sourceFile',
  'chooseFile',
  'dropMedia',
  'sourceHint',
  'fileSize',
  'fileSizeKiB',
  'durationUnknown',
  'spokenLanguage',
  'detectLanguage',
  'newVoice',
  'targetLanguage',
  'chooseLanguage',
  'sourceLanguage',
  'uploading',
  'cancelUpload',
  'uploadCancelHint',
  'transcript',
  'mediaForgotten',
  ...PROBLEM_STRING_KEYS, // the validators' problem codes in words (issue 10)
] as const;
export type StringKey = (typeof STRING_KEYS)[number];
export type Strings = Record<StringKey, string>;

/** The page's settings, embedded as escaped JSON in a data- attribute (no inline script needed). */
export interface PanelSettings {
  strings: Strings;
  /** The ISO-639-1 codes the Transcribe form offers (src/ui/languages.ts); the page names them in its language. */
  languages: readonly string[];
}
