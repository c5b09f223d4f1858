// The app's state: what it persists (the session: view, kind, every kind's form, the task shown) and
// what it keeps only while the page lives (models, voices, problems, …: the host sends those again
// after every `ready`). Controllers change it, then ask for one render.
import type { Model } from '../../api/schemas/schemas';
import type { AppMessage, Problem, Strings } from '../protocol';
import { PANEL_KIND_IDS, type PanelKind } from '../protocolConstants';
import type { FormMessages } from './videoForm';
import type { Session } from './session';
import { problemText } from '../../l10n/problemText';
import { pageLocale } from './locale';
import type { PreviewState, VoicesState } from './speechFields';
import type { UploadState } from './uploadProgress';

export interface Runtime {
  /** Per kind: its models; null while the host loads them. */
  models: Record<PanelKind, Model[] | null>;
  /** Per kind: why its models could not be listed. */
  modelsError: Partial<Record<PanelKind, string>>;
  /** Per kind: the default-model setting ("Make default" shows "Default model" for it). */
  settings: Partial<Record<PanelKind, string>>;
  /** airforce.defaultVoice: the voice to pick when the form's voice is not among the model's. */
  defaultVoice: string | undefined;
  recentPrompts: Partial<Record<PanelKind, string[]>>;
  /** Speech (and voice changer) voices by model id. */
  voices: Map<string, VoicesState>;
  preview: PreviewState | undefined;
  confirmCostAboveCents: number;
  busy: boolean;
  /** Improve prompt is streaming into a prompt field: Generate waits for it. */
  improving: boolean;
  hostProblems: Problem[];
  touched: Set<string>;
  imageNotices: string[];
  /** Why a file chosen or dropped on an operation form was refused (or forgotten after a reload). */
  mediaNotices: string[];
  urlDraft: string;
  urlInvalid: boolean;
  /** The latest progress of a large operation upload (the task it belongs to names it). */
  upload?: UploadState;
}

export function newRuntime(): Runtime {
  return {
    models: Object.fromEntries(PANEL_KIND_IDS.map((kind) => [kind, null])) as Runtime['models'],
    modelsError: {},
    settings: {},
    defaultVoice: undefined,
    recentPrompts: {},
    voices: new Map(),
    preview: undefined,
    confirmCostAboveCents: Number.POSITIVE_INFINITY,
    busy: false,
    improving: false,
    hostProblems: [],
    touched: new Set(),
    imageNotices: [],
    mediaNotices: [],
    urlDraft: '',
    urlInvalid: false,
  };
}

export interface App {
  session: Session;
  runtime: Runtime;
  strings: Strings;
  messages: FormMessages;
  post(message: AppMessage): void;
  render(): void;
}

/** The form messages the form models produce (seed, advanced rows, image count). */
export function formMessages(s: Strings): FormMessages {
  return {
    seedInvalid: s.seedInvalid,
    extraKeyInvalid: s.extraKeyInvalid,
    extraKeyDuplicate: s.extraKeyDuplicate,
    extraKeyReserved: s.extraKeyReserved,
    imageRequired: s.imageRequired,
    imageOne: s.imageOne,
    chooseLanguage: s.chooseLanguage,
    describe: (p) => problemText(p, s, pageLocale()),
  };
}
