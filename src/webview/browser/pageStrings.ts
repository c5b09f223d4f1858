// The localised strings a webview page carries in its settings (escaped JSON in a data- attribute,
// so no inline script is needed): shared by the Generate panel's app and the comparison grid's.
// Browser code, no zod; a missing string shows its key, which is visible in development.
export function readPageStrings<K extends string>(keys: readonly K[]): Record<K, string> {
  const list = readPageSetting('strings');
  const given = typeof list === 'object' && list !== null ? (list as Record<string, unknown>) : {};
  return Object.fromEntries(keys.map((k) => [k, typeof given[k] === 'string' ? given[k] : k])) as Record<K, string>;
}

/** One entry of the page's settings as the host wrote it (unchecked: the caller checks its shape); undefined when missing. */
export function readPageSetting(key: string): unknown {
  const raw = document.getElementById('airforce-settings')?.dataset.settings;
  try {
    const settings: unknown = JSON.parse(raw ?? '{}');
    return typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined; // missing settings: the keys show instead
  }
}
