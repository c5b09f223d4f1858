// The Models view: one group per kind (Video · Image · Speech · Music · Sound effects), each model
// with its caps and price. Clicking a model opens the Generate panel on its kind (a video model
// comes selected). Loaded only when the view is drawn; what it says is decided in modelPresentation.ts.
// Speech also lists "My voices" (the caller's cloned voices, read when the group opens) with Rename and
// Delete on each; no clones, no node.
import * as vscode from 'vscode';
import { pickPlural } from '../l10n/format';
import { Disposable } from '../util/dispose';
import type { Model } from '../api/schemas/schemas';
import type { Voice } from '../api/schemas/audioSchemas';
import { isClonedVoice } from '../api/rules/voiceCloneRules';
import { kindLabel } from './kindLabel';
import { formatUnitCents } from './money';
import { KIND_IDS, KINDS } from '../kinds';
import { groupOf, modelCaps, unitPrices, type ModelGroup, type UnitPrice } from './modelPresentation';

export { groupOf, type ModelGroup } from './modelPresentation';

export type ModelNode =
  | { type: 'airforce.modelGroup'; group: ModelGroup; models: Model[] }
  | { type: 'airforce.model'; model: Model; group: ModelGroup }
  | { type: 'airforce.modelError'; message: string }
  | { type: 'airforce.myVoices'; voices: Voice[] }
  /** The node Rename Voice and Delete Voice receive from the row's menu. */
  | { type: 'airforce.clonedVoice'; voice: Voice };

export const isModelNode = (v: unknown): v is Extract<ModelNode, { type: 'airforce.model' }> =>
  typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'airforce.model';

function groupLabel(group: ModelGroup): string {
  return kindLabel(group, true);
}

export class ModelsTreeProvider extends Disposable implements vscode.TreeDataProvider<ModelNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ModelNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private forceRefresh = false;

  /** `loadVoices`: GET /v1/audio/voices ([] without a key); absent, Speech lists no voices. */
  constructor(
    private readonly load: (refresh: boolean) => Promise<Model[]>,
    private readonly loadVoices?: () => Promise<Voice[]>,
  ) {
    super();
  }

  refresh(): void {
    this.forceRefresh = true;
    this.changed.fire(undefined);
  }

  /** A voice was cloned, renamed or deleted: the voices are read again, the catalog is not. */
  refreshVoices(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: ModelNode): Promise<ModelNode[]> {
    if (element?.type === 'airforce.modelGroup') {
      const models: ModelNode[] = element.models.map((model) => ({ type: 'airforce.model', model, group: element.group }));
      return element.group === 'speech' ? [...(await this.myVoices()), ...models] : models;
    }
    if (element?.type === 'airforce.myVoices') return element.voices.map((voice) => ({ type: 'airforce.clonedVoice', voice }));
    if (element) return [];
    const refresh = this.forceRefresh;
    this.forceRefresh = false;
    let models: Model[];
    try {
      models = await this.load(refresh);
    } catch (e) {
      const message = (e as { userMessage?: () => string }).userMessage?.() ?? String((e as Error)?.message ?? e);
      return [{ type: 'airforce.modelError', message }];
    }
    const groups = new Map<ModelGroup, Model[]>(KIND_IDS.map((g) => [g, []]));
    for (const m of models) {
      const g = groupOf(m);
      if (g) groups.get(g)!.push(m);
    }
    return KIND_IDS.filter((g) => groups.get(g)!.length > 0).map((group) => ({
      type: 'airforce.modelGroup',
      group,
      models: groups.get(group)!,
    }));
  }

  /** The "My voices" node when the caller has cloned voices; a row saying why when they cannot be read. */
  private async myVoices(): Promise<ModelNode[]> {
    if (!this.loadVoices) return [];
    try {
      const voices = (await this.loadVoices()).filter(isClonedVoice);
      return voices.length > 0 ? [{ type: 'airforce.myVoices', voices }] : [];
    } catch (e) {
      const reason = (e as { userMessage?: () => string }).userMessage?.() ?? String((e as Error)?.message ?? e);
      return [{ type: 'airforce.modelError', message: vscode.l10n.t('Your cloned voices could not be listed: {0}', reason) }];
    }
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    switch (node.type) {
      case 'airforce.myVoices': {
        const item = new vscode.TreeItem(vscode.l10n.t('My voices'), vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'group:speech:myVoices';
        item.description = String(node.voices.length);
        item.iconPath = new vscode.ThemeIcon('account');
        item.contextValue = 'airforce.myVoices';
        return item;
      }
      case 'airforce.clonedVoice':
        return voiceItem(node.voice);
      case 'airforce.modelError': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.tooltip = node.message;
        item.command = { command: 'airforce.refresh', title: vscode.l10n.t('Refresh') };
        return item;
      }
      case 'airforce.modelGroup': {
        const item = new vscode.TreeItem(groupLabel(node.group), node.group === 'video' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `group:${node.group}`;
        item.description = String(node.models.length);
        item.contextValue = `airforce.modelGroup.${node.group}`;
        return item;
      }
      case 'airforce.model':
        return modelItem(node);
    }
  }
}

