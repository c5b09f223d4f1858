// Shared setup of the webview-panel-* tests: the panel's host side against the `vscode` stand-in, a
// workspace of fixture files, a recording PanelHost (its one submit runs the real pure submit) and
// helpers to read what the panel posted.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, beforeEach } from 'node:test';
import type { VideoModel } from '../../../src/api/models';
import type { CreateVideoRequest } from '../../../src/api/schemas/schemas';
import type { JobRecord } from '../../../src/jobs/types';
import type { HostMessage } from '../../../src/generate/protocol';
import { isImageToken } from '../../../src/generate/protocolConstants';
import { startJob } from '../../../src/submit/startJob';
import { fixturePath } from '../../simulator/resultBytes';
import { fakeVscode, FakeEventEmitter, FakeUri, FakeWebviewPanel, ui } from '../vscodeFake';

// ---------------------------------------------------------------- the vscode stand-in

export type Panel = FakeWebviewPanel<HostMessage>;
export const calls = ui as Omit<typeof ui, 'panels'> & { panels: Panel[] };
/** The commands run, each with its one argument (an id, or a Uri's path). */
export const commandsRun = (): Array<{ id: string; arg: string }> =>
  ui.commands.map(({ id, args }) => ({ id, arg: typeof args[0] === 'string' ? args[0] : (args[0] as FakeUri).fsPath }));
export const warningTexts = (): string[] => ui.warnings.map((w) => w.message);
export const types = (p: Panel): string[] => p.posted.map((m) => m.type);

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { GenerationPanel, PANEL_VIEW_TYPE } = require('../../../src/generate/host/panel') as typeof import('../../../src/generate/host/panel');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { registerPanelSerializer } = require('../../../src/generate/host/serializer') as typeof import('../../../src/generate/host/serializer');
export type PanelHost = import('../../../src/generate/host/panel').PanelHost;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { confirmCost } = require('../../../src/ui/confirmCost') as typeof import('../../../src/ui/confirmCost');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { rerunTask } = require('../../../src/commands/jobCommands') as typeof import('../../../src/commands/jobCommands');

// ---------------------------------------------------------------- fixtures

export const tmp = mkdtempSync(path.join(os.tmpdir(), 'af-panel-'));
fakeVscode.workspace.workspaceFolders = [{ uri: FakeUri.file(tmp) }];
export const png = path.join(tmp, 'frame.png');
copyFileSync(fixturePath('demo-image.png'), png);
export const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'af-outside-'));
export const outsidePng = path.join(elsewhere, 'secret.png');
copyFileSync(fixturePath('demo-image.png'), outsidePng);
export const gif = path.join(tmp, 'anim.gif');
writeFileSync(gif, 'GIF89a');
export const saved = path.join(tmp, 'out', 'vid_1.mp4');
export const outDir = path.join(tmp, 'out');
mkdirSync(outDir, { recursive: true });
writeFileSync(saved, 'mp4');

export const model: VideoModel = {
  id: 'wan-2.6',
  output_modalities: ['video'],
  video_caps: {
    aspect_ratios: ['16:9', '9:16'],
    qualities: ['480p', '720p'],
    min_duration_s: 5,
    max_duration_s: 10,
    modes: ['text', 'image', 'reference'],
    price_per_second_cents: 40,
  },
};

export interface Harness {
  host: PanelHost;
  warnings: string[];
  submitted: Array<{ request: CreateVideoRequest; sources: string[] }>;
  encoded: string[];
  records: Map<string, JobRecord>;
  change: FakeEventEmitter<JobRecord | undefined>;
  loads: number;
  /** The tasks whose upload the host was asked to stop. */
  cancelled: string[];
}

