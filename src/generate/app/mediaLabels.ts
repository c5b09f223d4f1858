// How the image/audio form names its choices: a model with its price (from the model's price fields,
// the same ones the estimate reads), a voice with its language, gender and accent. No DOM.
import type { Model } from '../../api/schemas/schemas';
import { unitPrices, type PriceUnit } from '../../views/modelPresentation';
import { formatUnitCents } from '../../views/money';
import { pageLocale } from './locale';
import type { StringKey, Strings, VoiceItem } from '../protocol';
import type { MediaKind } from '../protocolConstants';
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

export function modelOptionLabel(kind: MediaKind, model: Model, s: Strings): string {
  return fill(s.mediaModelOption, model.id, modelPrice(kind, model, s));
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
