// What every integration test needs inside the extension host: the simulator the runner started
// (its URL and key), its control API, the extension's API, and a bounded wait.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';

export const SIM = process.env.AIRFORCE_SIM_URL ?? '';
export const KEY = process.env.AIRFORCE_TEST_KEY ?? '';
export const GENERATE = '/v1/video/generations';

/** One call to the simulator (its /__sim control routes need no key); it must answer 2xx. */
export async function sim<T>(method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(SIM + p, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `simulator ${method} ${p} answered ${res.status}`);
  return (await res.json()) as T;
}

export async function extensionApi(): Promise<AirforceExtensionApi> {
  const ext = vscode.extensions.getExtension<AirforceExtensionApi>('airforce.airforce-media');
  assert.ok(ext, 'extension airforce.airforce-media is installed');
  return ext.activate();
}

/** Polls `probe` every 100 ms until it gives a value (not undefined or false). */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
