// The API client, tracker and downloader behind the container: loaded on first use through lazy.ts.
export { AirforceClient } from './api/client';
export { isAirforceError } from './api/http/errors';
export { ModelCatalog, isVideoModel } from './api/models';
export { TaskTracker } from './jobs/tracker';
export { isLoopbackBaseUrl } from './io/download/resultUrl';
export { saveResult } from './jobs/video/saveResult';
export { saveSyncResult } from './jobs/sync/saveSyncResult';
export { Spending } from './spending/service';
