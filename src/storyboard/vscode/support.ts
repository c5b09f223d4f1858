// The storyboard in the editor: CodeLenses, diagnostics and completion for ```airforce blocks in any
// Markdown document. Everything here is synchronous over the cached model catalog — no request on
// the typing path; the catalog is loaded once in the background when the first storyboard shows up,
// and lenses and diagnostics are redrawn when it arrives. Started by the activation-time gate
// (gate.ts) when the first Markdown document that may hold shots is open.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import type { CostEstimate } from '../../api/rules/cost';
import { formatMoneyCents, formatPercent } from '../../l10n/format';
import type { Model } from '../../api/schemas/schemas';
import type { JobRecord } from '../../jobs/types';
import { Disposable } from '../../util/dispose';
import { analyzeStoryboard, type StoryboardAnalysis } from '../analyze';
import { completeShot } from '../completion';
import { storyboardLenses, type ShotLensData, type ShotRun } from '../lenses';
import { mayHoldShots, parseStoryboard, type Storyboard } from '../parse';
import { storyboardHoverProvider } from './hover';
import { pickPlural } from '../../l10n/format';
import type { ShotKind } from '../shot';
import { KIND_IDS } from '../../kinds';
import { config } from '../../config';
import { kindWord } from '../../ui/confirmCost';

const MARKDOWN: vscode.DocumentSelector = { language: 'markdown' };
/** A snapshot older than this is re-read in the background (the lenses keep showing the old one). */
const CATALOG_STALE_MS = 10 * 60_000;

export function defaultModels(): Partial<Record<ShotKind, string>> {
  const out: Partial<Record<ShotKind, string>> = {};
  for (const kind of KIND_IDS) {
    const v = config.defaultModel(kind);
    if (v) out[kind] = v;
  }
  return out;
}

/** The file a shot's origin names: workspace-relative (the sidecar's `storyboard.file`). */
export const originFile = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, false);

function runOfRecord(r: JobRecord): ShotRun {
  if (r.status === 'failed' || r.status === 'expired' || r.status === 'fate-unknown') return { state: 'failed' };
  if (r.status === 'completed' && r.savedPath) return { state: 'done', files: r.files && r.files.length > 0 ? r.files : [r.savedPath] };
  return { state: 'running', ...(r.kind === 'video' ? { progress: r.progress } : {}) };
}

