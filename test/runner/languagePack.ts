// Installs a language pack into a code-server session's extensions and user data, so that
// `--locale <x>` really switches VS Code's display language (vscode.env.language, the extension's
// l10n bundle and package.nls.<x>.json). Without a pack code-server resolves every locale to "en".
// The real packs come from the Marketplace, which the test machines cannot reach: the runner uses
// the fixture test/fixtures/language-pack-ru, which translates almost none of the workbench.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir, repoRoot } from './paths';
import { runCommand } from './processes';

export const RUSSIAN_TEST_PACK = path.join(repoRoot, 'test', 'fixtures', 'language-pack-ru');

interface Localization {
  readonly languageId: string;
  readonly languageName: string;
  readonly localizedLanguageName?: string;
  readonly translations: readonly { readonly id: string; readonly path: string }[];
}

export interface PackManifest {
  readonly name: string;
  readonly publisher: string;
  readonly version: string;
  readonly contributes: { readonly localizations: readonly Localization[] };
}

/** One language's entry in languagepacks.json. */
export interface LanguagePackEntry {
  readonly hash: string;
  readonly extensions: readonly { readonly extensionIdentifier: { readonly id: string }; readonly version: string }[];
  /** Translation id ("vscode", or an extension id) to the absolute path of its i18n file. */
  readonly translations: Readonly<Record<string, string>>;
  readonly label: string;
}

export interface PackInstallTarget {
  /** code-server's node entry point. */
  readonly codeServerEntry: string;
  readonly extensionsDir: string;
  readonly userDataDir: string;
  /** Environment for the install (XDG dirs that keep code-server's files out of $HOME). */
  readonly env: NodeJS.ProcessEnv;
}

function readManifest(packDir: string): PackManifest {
  return JSON.parse(fs.readFileSync(path.join(packDir, 'package.json'), 'utf8')) as PackManifest;
}

/** Packs the folder into a .vsix (code-server's --install-extension takes a .vsix or an id, not a folder). */
async function packVsix(packDir: string, temp: string): Promise<string> {
  // vsce packs its working directory: a copy keeps it from reading this repo's .vscodeignore.
  const staging = path.join(temp, 'pack');
  fs.cpSync(packDir, staging, { recursive: true });
  const vsix = path.join(temp, 'pack.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const res = await runCommand(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: staging,
    timeoutMs: 60_000,
  });
  if (res.code !== 0 || !fs.existsSync(vsix)) throw new Error(`vsce package of ${packDir} exited with ${res.code}:\n${res.output.slice(-800)}`);
  return vsix;
}

/**
 * The languagepacks.json VS Code's LanguagePacksCache writes (platform/languagePacks/node/
 * languagePacks.ts). The server writes it only when a pack is installed through a running server
 * (its install participant); the CLI install below does not, and the server reads this file to
 * resolve --locale. The hash only names the translation cache folder (clp/<hash>.<lang>).
 */
export function languagePacksJson(manifest: PackManifest, installedDir: string): Record<string, LanguagePackEntry> {
  const id = `${manifest.publisher}.${manifest.name}`;
  const hash = crypto.createHash('md5').update(id).update(manifest.version).digest('hex');
  const packs: Record<string, LanguagePackEntry> = {};
  for (const loc of manifest.contributes.localizations) {
    packs[loc.languageId] = {
      hash,
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations: Object.fromEntries(loc.translations.map((t) => [t.id, path.join(installedDir, t.path)])),
      label: loc.localizedLanguageName ?? loc.languageName,
    };
  }
  return packs;
}

/** Packs an extension folder and installs it into the session (a test fixture extension, a language pack). */
export async function installExtensionFolder(dir: string, target: PackInstallTarget): Promise<void> {
  const temp = makeTempDir('langpack');
  try {
    const vsix = await packVsix(dir, temp);
    const res = await runCommand(
      process.execPath,
      [target.codeServerEntry, '--install-extension', vsix, '--extensions-dir', target.extensionsDir, '--user-data-dir', target.userDataDir],
      { env: target.env, timeoutMs: 60_000 },
    );
    if (res.code !== 0 || !/successfully installed/i.test(res.output)) {
      throw new Error(`--install-extension of ${dir} exited with ${res.code}:\n${res.output.slice(-800)}`);
    }
  } finally {
    removeDir(temp);
  }
}

/** Installs the pack like any extension, then registers its languages for the server's NLS lookup. */
export async function installLanguagePack(packDir: string, target: PackInstallTarget): Promise<void> {
  const manifest = readManifest(packDir);
  await installExtensionFolder(packDir, target);
  const installedDir = path.join(target.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  for (const loc of manifest.contributes.localizations) {
    for (const t of loc.translations) {
      if (!fs.existsSync(path.join(installedDir, t.path))) throw new Error(`the installed pack lacks ${t.path} (looked in ${installedDir})`);
    }
  }
  const file = path.join(target.userDataDir, 'languagepacks.json');
  fs.writeFileSync(file, JSON.stringify(languagePacksJson(manifest, installedDir)));
}
