// What the Generate panel is given by the extension (src/commands/generate.ts wires it) and what a
// command may put into its form. Types only, plus the panel's one way to describe an error in a log line.
import type * as vscode from 'vscode';
import type { CreateVideoRequest } from '../api/schemas';
import type { VideoModel } from '../api/models';
import type { TaskRecord } from '../tasks/types';
import type { PanelImage } from './panelImageInput';

export type { PanelImage };

export interface PanelInit {
  model?: string;
  mode?: 'text' | 'image' | 'reference';
  prompt?: string;
  duration_seconds?: number;
  aspect_ratio?: string;
  quality?: string;
  images?: PanelImage[];
  extra?: Record<string, unknown>;
}

/** What the extension provides; src/extension.ts wires it. */
export interface PanelHost {
  extensionUri: vscode.Uri;
  /** Output folder: a resource root, so the saved result can play in the panel. */
  outputDir: () => vscode.Uri | undefined;
  /** Throws an AirforceError-like value (with userMessage()) on failure. */
  loadModels: (refresh?: boolean) => Promise<VideoModel[]>;
  defaultModel: () => string | undefined;
  rememberModel: (id: string) => Thenable<void> | Promise<void>;
  confirmCostAboveCents: () => number;
  submit: (request: CreateVideoRequest, imageSources: string[]) => Promise<{ localId: string }>;
  encodeImage: (fsPath: string) => Promise<{ b64_json: string }>;
  trackerRecord: (localId: string) => TaskRecord | undefined;
  onDidChangeRecord: (listener: (r: TaskRecord | undefined) => void) => vscode.Disposable;
  logger: vscode.LogOutputChannel;
}

/** Log prefix of every line the panel writes. */
export const LOG_PREFIX = 'Generate Video panel:';

export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