export class StoryboardSupport extends Disposable {
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('airforce-storyboard'));
  private readonly lensesChanged = this.register(new vscode.EventEmitter<void>());
  private readonly parsed = new WeakMap<vscode.TextDocument, { version: number; catalog?: readonly Model[]; board: Storyboard; analysis: StoryboardAnalysis }>();
  private catalog?: { models: readonly Model[]; at: number };
  private loading = false;
  /** Latest run per `<file>#<shot>`, rebuilt when the tracker changes a storyboard job. */
  private runs?: Map<string, ShotRun>;

  constructor(private readonly af: Airforce) {
    super();
    this.register(vscode.languages.registerCodeLensProvider(MARKDOWN, { provideCodeLenses: (doc) => this.lenses(doc), onDidChangeCodeLenses: this.lensesChanged.event }));
    this.register(vscode.languages.registerCompletionItemProvider(MARKDOWN, { provideCompletionItems: (doc, pos) => this.complete(doc, pos) }, ':', ' ', '@'));
    this.register(
      vscode.languages.registerHoverProvider(
        MARKDOWN,
        storyboardHoverProvider({ isStoryboard: (d) => this.isStoryboard(d), analysis: (d) => this.analysis(d), models: () => this.models(), defaultModels }),
      ),
    );
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.check(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.check(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)));
    // Another key or server may list other models.
    this.register(af.keys.onDidChange(() => this.reloadCatalog()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('airforce.baseUrl')) this.reloadCatalog();
        else if (e.affectsConfiguration('airforce')) this.redraw();
      }),
    );
    const follow = (tracker: { onDidChange: (l: (r: JobRecord | undefined) => void) => vscode.Disposable }): void => {
      this.register(
        tracker.onDidChange((r) => {
          if (r && r.origin.type !== 'storyboard') return;
          this.runs = undefined;
          this.lensesChanged.fire();
        }),
      );
    };
    if (af.trackerIfBuilt) follow(af.trackerIfBuilt);
    else this.register(af.onDidCreateTracker(follow));
    // After activation returns: a storyboard already open starts the catalog load, which activation must not.
    const first = setTimeout(() => vscode.workspace.textDocuments.forEach((d) => this.check(d)), 0);
    this.register({ dispose: () => clearTimeout(first) });
  }

  /** The parse and analysis of a document's current text (cached per version and catalog). */
  analysis(doc: vscode.TextDocument): { board: Storyboard; analysis: StoryboardAnalysis } {
    const models = this.models();
    const hit = this.parsed.get(doc);
    if (hit && hit.version === doc.version && hit.catalog === models) return hit;
    const board = parseStoryboard(doc.getText());
    const entry = { version: doc.version, ...(models ? { catalog: models } : {}), board, analysis: analyzeStoryboard(board, models, { defaultModels: defaultModels() }) };
    this.parsed.set(doc, entry);
    return entry;
  }

  /** The catalog snapshot; the first call (and a stale one) starts a background load. */
  models(): readonly Model[] | undefined {
    if (!this.loading && (!this.catalog || Date.now() - this.catalog.at > CATALOG_STALE_MS)) {
      this.loading = true;
      this.af.allModels().then(
        (models) => {
          this.loading = false;
          this.catalog = { models, at: Date.now() };
          this.redraw();
        },
        (e: unknown) => {
          // Tried again on the next change; until then nothing model-specific is claimed.
          this.af.log.warn(`Storyboard: could not load the model list: ${e instanceof Error ? e.message : String(e)}`);
          setTimeout(() => (this.loading = false), 30_000);
        },
      );
    }
    return this.catalog?.models;
  }

  private reloadCatalog(): void {
    this.catalog = undefined;
    this.loading = false;
    this.redraw();
  }

  private redraw(): void {
    for (const d of vscode.workspace.textDocuments) this.check(d);
    this.lensesChanged.fire();
  }

  isStoryboard(doc: vscode.TextDocument): boolean {
    return doc.languageId === 'markdown' && mayHoldShots(doc.getText());
  }

  private check(doc: vscode.TextDocument): void {
    if (!this.isStoryboard(doc)) {
      if (doc.languageId === 'markdown') this.diagnostics.delete(doc.uri);
      return;
    }
    const { analysis } = this.analysis(doc);
    this.diagnostics.set(
      doc.uri,
      analysis.diagnostics.map((d) => {
        const diag = new vscode.Diagnostic(
          new vscode.Range(d.line, d.start, d.line, d.end),
          d.message,
          d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diag.source = 'Airforce storyboard';
        return diag;
      }),
    );
  }

  private runOf(uri: vscode.Uri): (id: string) => ShotRun | undefined {
    const tracker = this.af.trackerIfBuilt;
    if (!tracker) return () => undefined;
    if (!this.runs) {
      this.runs = new Map();
      // Newest first: the first record of a shot is its latest run.
      for (const r of tracker.records()) {
        if (r.origin.type !== 'storyboard') continue;
        const key = `${r.origin.file}#${r.origin.shot}`;
        if (!this.runs.has(key)) this.runs.set(key, runOfRecord(r));
      }
    }
    const runs = this.runs;
    const file = originFile(uri);
    return (id) => runs.get(`${file}#${id}`);
  }

  private lenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.isStoryboard(doc)) return [];
    const { board, analysis } = this.analysis(doc);
    const out: vscode.CodeLens[] = [];
    for (const l of storyboardLenses(board, analysis, this.runOf(doc.uri))) out.push(...lensesOf(doc.uri, l));
    return out;
  }

  private complete(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] | undefined {
    if (!this.isStoryboard(doc)) return undefined;
    const { board } = this.analysis(doc);
    const found = completeShot(board, pos.line, pos.character, this.models(), defaultModels());
    if (!found) return undefined;
    const range = new vscode.Range(found.line, found.start, found.line, Math.max(found.end, pos.character));
    const kinds = {
      key: vscode.CompletionItemKind.Property,
      kind: vscode.CompletionItemKind.Enum,
      model: vscode.CompletionItemKind.Module,
      value: vscode.CompletionItemKind.Value,
      shot: vscode.CompletionItemKind.Reference,
    };
    return found.items.map((i, n) => {
      const item = new vscode.CompletionItem(i.label, kinds[i.type]);
      item.insertText = i.insertText;
      item.range = range;
      item.sortText = String(n).padStart(4, '0');
      if (i.detail) item.detail = i.detail;
      // After a key, offer its values straight away.
      if (i.type === 'key') item.command = { command: 'editor.action.triggerSuggest', title: '' };
      return item;
    });
  }
}

