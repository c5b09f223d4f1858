// The API client, tracker and downloader, loaded on first use (activation must not evaluate them: in
// the bundle this require() loads the second file, dist/extension-lazy.js, as lazy.ts's does).
// Kept apart from lazy.ts: the container below the commands needs the core, and must not reach the
// features loader above them (that was the cycle lazy → features → commands → container → lazy).
/* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loading, see above */
type Core = typeof import('./core');

let core: Core | undefined;

export const loadCore = (): Core => (core ??= require('./core') as Core);
