// activate() runs in every window, so it must not evaluate (or even compile) the zod schemas, the API
// client, the tracker or the webview host. In the bundle, esbuild.mjs turns the require() below into
// a require of the second file, dist/extension-lazy.js, on the first call; activation only registers.
// Only extension.ts imports this file: the commands behind it use the container, which loads the
// core through coreLoader.ts, so nothing below the features leads back here.
/* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loading, see above */
type Features = typeof import('./features');

let features: Features | undefined;

export const loadFeatures = (): Features => (features ??= require('./features') as Features);
/** Without loading: a panel can only exist once the features were loaded. */
export const featuresIfLoaded = (): Features | undefined => features;
