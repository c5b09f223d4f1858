// The API client, tracker and downloader behind the container: loaded on first use through lazy.ts.
export { AirforceClient } from './api/client';
export { isAirforceError } from './api/errors';
export { ModelCatalog, isVideoModel } from './api/models';
export { TaskTracker } from './tasks/tracker';
export { TASKS_KEY } from './tasks/taskStore';
export { downloadToFile, cleanStaleParts } from './io/download';
export { buildVideoFileName } from './io/fileNames';
export { sidecarFromTask, writeSidecar } from './io/sidecar';
