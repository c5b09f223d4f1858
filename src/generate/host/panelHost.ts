// What the Generate panel is given by the extension (panelHost() in src/commands/generate.ts wires it,
// its image/audio half from ./vscodePanelHost.ts) and what a command may put into its form. Types only,
// plus the panel's one way to describe an error in a log line.
import type * as vscode from 'vscode';
import type { CreateVideoRequest, InputImage, Model } from '../../api/schemas/schemas';
import type { Voice } from '../../api/schemas/audioSchemas';
import type { VideoModel } from '../../api/models';
import type { FieldProblem } from '../../api/rules/validation';
import type { JobRecord } from '../../tasks/types';
import type { PanelImage } from './imageInput';
import type { MediaKind, MediaPrefill, PanelKind } from '../protocol';

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
}

/** An input image of a media request: a checked file (read only after the cost is agreed) or an https URL. */
export type PanelMediaImage = { file: string; source: string } | { url: string };

export type MediaSubmitted =
  | { ok: true; localId: string; files: Promise<string[]> }
  | { ok: false; problems: FieldProblem<string>[] }
  /** The person declined the cost: nothing to fix, nothing to show. */
  | { ok: false; declined: true };

/** The part of VS Code's globalState the panel uses (last kind and models, recent prompts). */
export interface PanelMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

/** What the extension provides; panelHost() in src/commands/generate.ts wires it (with ./vscodePanelHost.ts). */
export interface PanelHost {
  extensionUri: vscode.Uri;
  /** Output folder: a resource root, so the saved result can play in the panel. */
  outputDir: () => vscode.Uri | undefined;
  /** Where voice previews are cached (a resource root too); undefined: no previews. */
  voicePreviewDir: () => vscode.Uri | undefined;
  /** Throws an AirforceError-like value (with userMessage()) on failure. */
  loadModels: (refresh?: boolean) => Promise<VideoModel[]>;
  /** Every image, speech, music and sound-effect model. */
  loadMediaModels: (refresh?: boolean) => Promise<Model[]>;
  defaultModel: () => string | undefined;
  /** The kind's default-model setting (airforce.defaultImageModel, …). */
  mediaSettingDefault: (kind: MediaKind) => string | undefined;
  /** airforce.defaultVoice (a voice_id), or undefined when unset. */
  defaultVoice: () => string | undefined;
  rememberModel: (id: string) => Thenable<void> | Promise<void>;
  /** "Make default" on an image/audio form: the kind's default-model setting (user settings). */
  rememberMediaDefault: (kind: MediaKind, id: string) => Thenable<void> | Promise<void>;
  confirmCostAboveCents: () => number;
  /** airforce.budgetCents: the submit pipeline's budget step (src/submit/vscode/budgetGuard.ts budgetStep). */
  checkBudget: (costCents: number) => Promise<{ ok: true } | { ok: false; message: string }>;
  /** `estimateCents`: the price shown before the submit, the record's cost until the server has one. */
  submit: (request: CreateVideoRequest, imageSources: string[], estimateCents?: number) => Promise<{ localId: string }>;
  /** The one submit (validate → estimate → the cost question → encode → tracker); `files` settles later. */
  submitMedia: (kind: MediaKind, request: Record<string, unknown>, images: PanelMediaImage[]) => Promise<MediaSubmitted>;
  /** GET /v1/audio/voices. */
  voices: () => Promise<Voice[]>;
  /** Downloads a voice's preview (without the key) into voicePreviewDir, or reuses it; resolves to its path. */
  voicePreviewFile: (voiceId: string, previewUrl: string) => Promise<string>;
  encodeImage: (fsPath: string) => Promise<{ b64_json: string }>;
  /** Why an encoded input image is not an image by its bytes (a URL's first bytes), if so. */
  checkInputImage?: (image: InputImage) => Promise<string | undefined>;
  trackerRecord: (localId: string) => JobRecord | undefined;
  onDidChangeRecord: (listener: (r: JobRecord | undefined) => void) => vscode.Disposable;
  /** globalState. */
  memento: PanelMemento;
  logger: vscode.LogOutputChannel;
}

/** Log prefix of every line the panel writes. */
export const LOG_PREFIX = 'Generate panel:';

export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
