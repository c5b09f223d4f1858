// The one list of kinds of media and each kind's facts. Every other list, enum, map or type of kinds
// derives from here (zod enums via `z.enum(KIND_IDS)`), so adding a kind is one entry below plus its
// API module (request schema, validator and estimator in src/api/rules/byKind.ts). Free of zod,
// vscode and node imports: the webview apps import it too. Labels are translated where the l10n
// extractor sees literal strings (views/kindLabel.ts, ui/confirmCost.ts); `label` is their English key.

/** A result file's type, read from its bytes (io/magic.ts sniffs it; the extension follows it). */
export type MediaType = 'png' | 'jpeg' | 'webp' | 'mp3' | 'wav' | 'mp4';

/** The kinds, in the order every view lists them (panel tabs, Models groups, the spending chart). */
export const KIND_IDS = ['video', 'image', 'speech', 'music', 'sfx'] as const;
export type Kind = (typeof KIND_IDS)[number];

export interface KindFacts {
  /**
   * true: one POST answers with the files (nothing to follow). false: the server makes a task that
   * is followed by polling and downloaded later (video), so it has a queue, a status and a history.
   */
  readonly sync: boolean;
  /** Which endpoint family makes it: the three sound kinds share the audio one. */
  readonly family: 'video' | 'image' | 'audio';
  /** The catalog's `media_type` words for its models (music models say `audio`; api/rules/modelKind.ts). */
  readonly mediaTypes: readonly string[];
  /** The English name, and the l10n key of its label ("Image"); `groupLabel` names a group of them. */
  readonly label: string;
  readonly groupLabel: string;
  /** The codicon shown for it in the Tasks and Models views. */
  readonly icon: string;
  /** The request field that carries its text: speech is spoken `input`, the rest are `prompt`s. */
  readonly textField: 'prompt' | 'input';
  /** Where a catalog model keeps its caps for this kind. */
  readonly capsKey: 'video_caps' | 'image_caps' | 'speech_caps' | 'audio_caps' | 'sfx_caps';
  /**
   * What its result files may be, first the default: a sync result of any other type is refused
   * whatever the server said. Video is always saved as `.mp4` (io/fileNames.ts).
   */
  readonly results: readonly MediaType[];
  /** The setting naming its default model (a setting name is public: it never changes). */
  readonly defaultModelSetting: string;
  /** The public command that opens the Generate panel on it (a Models view group's click). */
  readonly generateCommand: string;
  /**
   * Its colour in the spending chart: five hues that stay apart in every built-in theme
   * (charts-yellow and charts-orange are nearly the same brown in the light themes: no orange).
   */
  readonly chartColour: string;
}

export const KINDS = {
  video: {
    sync: false,
    family: 'video',
    mediaTypes: ['video'],
    label: 'Video',
    groupLabel: 'Video',
    icon: 'device-camera-video',
    textField: 'prompt',
    capsKey: 'video_caps',
    results: ['mp4'],
    defaultModelSetting: 'defaultVideoModel',
    generateCommand: 'airforce.generateVideo',
    chartColour: '--vscode-charts-blue',
  },
  image: {
    sync: true,
    family: 'image',
    mediaTypes: ['image'],
    label: 'Image',
    groupLabel: 'Image',
    icon: 'file-media',
    textField: 'prompt',
    capsKey: 'image_caps',
    results: ['png', 'jpeg', 'webp'],
    defaultModelSetting: 'defaultImageModel',
    generateCommand: 'airforce.generateImage',
    chartColour: '--vscode-charts-green',
  },
  speech: {
    sync: true,
    family: 'audio',
    mediaTypes: ['speech', 'voiceover'],
    label: 'Speech',
    groupLabel: 'Speech',
    icon: 'mic',
    textField: 'input',
    capsKey: 'speech_caps',
    results: ['mp3', 'wav'],
    defaultModelSetting: 'defaultSpeechModel',
    generateCommand: 'airforce.generateSpeech',
    chartColour: '--vscode-charts-purple',
  },
  music: {
    sync: true,
    family: 'audio',
    mediaTypes: ['audio'],
    label: 'Music',
    groupLabel: 'Music',
    icon: 'music',
    textField: 'prompt',
    capsKey: 'audio_caps',
    results: ['mp3', 'wav'],
    defaultModelSetting: 'defaultMusicModel',
    generateCommand: 'airforce.generateMusic',
    chartColour: '--vscode-charts-yellow',
  },
  sfx: {
    sync: true,
    family: 'audio',
    mediaTypes: ['sfx'],
    label: 'Sound effect',
    groupLabel: 'Sound effects',
    icon: 'symbol-event',
    textField: 'prompt',
    capsKey: 'sfx_caps',
    results: ['mp3', 'wav'],
    defaultModelSetting: 'defaultSoundEffectModel',
    generateCommand: 'airforce.generateSoundEffect',
    chartColour: '--vscode-charts-red',
  },
} as const satisfies Readonly<Record<Kind, KindFacts>>;

/** The kinds answered by one POST (KindFacts.sync): image, speech, music, sfx. */
export type SyncKind = { [K in Kind]: (typeof KINDS)[K]['sync'] extends true ? K : never }[Kind];
/** The followed kinds (KindFacts.sync false): video. */
export type AsyncKind = Exclude<Kind, SyncKind>;
/** The sound kinds (KindFacts.family 'audio'): speech, music, sfx. */
export type AudioKind = { [K in Kind]: (typeof KINDS)[K]['family'] extends 'audio' ? K : never }[Kind];

