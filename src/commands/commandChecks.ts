// Checks every command makes before it does anything: a key to send, an image to work on. Kept apart
// from generate.ts so the media commands and the panel's wiring can share them without an import cycle.
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import { AirforceError } from '../api/http/errors';
import { isImagePath } from '../generate/host/images';

export const isImageUri = (v: unknown): v is vscode.Uri => v instanceof vscode.Uri && isImagePath(v.path);

/** A request or options object passed to a command (not a Uri, not a list). */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri);

/** The command's last argument: `{confirm: false}` accepts a cost above airforce.confirmCostAboveCents. */
export const acceptsCost = (options: unknown): boolean => isPlainObject(options) && options.confirm === false;

/** Fails fast, before any request, when there is no key to send. */
export async function requireKey(af: Airforce): Promise<void> {
  if (!(await af.keys.get())) {
    throw new AirforceError({
      type: 'authentication_error',
      code: 'missing_api_key',
      message: vscode.l10n.t('No Airforce API key is set. Run "Airforce: Set API Key".'),
    });
  }
}