/** "$0.40/s", "$0.025/image", "$0.15/1K chars", "$0.80/min", "$0.01/generation". */
function shortPrice(p: UnitPrice): string {
  const money = formatUnitCents(p.cents, vscode.env.language);
  switch (p.unit) {
    case 'second':
      return vscode.l10n.t('{0}/s', money);
    case 'minute':
      return vscode.l10n.t('{0}/min', money);
    case 'image':
      return vscode.l10n.t('{0}/image', money);
    case 'thousandChars':
      return vscode.l10n.t('{0}/1K chars', money);
    case 'generation':
      return vscode.l10n.t('{0}/generation', money);
  }
}

function longPrice(p: UnitPrice): string {
  const money = formatUnitCents(p.cents, vscode.env.language);
  switch (p.unit) {
    case 'second':
      return vscode.l10n.t('{0} per second', money);
    case 'minute':
      return vscode.l10n.t('{0} per minute', money);
    case 'image':
      return vscode.l10n.t('{0} per image', money);
    case 'thousandChars':
      return vscode.l10n.t('{0} per 1,000 characters', money);
    case 'generation':
      return vscode.l10n.t('{0} per generation', money);
  }
}

function modelItem(node: Extract<ModelNode, { type: 'airforce.model' }>): vscode.TreeItem {
  const { model: m, group } = node;
  const item = new vscode.TreeItem(m.id);
  item.id = `model:${m.id}`;
  item.contextValue = `airforce.model.${group}`;
  item.iconPath = new vscode.ThemeIcon(KINDS[group].icon);
  const prices = unitPrices(m, group);
  const priceShort = prices.length ? prices.map(shortPrice).join(' + ') : vscode.l10n.t('price unknown');
  const priceLong = prices.length ? prices.map(longPrice).join(' + ') : vscode.l10n.t('price unknown');
  const bits = [priceShort];
  const lines = [vscode.l10n.t('Price: {0}', priceLong)];
  const video = m.video_caps;
  if (group === 'video' && video) {
    bits.push(vscode.l10n.t('{0}–{1} s', video.min_duration_s, video.max_duration_s), video.qualities.join(', '));
    lines.push(
      vscode.l10n.t('Duration: {0}–{1} s', video.min_duration_s, video.max_duration_s),
      vscode.l10n.t('Modes: {0}', video.modes.join(', ')),
      vscode.l10n.t('Aspect ratios: {0}', video.aspect_ratios.join(', ')),
      vscode.l10n.t('Qualities: {0}', video.qualities.join(', ')),
    );
    item.command = { command: 'airforce.generateVideo', title: vscode.l10n.t('Generate Video'), arguments: [node] };
  } else {
    const caps = modelCaps(m, group);
    if (caps.maxN !== undefined) {
      bits.push(vscode.l10n.t('up to {0}', caps.maxN));
      lines.push(vscode.l10n.t('Images per request: up to {0}', caps.maxN));
    }
    if (caps.aspectRatios) {
      bits.push(caps.aspectRatios.join(', '));
      lines.push(vscode.l10n.t('Aspect ratios: {0}', caps.aspectRatios.join(', ')));
    }
    if (caps.voices) {
      const n = caps.voices.length;
      bits.push(
        pickPlural(n, vscode.env.language, {
          one: vscode.l10n.t('{0} voice', n),
          few: vscode.l10n.t({ message: '{0} voices', args: [n], comment: ['plural form few'] }),
          many: vscode.l10n.t({ message: '{0} voices', args: [n], comment: ['plural form many'] }),
          other: vscode.l10n.t('{0} voices', n),
        }),
      );
      lines.push(vscode.l10n.t('Voices: {0}', caps.voices.join(', ')));
    }
    if (caps.lengthS) {
      bits.push(lengthText(caps.lengthS));
      lines.push(vscode.l10n.t('Length: {0}', lengthText(caps.lengthS)));
    }
    if (caps.formats) lines.push(vscode.l10n.t('Formats: {0}', caps.formats.join(', ')));
    // Without arguments each opens the Generate panel on its kind (the public commands of issue 8).
    item.command = { command: KINDS[group].generateCommand, title: groupLabel(group) };
  }
  if (m.status) lines.push(vscode.l10n.t('Status: {0}', m.status));
  if (m.status && m.status !== 'live') bits.push(m.status);
  item.description = bits.join(' · ');
  const tip = new vscode.MarkdownString(undefined, true);
  tip.appendMarkdown(`**${m.id}**`);
  if (m.owned_by) tip.appendMarkdown(` — ${m.owned_by}`);
  tip.appendMarkdown('\n\n');
  tip.appendText(lines.join('\n'));
  item.tooltip = tip;
  return item;
}

