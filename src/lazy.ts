// activate() runs in every window, so it must not evaluate the zod schemas, the API client, the
// tracker or the webview host. esbuild turns each require() of an ES module below into an
// initializer that runs on the first call, which keeps activation to registering.
/* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loading, see above */
type Core = typeof import('./core');
type Features = typeof import('./features');

let core: Core | undefined;
let features: Features | undefined;

export const loadCore = (): Core => (core ??= require('./core') as Core);
export const loadFeatures = (): Features => (features ??= require('./features') as Features);
/** Without loading: a panel can only exist once the features were loaded. */
export const featuresIfLoaded = (): Features | undefined => features;
