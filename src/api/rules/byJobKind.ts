// The rules of every job kind: the five made from a prompt (byKind.ts, which the storyboard and the
// panel load on their own, so it stays free of the operations' rules and out of the activation
// bundle's way) and the operations on a workspace file (validationMedia.ts). The one submit
// (submit/startJob.ts) asks here. Browser-safe.
import { isOperation, type JobKind } from '../../kinds';
import type { Model } from '../schemas/schemas';
import { estimate as estimateKind, validateRequest as validateKind, type KindValidation } from './byKind';
import type { CostEstimate } from './cost';
import { estimateOperation, validateOperationRequest } from './validationMedia';

export function validateJobRequest(kind: JobKind, form: Record<string, unknown>, model: Model | undefined): KindValidation {
  return isOperation(kind) ? validateOperationRequest(kind, form, model) : validateKind(kind, form, model);
}

export function estimateJobRequest(kind: JobKind, request: Record<string, unknown>, model: Model | undefined): CostEstimate {
  if (!model) return { unknown: true, reason: 'price unknown' };
  return isOperation(kind) ? estimateOperation(kind, request, model) : estimateKind(kind, request, model);
}