/** A cloned voice: its name, its id (what a request names), Rename and Delete in its menu. */
function voiceItem(v: Voice): vscode.TreeItem {
  const item = new vscode.TreeItem(v.name || v.voice_id);
  item.id = `voice:${v.voice_id}`;
  item.description = v.voice_id;
  item.contextValue = 'airforce.clonedVoice';
  item.iconPath = new vscode.ThemeIcon('person');
  const tip = new vscode.MarkdownString(undefined, true);
  tip.appendMarkdown(`**${escapeMarkdown(v.name)}**\n\n`);
  tip.appendText([vscode.l10n.t('Cloned voice: {0}', v.voice_id), ...(v.description ? [v.description] : [])].join('\n'));
  item.tooltip = tip;
  return item;
}

/** A server-given name in bold: its Markdown characters are shown, not obeyed. */
const escapeMarkdown = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');

/** "10–300 s", "up to 22 s", "from 1 s", in the display language's words. */
function lengthText(l: NonNullable<ReturnType<typeof modelCaps>['lengthS']>): string {
  const n = (v: number): number => Number(v.toFixed(2));
  if (l.min !== undefined && l.max !== undefined) return vscode.l10n.t('{0}–{1} s', n(l.min), n(l.max));
  return l.max !== undefined ? vscode.l10n.t('up to {0} s', n(l.max)) : vscode.l10n.t('from {0} s', n(l.min as number));
}

/** The Models view's tooltip of a model (caps and prices), for other hovers (the storyboard's). */
export function modelTooltip(m: Model): vscode.MarkdownString | undefined {
  const group = groupOf(m);
  return group ? (modelItem({ type: 'airforce.model', model: m, group }).tooltip as vscode.MarkdownString) : undefined;
}

/** A model's prices per unit in words ("$0.40 per second"), or "price unknown". */
export function modelPriceText(m: Model): string {
  const group = groupOf(m);
  const prices = group ? unitPrices(m, group) : [];
  return prices.length ? prices.map(longPrice).join(' + ') : vscode.l10n.t('price unknown');
}