export function isKind(v: unknown): v is Kind {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(KINDS, v);
}

export function isSyncKind(kind: unknown): kind is SyncKind {
  return isKind(kind) && KINDS[kind].sync;
}

/** The facts of one kind, widened (KINDS keeps literal types for the derived types above). */
export function kindFacts(kind: Kind): KindFacts {
  return KINDS[kind];
}

export function isAudioKind(kind: unknown): kind is AudioKind {
  return isKind(kind) && KINDS[kind].family === 'audio';
}

/** The synchronous kinds in list order, typed for `z.enum` (a non-empty tuple). */
export const SYNC_KIND_IDS = KIND_IDS.filter(isSyncKind) as readonly SyncKind[] as readonly [SyncKind, ...SyncKind[]];

// ---------------------------------------------------------------------------------------------
// Operations on media the person already has (a recorded demo, a podcast take, a generated video):
// made from a workspace file, not a prompt. They are job kinds like the five above (one submit
// path, one record, the budget and the ledger) but have no prompt and no caps object; their facts say
// what the one path needs instead (`panel`: a Generate tab of its own).

/** The operations, in the order the views list them after the kinds. */
export const OPERATION_IDS = ['transcribe', 'dub', 'isolate', 'voiceChange'] as const;
export type Operation = (typeof OPERATION_IDS)[number];

/** The files an operation takes, by extension (the Explorer menus say the same). */
export const MEDIA_SOURCE_EXTENSIONS = ['mp3', 'wav', 'm4a', 'ogg', 'flac', 'mp4', 'webm', 'mov'] as const;

export interface OperationFacts {
  /** One POST answers with the result (true), or a job followed by polling (dubbing, later). */
  readonly sync: boolean;
  /** The catalog's word for the models that serve it (api/rules/mediaModelKind.ts). */
  readonly serves: 'transcription' | 'dubbing' | 'isolation' | 'voice-changer';
  readonly label: string;
  readonly groupLabel: string;
  readonly icon: string;
  /**
   * Its results, in order, as `<source stem>.<name>`: `{voice}` becomes the voice's name, `{lang}`
   * the target language. A text
   * result is written as is; an audio one takes the extension its bytes show (io/magic.ts).
   */
  readonly resultNames: readonly string[];
  /** What its audio results may be (text results are not sniffed). */
  readonly results: readonly MediaType[];
  /** The public command that runs it on a file. */
  readonly command: string;
  readonly chartColour: string;
  /** It has a form (a tab) in the Generate panel, after the kinds' (generate/protocolConstants.ts). */
  readonly panel: boolean;
}

export const OPERATIONS = {
  transcribe: {
    sync: true,
    serves: 'transcription',
    label: 'Transcription',
    groupLabel: 'Transcription',
    icon: 'quote',
    resultNames: ['transcript.txt', 'srt', 'vtt'],
    results: [],
    command: 'airforce.transcribe',
    chartColour: '--vscode-terminal-ansiCyan',
    panel: true,
  },
  dub: {
    sync: false,
    serves: 'dubbing',
    label: 'Dub',
    groupLabel: 'Dubbing',
    icon: 'globe',
    resultNames: ['{lang}.mp3'],
    results: ['mp3', 'wav'],
    command: 'airforce.dub',
    chartColour: '--vscode-terminal-ansiYellow',
    panel: true,
  },
  isolate: {
    sync: true,
    serves: 'isolation',
    label: 'Isolated voice',
    groupLabel: 'Voice isolation',
    icon: 'person',
    resultNames: ['voice.mp3'],
    results: ['mp3', 'wav'],
    command: 'airforce.isolateVoice',
    chartColour: '--vscode-terminal-ansiMagenta',
    panel: false,
  },
  voiceChange: {
    sync: true,
    serves: 'voice-changer',
    label: 'Changed voice',
    groupLabel: 'Voice changer',
    icon: 'account',
    resultNames: ['{voice}.mp3'],
    results: ['mp3', 'wav'],
    command: 'airforce.changeVoice',
    chartColour: '--vscode-terminal-ansiBrightBlack',
    panel: true,
  },
} as const satisfies Readonly<Record<Operation, OperationFacts>>;

/** Every kind of job: the five made from a prompt, then the operations made from a file. */
export const JOB_KIND_IDS = [...KIND_IDS, ...OPERATION_IDS] as const;
export type JobKind = Kind | Operation;

export function isOperation(v: unknown): v is Operation {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(OPERATIONS, v);
}

export function isJobKind(v: unknown): v is JobKind {
  return isKind(v) || isOperation(v);
}

export function operationFacts(op: Operation): OperationFacts {
  return OPERATIONS[op];
}

/** The facts every job kind has: whether one POST answers, its names, icon and chart colour. */
export type CommonFacts = Pick<KindFacts, 'sync' | 'label' | 'groupLabel' | 'icon' | 'chartColour' | 'results'>;

export function jobKindFacts(kind: JobKind): CommonFacts {
  return isOperation(kind) ? OPERATIONS[kind] : KINDS[kind];
}

/** The synchronous job kinds: the sync kinds and the operations (dubbing's record is made the same way). */
export type SyncJobKind = SyncKind | Operation;

export function isSyncJobKind(kind: unknown): kind is SyncJobKind {
  return isSyncKind(kind) || (isOperation(kind) && OPERATIONS[kind].sync);
}
