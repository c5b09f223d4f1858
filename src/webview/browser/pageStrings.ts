// The localised strings a webview page carries in its settings (escaped JSON in a data- attribute,
// so no inline script is needed): shared by the Generate panel's app and the comparison grid's.
// Browser code, no zod; a missing string shows its key, which is visible in development.
export function readPageStrings<K extends string>(keys: readonly K[]): Record<K, string> {
  const raw = document.getElementById('airforce-settings')?.dataset.settings;
  let given: Record<string, unknown> = {};
  try {
    const settings: unknown = JSON.parse(raw ?? '{}');
    const list = typeof settings === 'object' && settings !== null ? (settings as { strings?: unknown }).strings : undefined;
    if (typeof list === 'object' && list !== null) given = list as Record<string, unknown>;
  } catch {
    // Missing settings: the keys show instead.
  }
  return Object.fromEntries(keys.map((k) => [k, typeof given[k] === 'string' ? given[k] : k])) as Record<K, string>;
}
