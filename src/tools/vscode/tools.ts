// Each language model tool's implementation by name, for the registrations made at activation
// (register.ts): the media and operation tools (mediaTools.ts) and airforce_list_models, which reads
// the catalog (and, for speech, the voices) and spends nothing, so it asks for no confirmation.
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { config } from '../../config';
import { errorText } from '../../jobs/taskApi';
import { checkToolInput } from '../toolSchemas';
import { isToolName, TOOL_KINDS } from '../toolNames';
import { mediaTool, type Tool } from './mediaTools';
import { modelListing } from './modelListing';
import type { JobKind } from '../../kinds';

const result = (value: string): vscode.LanguageModelToolResult => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(value)]);

function listModelsTool(af: Airforce): Tool {
  return {
    prepareInvocation: () => ({ invocationMessage: vscode.l10n.t('Reading the Airforce model catalog…') }),
    invoke: async (options) => {
      const checked = checkToolInput('airforce_list_models', options.input);
      if (!checked.ok) return result(vscode.l10n.t('Not read: the input does not fit the tool ({0}).', checked.problems.join('; ')));
      const kind = checked.input.kind as JobKind | undefined;
      try {
        const models = await af.allModels();
        // Speech needs a voice id: listed when speech is asked for (one more request, free).
        const voices = kind === 'speech' || kind === 'voiceChange' ? await af.client.audio.voices() : undefined;
        return result(
          JSON.stringify(
            modelListing(models, (k) => config.defaultModel(k), kind, voices),
            null,
            1,
          ),
        );
      } catch (e) {
        return result(vscode.l10n.t('Could not read the model catalog: {0}', errorText(e)));
      }
    },
  };
}

/** The implementation of the tool registered as `name` (loaded with the second bundle, on first use); undefined for no tool of ours. */
export function languageModelTool(af: Airforce, name: string): Tool | undefined {
  if (!isToolName(name)) return undefined;
  const kind = TOOL_KINDS[name];
  return kind === undefined ? listModelsTool(af) : mediaTool(af, name, kind);
}
