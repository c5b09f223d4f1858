// Registers every language model tool at activation, each a thin stand-in: its implementation
// (tools.ts, with zod, the submit path and the tracker) is in the second bundle and is loaded by the
// first prepareInvocation or invoke, never by activation. The names are the ones package.json
// declares (`contributes.languageModelTools`, written by scripts/tool-manifest.mjs from
// src/tools/manifest.ts), read from the manifest VS Code already holds: no list of them here, and
// only type imports, so the activation bundle grows by as little as it can.
import type * as vscode from 'vscode';

type Tool = vscode.LanguageModelTool<Record<string, unknown>>;

/** The part of package.json read here. */
export interface DeclaredTools {
  contributes?: { languageModelTools?: readonly { name: string }[] };
}

/** One registration (`lm.registerTool`) per tool the package declares. */
export function registerTools(lm: Pick<typeof vscode.lm, 'registerTool'>, packageJSON: DeclaredTools, load: (name: string) => Tool | undefined): vscode.Disposable[] {
  return (packageJSON.contributes?.languageModelTools ?? []).map(({ name }) =>
    lm.registerTool<Record<string, unknown>>(name, {
      prepareInvocation: (options, token) => load(name)!.prepareInvocation?.(options, token),
      invoke: (options, token) => load(name)!.invoke(options, token),
    }),
  );
}