export function harness(opts: { confirmAbove?: number; loadFails?: boolean } = {}): Harness {
  const h: Harness = {
    warnings: [],
    submitted: [],
    encoded: [],
    records: new Map(),
    change: new FakeEventEmitter<JobRecord | undefined>(),
    loads: 0,
    cancelled: [],
    host: undefined as unknown as PanelHost,
  };
  const log = (level: string) => (m: unknown) => {
    if (level === 'warn') h.warnings.push(String(m));
  };
  h.host = {
    extensionUri: FakeUri.file('/ext') as unknown as PanelHost['extensionUri'],
    outputDir: () => FakeUri.file(outDir) as unknown as ReturnType<PanelHost['outputDir']>,
    loadModels: async (list) => {
      if (list === 'media') return [];
      h.loads++;
      if (opts.loadFails) throw Object.assign(new Error('raw'), { userMessage: () => 'Cannot reach Airforce (request id r-9).' });
      return [model];
    },
    defaultModel: (kind) => (kind === 'video' ? 'wan-2.6' : undefined),
    setDefaultModel: async () => undefined,
    confirmCostAboveCents: () => opts.confirmAbove ?? 500,
    // The one submit as submit/vscode/startJob.ts binds it for the panel, over this test's model and
    // tracker: the real steps (caps check, estimate, ui/confirmCost, the panel's readFile) in their order.
    submitJob: async (kind, input, images, readFile) => {
      const outcome = await startJob(kind, input, images, {
        findModel: async (id) => (id === model.id ? model : undefined),
        unknownModel: { field: 'model', message: 'Choose a video model.' },
        budget: async () => ({ ok: true }),
        confirmAboveCents: opts.confirmAbove ?? 500,
        confirm: (estimate) => confirmCost([kind], 'cents' in estimate ? estimate.cents : NaN),
        encodeFile: readFile,
        run: async (req) => {
          const request = req as unknown as CreateVideoRequest;
          const sources = images.map((i) => ('url' in i ? i.url : i.source));
          h.submitted.push({ request, sources });
          const localId = `local-${h.submitted.length}`;
          h.records.set(localId, {
            localId,
            kind: 'video',
            origin: { type: 'panel' },
            model: request.model,
            prompt: request.prompt,
            mode: request.mode ?? 'text',
            duration_seconds: request.duration_seconds ?? 5,
            extra: {},
            inputImageSources: sources,
            status: 'waiting',
            progress: 0,
            created: 1_700_000_000,
          });
          return { localId };
        },
      });
      if (outcome.ok) return { ok: true, localId: outcome.result.localId };
      if (outcome.stage === 'confirm') return { ok: false, declined: true };
      if (outcome.stage === 'budget') return { ok: false, problems: [{ field: 'budget', message: outcome.message }] };
      return { ok: false, problems: outcome.problems };
    },
    cancelUpload: (localId) => void h.cancelled.push(localId),
    encodeImage: async (fsPath) => {
      h.encoded.push(fsPath);
      return { b64_json: 'QUJD' };
    },
    trackerRecord: (id) => h.records.get(id),
    onDidChangeRecord: (l) => h.change.event(l) as unknown as ReturnType<PanelHost['onDidChangeRecord']>,
    logger: { warn: log('warn'), info: log('info'), error: log('error'), debug: log('debug'), trace: log('trace') } as unknown as PanelHost['logger'],
    voicePreviewDir: () => undefined,
    defaultVoice: () => undefined,
    voices: async () => [],
    voicePreviewFile: async () => {
      throw new Error('not in this test');
    },
    memento: memoryMemento(),
  };
  return h;
}

/** globalState in memory. */
export function memoryMemento(): PanelHost['memento'] & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key: string, value: unknown) => {
      values.set(key, value);
    },
  };
}

/** Lets queued promise work (model loading, file reads) finish. */
export const settle = async (): Promise<void> => {
  // Real file reads (realpath, stat, read) run on libuv's pool: wait until none is in flight for a
  // few turns of the loop (each one's continuation starts the next before the loop turns).
  const fileWork = (): boolean => process.getActiveResourcesInfo().some((r) => r.startsWith('FSReq') || r === 'CloseReq');
  for (let quiet = 0, turns = 0; quiet < 5 && turns < 20_000; turns++) {
    await new Promise((r) => setImmediate(r));
    quiet = fileWork() ? 0 : quiet + 1;
  }
};

/** Drops one file on the panel and returns the token the host issued for it. */
export async function tokenFor(p: Panel, file: string): Promise<string> {
  p.send({ type: 'dropImages', uris: [`file://${file}`] });
  await settle();
  const token = lastOf(p, 'imagesAdded')?.images[0]?.source;
  assert.ok(token && isImageToken(token), `no token for ${file}`);
  return token;
}

/** The last message of `type`; `kinds`: only a model list (or its error) that serves exactly these kinds. */
export function lastOf<T extends HostMessage['type']>(p: Panel, type: T, kinds?: readonly string[]): Extract<HostMessage, { type: T }> | undefined {
  const serves = (m: HostMessage): boolean => !kinds || ('kinds' in m && m.kinds.join() === kinds.join());
  return p.posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type && serves(m)).at(-1);
}

export function baseRecord(localId: string): JobRecord {
  return {
    localId,
    kind: 'video',
    origin: { type: 'panel' },
    taskId: `vid_${localId}`,
    model: 'wan-2.6',
    prompt: 'p',
    mode: 'text',
    duration_seconds: 5,
    extra: {},
    inputImageSources: [],
    status: 'queued',
    progress: 0,
    created: 1_700_000_000,
  };
}

/** Inside each describe: no panel or recorded UI carries over between tests; the temp folders go at the end. */
export function panelHooks(): void {
  beforeEach(() => {
    GenerationPanel.current?.dispose();
    ui.reset();
  });

  after(() => {
    GenerationPanel.current?.dispose();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });
}
