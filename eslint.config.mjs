import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering (issue 18 item 6): pure folders never import vscode or the host's folders; the browser apps
// import only the shared, vscode- and zod-free modules listed here. Exported for the unit test that
// proves the rules bite (test/unit/eslint-layering.test.ts).
const PURE = ['api', 'tasks', 'io', 'submit', 'spending', 'compare', 'prompting', 'l10n', 'util', 'storyboard'].map((d) => `src/${d}/**/*.ts`);
const PURE_EXCEPT = [
  'src/storyboard/vscode/**', // the storyboard's editor glue
  'src/util/log.ts', // creates the one LogOutputChannel
];
// Back-edges into the host's folders that need a real move (issue 18 item 5); vscode stays banned there.
const BACK_EDGES = ['src/compare/cards.ts', 'src/l10n/describeProblem.ts'];
const NO_VSCODE = { name: 'vscode', message: 'Pure modules take what they need from vscode as parameters (docs/ARCHITECTURE.md).' };
const HOST = {
  regex: String.raw`^(\.\./)+(commands|ui|views|webview|auth)(/|$)|^(\.\./)+(container|config|extension|features|core|coreLoader|lazy)$`,
  message: 'A pure module never imports the host layer above it.',
};
// What each browser app may import from outside its own folder (relative to the app's folder).
const APP_SHARED = {
  regex: String.raw`^\.\./(?!\.\./)(?!(protocol|protocolConstants|pageStrings)$)|^\.\./\.\./(?!(api/(audioRules|cost|imageCaps|modelKind|promptLimits|validation|validationAudio|validationImage|models|schemas)|l10n/(format|problemText)|views/(modelPresentation|money))$)`,
  message: 'The Generate app runs in the browser: it imports only the shared modules listed in eslint.config.mjs.',
};
const COMPARE_APP_SHARED = {
  regex: String.raw`^\.\./(?!\.\./)(?!(app/(dom|text)|compare/(compareConstants|compareProtocol)|pageStrings)$)|^\.\./\.\./(?!(api/schemas|compare/fields|settingDefaults|views/money)$)`,
  message: 'The Compare app runs in the browser: it imports only the shared modules listed in eslint.config.mjs.',
};

export const layering = [
  { files: PURE, ignores: [...PURE_EXCEPT, ...BACK_EDGES], rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [HOST] }] } },
  { files: BACK_EDGES, rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE] }] } },
  { files: ['src/webview/app/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [APP_SHARED] }] } },
  { files: ['src/webview/compareApp/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [COMPARE_APP_SHARED] }] } },
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
