// The comparison grid's protocol, the zod-free half: the view type, the app's string keys and the
// messages the host sends (typed at compile time; the host is the extension itself). The app imports
// only this file (and types); what the app sends is parsed with zod in protocol.ts.
import type { Model } from '../api/schemas/schemas';
import type { CardJob } from './cards';
import type { CompareForm, CompareKind, SharedField } from './fields';
import type { PromptHostMessage } from '../webview/browser/improveKeys';

export const COMPARE_VIEW_TYPE = 'airforce.compare';

/** Messages from the webview larger than this (serialized JSON) are dropped unread. */
export const MAX_COMPARE_MESSAGE_BYTES = 64 * 1024;

/** The form as the app holds it: the input image is a host-issued token or an https URL, never a path. */
export type CompareFormMessage = CompareForm;

/** An input image as the form shows it: `source` is the token or URL the app sends back. */
export interface CompareImageItem {
  source: string;
  label: string;
  /** A data: thumbnail or the https URL itself. */
  thumb?: string;
}

export interface CardFile {
  /** asWebviewUri with a cache-busting query. */
  uri: string;
  name: string;
  media: 'image' | 'video' | 'audio';
}

export interface CardView {
  model: string;
  unsupported: SharedField[];
  /** The card's job as the pure layer has it, its files as webview URIs instead of a count. */
  job?: Omit<CardJob, 'fileCount'> & { files: CardFile[] };
  /** Failed: Retry starts this model's job again, in the same group. */
  canRetry: boolean;
  /** Completed with a saved result: Keep marks it as the winner. */
  canKeep: boolean;
}

export interface GroupView {
  id: string;
  kind: CompareKind;
  prompt: string;
  cards: CardView[];
}

export type CheckedMessage =
  | { type: 'checked'; seq: number; ok: true; estimates: Array<{ model: string; cents?: number }>; totalCents?: number }
  | { type: 'checked'; seq: number; ok: false; model?: string; message: string };

export type CompareHostMessage =
  | { type: 'init'; confirmCostAboveCents: number; imageTokens: string[] }
  | { type: 'models'; models: Model[] }
  | { type: 'modelsError'; message: string }
  | CheckedMessage
  | { type: 'image'; image: CompareImageItem | null; rejected?: string }
  | { type: 'prefill'; form: CompareFormMessage; image?: CompareImageItem }
  /** `reveal`: switch the app to the grid (after Compare, or opening a comparison). */
  | { type: 'group'; group: GroupView; reveal: boolean }
  | { type: 'busy'; busy: boolean }
  | { type: 'submitError'; message: string }
  | PromptHostMessage<CompareKind>;

/** Every user-facing string of the grid, localised by the host (host/strings.ts). */
export const COMPARE_STRING_KEYS = [
  // Improve prompt's row (webview/browser/improveKeys.ts IMPROVE_STRING_KEYS), written out so this list
  // stays a literal the activation bundle can leave out.
  'improvePrompt',
  'improving',
  'improveCancel',
  'improveUndo',
  'improveRetry',
  'improvePrice',
  'improvePriceUnknown',
  'improved',
  'improvedNoCost',
  'lessThan',
  'title',
  'kind',
  'kind.video',
  'kind.image',
  'models',
  'modelsHint',
  'modelsLoading',
  'noModels',
  'prompt',
  'promptPlaceholder',
  'duration',
  'durationDefault',
  'seconds',
  'aspectRatio',
  'ratioDefault',
  'imageCount',
  'inputImage',
  'addImage',
  'removeImage',
  'notSupported',
  'field.duration_seconds',
  'field.aspect_ratio',
  'field.n',
  'field.image',
  'estimate',
  'total',
  'totalUnknown',
  'priceUnknown',
  'confirmNote',
  'compare',
  'comparing',
  'pickModels',
  'status.waiting',
  'status.queued',
  'status.processing',
  'status.completed',
  'status.failed',
  'status.expired',
  'status.fate-unknown',
  'status.unrecognized',
  'elapsed',
  'cost',
  'costEstimate',
  'open',
  'reveal',
  'retry',
  'keep',
  'kept',
  'playInSync',
  'newComparison',
  'compareAgain',
  'backToGrid',
  'saving',
  'noResult',
  'grid',
  'modelsRetry',
] as const;
export type CompareStringKey = (typeof COMPARE_STRING_KEYS)[number];
export type CompareStrings = Record<CompareStringKey, string>;
