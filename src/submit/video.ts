// Video's own submit rules, for the one submit (startJob.ts): the price is the duration (or the
// model's shortest) times the model's price per second. No vscode import.
import { estimateCostCents } from '../api/rules/cost';
import type { VideoModel } from '../api/rules/modelKind';
import type { CreateVideoRequest } from '../api/schemas/schemas';

export function estimateVideoCents(request: CreateVideoRequest, model: VideoModel): number {
  return estimateCostCents(request.duration_seconds ?? model.video_caps.min_duration_s, model.video_caps);
}
