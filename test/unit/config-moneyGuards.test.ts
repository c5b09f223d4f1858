// The money guards (airforce.budgetCents, budgetPeriod, confirmCostAboveCents) come from the
// person's own settings only: application-scoped in the manifest, and src/config.ts ignores a
// workspace or folder value even where one reaches it, so a repository cannot raise a limit.
import { fakeVscode } from './vscodeFake';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { config } = require('../../src/config') as typeof import('../../src/config');

const GUARDS = ['airforce.budgetCents', 'airforce.budgetPeriod', 'airforce.confirmCostAboveCents'];

interface Layers {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** VS Code's layered settings: `get` answers the most specific value (folder, workspace, user, default). */
function settings(layers: Record<string, Layers>): void {
  Object.assign(fakeVscode.workspace, {
    getConfiguration: () => ({
      get: (key: string, fallback?: unknown) => {
        const l = layers[key] ?? {};
        return l.workspaceFolderValue ?? l.workspaceValue ?? l.globalValue ?? l.defaultValue ?? fallback;
      },
      inspect: (key: string) => ({ key: `airforce.${key}`, ...layers[key] }),
    }),
  });
}

describe('the money guards are the person’s own settings', () => {
  it('r3#4 the manifest makes all three application-scoped, like airforce.baseUrl', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    };
    const props = manifest.contributes.configuration.properties;
    for (const key of [...GUARDS, 'airforce.baseUrl']) assert.equal(props[key]?.scope, 'application', key);
  });

  it('r3#4 a workspace or folder value can neither raise a limit nor switch the budget off', () => {
    settings({
      budgetCents: { defaultValue: 0, globalValue: 500, workspaceValue: 0, workspaceFolderValue: 1e9 },
      budgetPeriod: { defaultValue: 'day', globalValue: 'day', workspaceValue: 'month' },
      confirmCostAboveCents: { defaultValue: 500, globalValue: 100, workspaceValue: 1e9 },
    });
    assert.equal(config.budgetCents(), 500);
    assert.equal(config.budgetPeriod(), 'day');
    assert.equal(config.confirmCostAboveCents(), 100);
  });

  it('without a user value the default holds, whatever the workspace says; a value of the wrong type is ignored', () => {
    settings({
      budgetCents: { defaultValue: 0, workspaceValue: 5 },
      confirmCostAboveCents: { defaultValue: 500, globalValue: 'lots', workspaceValue: 1e9 },
      budgetPeriod: { defaultValue: 'day', workspaceValue: 'month' },
    });
    assert.equal(config.budgetCents(), 0);
    assert.equal(config.confirmCostAboveCents(), 500);
    assert.equal(config.budgetPeriod(), 'day');
  });
});
