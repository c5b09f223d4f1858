// activate() runs in every window, so it must not evaluate the zod schemas, the API client, the
// tracker or the webview host. esbuild turns each require() of an ES module below into an
// initializer that runs on the first call, which keeps activation to registering.
// Only extension.ts imports this file: the commands behind it use the container, which loads the
// core through coreLoader.ts, so nothing below the features leads back here.
/* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loading, see above */
type Features = typeof import('./features');

let features: Features | undefined;

export const loadFeatures = (): Features => (features ??= require('./features') as Features);
/** Without loading: a panel can only exist once the features were loaded. */
export const featuresIfLoaded = (): Features | undefined => features;
