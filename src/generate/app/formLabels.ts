// How a form names its choices and itself per kind: a model with its price (from the model's price
// fields, the same ones the estimate reads), a voice with its language, gender and accent, the
// prompt's label, placeholder and "required" message, the model row's loading and empty texts. No DOM.
import type { Model } from '../../api/schemas/schemas';
import { unitPrices, type PriceUnit } from '../../views/modelPresentation';
import { formatUnitCents } from '../../views/money';
import { pageLocale } from './locale';
import type { StringKey, Strings, VoiceItem } from '../protocol';
import { isPanelOperation, type MediaKind, type PanelKind } from '../protocolConstants';
import type { Kind } from '../../kinds';
import { formatMoneyCents as formatCents } from '../../l10n/format';
import { fill } from '../../webview/browser/text';

const UNIT_KEYS: Record<PriceUnit, StringKey> = {
  second: 'price.perSecond',
  minute: 'price.perMinute',
  image: 'price.perImage',
  thousandChars: 'price.perThousandChars',
  generation: 'price.perGeneration',
};

/** "$0.025/image", "$0.15/1K characters", "$0.005/s + $0.01/generation", or "price unknown" (the Models view's unit prices). */
export function modelPrice(kind: MediaKind, model: Model, s: Strings): string {
  const prices = unitPrices(model, kind);
  return prices.length > 0 ? prices.map((p) => fill(s[UNIT_KEYS[p.unit]], formatUnitCents(p.cents, pageLocale()))).join(' + ') : s['price.unknown'];
}

/** An operation's model: "whisper-1 — $0.006/min" (per minute of the source, or per second, plus a flat fee), else "price unknown". */
export function operationModelLabel(model: Model, s: Strings): string {
  const price = (field: string): number | undefined => {
    const v = (model as Record<string, unknown>)[field];
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
  };
  const perMinute = price('price_per_audio_minute_cents');
  const perSecond = price('price_per_audio_second_cents');
  const flat = price('price_per_generation_cents');
  const parts = [
    ...(perMinute !== undefined
      ? [fill(s['price.perMinute'], formatUnitCents(perMinute, pageLocale()))]
      : perSecond !== undefined
        ? [fill(s['price.perSecond'], formatUnitCents(perSecond, pageLocale()))]
        : []),
    ...(flat !== undefined ? [fill(s['price.perGeneration'], formatUnitCents(flat, pageLocale()))] : []),
  ];
  return fill(s.mediaModelOption, model.id, parts.length > 0 ? parts.join(' + ') : s['price.unknown']);
}

/** "wan-2.6 — $0.05/s" for video (its price per second), "flux-2-dev — $0.025/image" for the others. */
export function modelOptionLabel(kind: PanelKind, model: Model, s: Strings): string {
  if (isPanelOperation(kind)) return operationModelLabel(model, s);
  if (kind === 'video') return fill(s.modelOption, model.id, formatCents(model.video_caps?.price_per_second_cents ?? 0, pageLocale()));
  return fill(s.mediaModelOption, model.id, modelPrice(kind, model, s));
}

/** The texts of a kind's form: the model row's while loading and with none, the prompt's. */
export function kindTexts(s: Strings, kind: Kind): { loading: string; none: string; prompt: string; placeholder: string; required: string } {
  if (kind === 'video') return { loading: s.modelsLoading, none: s.noVideoModels, prompt: s.prompt, placeholder: s.promptPlaceholder, required: s.promptRequired };
  const prompt = kind === 'speech' ? s.speechText : s.prompt;
  return { loading: s.mediaModelsLoading, none: s[`noModels.${kind}`], prompt, placeholder: s[`promptPlaceholder.${kind}`], required: s[`promptRequired.${kind}`] };
}

/** "Rachel — en · female · american"; a voice that says nothing more is just its name. */
export function voiceLabel(voice: VoiceItem, s: Strings): string {
  const details = [voice.language, voice.gender, voice.accent].filter((d): d is string => typeof d === 'string' && d.trim() !== '');
  return details.length > 0 ? fill(s.voiceOption, voice.name, details.join(' · ')) : voice.name;
}

/** A recent prompt as a menu entry: one line, shortened. */
export function promptLabel(prompt: string, max = 80): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
