// What the Generate panel is given by the extension (panelHost() in ./vscodePanelHost.ts wires it) and
// what a command may put into its form. Types only, plus the panel's one way to describe an error in
// a log line.
import type * as vscode from 'vscode';
import type { InputImage, Model } from '../../api/schemas/schemas';
import type { Voice } from '../../api/schemas/audioSchemas';
import type { FieldProblem } from '../../api/rules/validation';
import type { JobRecord } from '../../jobs/types';
import type { PanelImage } from './imageInput';
import type { PromptHelpHost } from './promptHelp';
import type { MediaPrefill, OperationPrefill, PanelKind } from '../protocol';
import type { Kind } from '../../kinds';

export type { PanelImage };

export interface PanelInit {
  /** The form to show (absent: video). */
  kind?: PanelKind;
  model?: string;
  mode?: 'text' | 'image' | 'reference';
  prompt?: string;
  duration_seconds?: number;
  aspect_ratio?: string;
  quality?: string;
  /** Video: input images; image kind: the images to edit. */
  images?: PanelImage[];
  extra?: Record<string, unknown>;
  /** An image/audio form's values. */
  media?: MediaPrefill;
  /** An operation form's values (its file already a token this panel issued). */
  operation?: OperationPrefill;
}

/**
 * An input image of a job: a file this panel checked — `file` is its token, read by the submit's
 * `readFile` only after the cost is agreed; `source` the path the record keeps — or an https URL.
 */
export type PanelJobImage = { file: string; source: string } | { url: string };

export type PanelJobSubmitted =
  /** `files`: image and audio kinds, once saved; a video job has none (it is followed as a task). */
  | { ok: true; localId: string; files?: Promise<string[]> }
  /** The budget's refusal is one of them, on the field 'budget'. */
  | { ok: false; problems: FieldProblem<string>[] }
  /** The person declined the cost: nothing to fix, nothing to show. */
  | { ok: false; declined: true };

/** The part of VS Code's globalState the panel uses (last kind and models, recent prompts). */
export interface PanelMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

/** Which model list: the video form's (video_caps), or the image/audio forms' (one catalog read). */
export type PanelModelList = 'video' | 'media';

/** What the extension provides; panelHost() in ./vscodePanelHost.ts wires it. */
export interface PanelHost {
  extensionUri: vscode.Uri;
  /** Output folder: a resource root, so the saved result can play in the panel. */
  outputDir: () => vscode.Uri | undefined;
  /** Where voice previews are cached (a resource root too); undefined: no previews. */
  voicePreviewDir: () => vscode.Uri | undefined;
  /** The video models, or every image, speech, music and sound-effect model. Throws an AirforceError-like value (with userMessage()) on failure. */
  loadModels: (list: PanelModelList, refresh?: boolean) => Promise<Model[]>;
  /** The kind's default-model setting (airforce.defaultVideoModel, airforce.defaultImageModel, …). */
  defaultModel: (kind: Kind) => string | undefined;
  /** "Make default" on a form: the kind's default-model setting (user settings). */
  setDefaultModel: (kind: Kind, id: string) => Thenable<void> | Promise<void>;
  /** airforce.defaultVoice (a voice_id), or undefined when unset. */
  defaultVoice: () => string | undefined;
  confirmCostAboveCents: () => number;
  /**
   * The one submit, any kind (src/submit/vscode/startJob.ts, origin panel: validate → estimate →
   * budget → the cost question → `readFile` each file → the tracker); a video job's `files` is absent.
   */
  submitJob: (
    kind: PanelKind,
    request: Record<string, unknown>,
    images: PanelJobImage[],
    readFile: (file: string) => Promise<InputImage>,
    /** An operation's upload: `sent` of `total` bytes handed to the connection. */
    onUploadProgress?: (sent: number, total: number) => void,
  ) => Promise<PanelJobSubmitted>;
  /** Stops an operation's upload still being sent (nothing billed: the server never had it whole). */
  cancelUpload: (localId: string) => void;
  /** GET /v1/audio/voices. */
  voices: () => Promise<Voice[]>;
  /** Downloads a voice's preview (without the key) into voicePreviewDir, or reuses it; resolves to its path. */
  voicePreviewFile: (voiceId: string, previewUrl: string) => Promise<string>;
  /** Reads a checked file's bytes (magic-byte checked): the panel's `readFile` after the token's check. */
  encodeImage: (fsPath: string) => Promise<{ b64_json: string }>;
  trackerRecord: (localId: string) => JobRecord | undefined;
  onDidChangeRecord: (listener: (r: JobRecord | undefined) => void) => vscode.Disposable;
  /** globalState. */
  memento: PanelMemento;
  /** Improve prompt (chat completions); absent: no button does anything. */
  promptHelp?: PromptHelpHost;
  logger: vscode.LogOutputChannel;
}

/** Log prefix of every line the panel writes. */
export const LOG_PREFIX = 'Generate panel:';

export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
