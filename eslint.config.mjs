import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering (issue 18 item 6): pure folders never import vscode or the host's folders; the browser apps
// import only the shared, vscode-free modules listed here. Exported for the unit test that proves
// the rules bite (test/unit/eslint-layering.test.ts).
const PURE = ['api', 'jobs', 'io', 'submit', 'spending', 'compare', 'prompting', 'l10n', 'util', 'storyboard', 'webview']
  .map((d) => `src/${d}/**/*.ts`)
  .concat(['src/generate/*.ts', 'src/kinds.ts', 'src/settingDefaults.ts', 'src/tools/*.ts']);
// The host edges inside feature folders: each feature's vscode glue sits in its own `host/` or `vscode/`.
const PURE_EXCEPT = [
  'src/submit/vscode/**',
  'src/compare/host/**',
  'src/compare/app/**',
  'src/spending/vscode/**',
  'src/storyboard/vscode/**',
  'src/prompting/vscode/**',
  'src/util/log.ts', // creates the one LogOutputChannel
];
const NO_VSCODE = { name: 'vscode', message: 'Pure modules take what they need from vscode as parameters (docs/ARCHITECTURE.md).' };
const HOST = {
  regex: String.raw`^(\.\./)+(commands|ui|views|auth)(/|$)|^(\.\./)+(container|config|extension|features|core|coreLoader|lazy)$|(^|/)(host|vscode|app)/`,
  message: 'A pure module never imports the host layer above it.',
};
// What a browser app may import from outside its own folder (relative to the app's folder): its
// feature's shared root files, the shared browser helpers, the API's rules and schemas, and a few
// formatting modules.
const appShared = (root) => ({
  regex: String.raw`^\.\./(?!\.\./)(?!(${root})$)|^\.\./\.\./(?!(webview/browser/[A-Za-z]+|api/rules/[A-Za-z]+|api/schemas/[A-Za-z]+|api/models|l10n/(format|problemText)|views/(modelPresentation|money)|settingDefaults|kinds)$)`,
  message: 'A webview app runs in the browser: it imports only the shared modules listed in eslint.config.mjs.',
});
// The pure folders' own order: a lower folder never imports one above it, so the stack
// util ← api ← io ← jobs ← submit/spending ← … reads one way (test/unit/folder-graph.test.ts finds any
// cycle between folders). Money and problem texts are l10n's, above api: api/rules/cost.ts formats nothing.
const ABOVE = {
  util: 'api|l10n|io|jobs|submit|spending|compare|prompting|storyboard|webview|generate',
  api: 'l10n|io|jobs|submit|spending|compare|prompting|storyboard|webview|generate',
  io: 'jobs|submit|spending|compare|prompting|storyboard|webview|generate',
  jobs: 'submit|spending|compare|prompting|storyboard|webview|generate',
};
const above = (folder) => ({
  regex: String.raw`^(\.\./)+(${ABOVE[folder]})(/|$)`,
  message: `src/${folder} sits below ${ABOVE[folder].split('|').join(', ')}: it never imports them (eslint.config.mjs).`,
});
// The host's shared layers (views, ui) sit below the commands and the features' host glue that use them.
const HOST_ABOVE_VIEWS = {
  regex: String.raw`^(\.\./)+(commands|extension|features|lazy)(/|$)|(^|/)(host|vscode|app)/`,
  message: "views/ and ui/ sit below commands/ and the features' host/ folders: they never import them.",
};
const GENERATE_APP_SHARED = appShared('protocol|protocolConstants|imageList');
const COMPARE_APP_SHARED = appShared('constants|protocol|fields');
// A host shares code with its app only through the feature's root files, never the app's own.
const NO_APP = { regex: String.raw`(^|/)app/`, message: 'A host never imports its browser app: share the code from the feature folder root.' };

export const layering = [
  { files: PURE, ignores: PURE_EXCEPT, rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [HOST] }] } },
  ...Object.keys(ABOVE).map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    ignores: PURE_EXCEPT,
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [HOST, above(folder)] }] },
  })),
  { files: ['src/views/**/*.ts', 'src/ui/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [HOST_ABOVE_VIEWS] }] } },
  { files: ['src/generate/app/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [GENERATE_APP_SHARED] }] } },
  { files: ['src/compare/app/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [COMPARE_APP_SHARED] }] } },
  { files: ['src/generate/host/**/*.ts', 'src/compare/host/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [NO_APP] }] } },
  // Settings are read through src/config.ts only (issue 18 item 4).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "MemberExpression[property.name='getConfiguration']", message: 'Read airforce.* settings through src/config.ts.' }],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'esbuild.mjs', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  ...layering,
);