function priceText(estimate: CostEstimate | undefined): string | undefined {
  if (!estimate) return undefined;
  return 'cents' in estimate ? formatMoneyCents(estimate.cents) : vscode.l10n.t('price unknown');
}

/** "Fix 1 problem", "Fix 3 problems", in the display language's plural forms. */
function fixText(n: number): string {
  return pickPlural(n, vscode.env.language, {
    one: vscode.l10n.t('Fix {0} problem', n),
    few: vscode.l10n.t({ message: 'Fix {0} problems', args: [n], comment: ['plural form few'] }),
    many: vscode.l10n.t({ message: 'Fix {0} problems', args: [n], comment: ['plural form many'] }),
    other: vscode.l10n.t('Fix {0} problems', n),
  });
}

function lensesOf(uri: vscode.Uri, l: ShotLensData): vscode.CodeLens[] {
  const range = new vscode.Range(l.line, 0, l.line, 0);
  const lens = (title: string, command: string, args: unknown[], tooltip?: string): vscode.CodeLens =>
    new vscode.CodeLens(range, { title, command, arguments: args, ...(tooltip ? { tooltip } : {}) });
  // A shot with errors names them instead of a price; the lens goes to the first one.
  const problems = l.type === 'running' ? undefined : l.problems;
  const toProblem = problems ? [uri, { selection: new vscode.Range(problems.line, problems.start, problems.line, problems.end) }] : [];
  // The lenses ask before spending above the threshold (a caller with arguments alone would be refused).
  const ask = { ask: true };
  const shot = l.type === 'all' ? undefined : (l.id ?? l.blockIndex);
  switch (l.type) {
    case 'all': {
      const total = problems ? fixText(problems.count) : l.unknownPrice ? vscode.l10n.t('price unknown') : vscode.l10n.t('{0} total', formatMoneyCents(l.totalCents ?? 0));
      const title = l.count === 1 ? vscode.l10n.t('Generate all 1 shot · {0}', total) : vscode.l10n.t('Generate all {0} shots · {1}', l.count, total);
      return [problems ? lens(title, 'vscode.open', toProblem) : lens(title, 'airforce.storyboard.generateAll', [uri, ask])];
    }
    case 'generate': {
      if (problems) return [lens(fixText(problems.count), 'vscode.open', toProblem)];
      const price = priceText(l.estimate);
      const base = vscode.l10n.t('Generate {0}', kindWord(l.kind));
      const title = price ? `${base} · ${price}` : base;
      return [lens(l.lastFailed ? `${title} · ${vscode.l10n.t('last run failed')}` : title, 'airforce.storyboard.generateShot', [uri, shot, ask])];
    }
    case 'running':
      return [lens(l.progress !== undefined ? vscode.l10n.t('Generating {0}', formatPercent(l.progress, vscode.env.language)) : vscode.l10n.t('Generating…'), '', [])];
    case 'done': {
      const first = l.targets[0]!;
      const file = vscode.Uri.file(path.resolve(path.dirname(uri.fsPath), first));
      const price = priceText(l.estimate);
      return [
        lens(vscode.l10n.t('Open result'), 'vscode.open', [file]),
        problems
          ? lens(fixText(problems.count), 'vscode.open', toProblem)
          : lens(price ? `${vscode.l10n.t('Regenerate')} · ${price}` : vscode.l10n.t('Regenerate'), 'airforce.storyboard.generateShot', [uri, shot, ask]),
      ];
    }
  }
}

/** The storyboard support for this window (the gate calls it once). */
export const startStoryboardSupport = (af: Airforce): StoryboardSupport => new StoryboardSupport(af);
