// The Models view: video models first (clicking one opens the form with it selected), then image
// and audio models grouped and read-only. Loaded only when the view is drawn.
import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import type { Model } from '../api/schemas';
import { formatCents } from '../api/cost';
import { isAudioKind, isVideoModel, modelKind } from '../api/modelKind';

export type ModelGroup = 'video' | 'image' | 'audio';
export type ModelNode =
  | { type: 'airforce.modelGroup'; group: ModelGroup; models: Model[] }
  | { type: 'airforce.model'; model: Model; group: ModelGroup }
  | { type: 'airforce.modelError'; message: string };

export const isModelNode = (v: unknown): v is Extract<ModelNode, { type: 'airforce.model' }> =>
  typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'airforce.model';

export function groupOf(m: Model): ModelGroup | undefined {
  const kind = modelKind(m);
  if (kind === 'video') return isVideoModel(m) ? 'video' : undefined;
  if (kind === 'image') return 'image';
  return isAudioKind(kind) ? 'audio' : undefined;
}

export class ModelsTreeProvider extends Disposable implements vscode.TreeDataProvider<ModelNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ModelNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private forceRefresh = false;

  constructor(private readonly load: (refresh: boolean) => Promise<Model[]>) {
    super();
  }

  refresh(): void {
    this.forceRefresh = true;
    this.changed.fire(undefined);
  }

  async getChildren(element?: ModelNode): Promise<ModelNode[]> {
    if (element?.type === 'airforce.modelGroup') {
      return element.models.map((model) => ({ type: 'airforce.model', model, group: element.group }));
    }
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
    const groups: Record<ModelGroup, Model[]> = { video: [], image: [], audio: [] };
    for (const m of models) {
      const g = groupOf(m);
      if (g) groups[g].push(m);
    }
    return (['video', 'image', 'audio'] as const)
      .filter((g) => groups[g].length > 0)
      .map((group) => ({ type: 'airforce.modelGroup', group, models: groups[group] }));
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    switch (node.type) {
      case 'airforce.modelError': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.tooltip = node.message;
        item.command = { command: 'airforce.refresh', title: vscode.l10n.t('Refresh') };
        return item;
      }
      case 'airforce.modelGroup': {
        const label = {
          video: vscode.l10n.t('Video'),
          image: vscode.l10n.t('Image (coming later)'),
          audio: vscode.l10n.t('Audio (coming later)'),
        }[node.group];
        const item = new vscode.TreeItem(
          label,
          node.group === 'video' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
        );
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

function modelItem(node: Extract<ModelNode, { type: 'airforce.model' }>): vscode.TreeItem {
  const m = node.model;
  const item = new vscode.TreeItem(m.id);
  item.id = `model:${m.id}`;
  item.contextValue = `airforce.model.${node.group}`;
  const tip = new vscode.MarkdownString(undefined, true);
  tip.appendMarkdown(`**${m.id}**`);
  if (m.owned_by) tip.appendMarkdown(` — ${m.owned_by}`);
  tip.appendMarkdown('\n\n');
  const caps = m.video_caps;
  if (node.group === 'video' && caps) {
    item.iconPath = new vscode.ThemeIcon('device-camera-video');
    item.description = `${formatCents(caps.price_per_second_cents)}/s · ${caps.min_duration_s}–${caps.max_duration_s}s · ${caps.qualities.join(', ')}`;
    const lines = [
      vscode.l10n.t('Price: {0} per second', formatCents(caps.price_per_second_cents)),
      vscode.l10n.t('Duration: {0}–{1} s', caps.min_duration_s, caps.max_duration_s),
      vscode.l10n.t('Modes: {0}', caps.modes.join(', ')),
      vscode.l10n.t('Aspect ratios: {0}', caps.aspect_ratios.join(', ')),
      vscode.l10n.t('Qualities: {0}', caps.qualities.join(', ')),
    ];
    if (m.status) lines.push(vscode.l10n.t('Status: {0}', m.status));
    tip.appendText(lines.join('\n'));
    item.command = { command: 'airforce.generateVideo', title: vscode.l10n.t('Generate Video'), arguments: [node] };
  } else {
    item.iconPath = new vscode.ThemeIcon(node.group === 'image' ? 'file-media' : 'unmute');
    const bits: string[] = [];
    if (m.price_per_generation_cents != null) bits.push(vscode.l10n.t('{0} per generation', formatCents(m.price_per_generation_cents)));
    if (m.image_caps?.aspect_ratios?.length) bits.push(m.image_caps.aspect_ratios.join(', '));
    item.description = bits.join(' · ');
    tip.appendText(vscode.l10n.t('Read-only for now: generation for this kind of model comes in a later version.'));
  }
  if (m.status && m.status !== 'live') item.description = `${item.description ?? ''} · ${m.status}`;
  item.tooltip = tip;
  return item;
}
