// The one form model: every kind's form (video's field set in videoForm.ts, the image/audio kinds'
// shared one in mediaForm.ts, the operations' on a workspace file in operationForm.ts) behind one set of calls: a model list per kind, a newly chosen model,
// a prefill, the problems before sending, the price, and the `generate` message. No DOM.
import type { CostEstimate } from '../../api/rules/cost';
import type { VideoModel } from '../../api/models';
import type { Model } from '../../api/schemas/schemas';
import type { AppMessage, HostMessage, ImageItem, Problem } from '../protocol';
import { isPanelOperation, PANEL_KIND_IDS, type PanelKind } from '../protocolConstants';
import { keepKnownImages } from '../imageList';
import { applyMediaPrefill, limitMediaForm, restoreMediaForms, type MediaForms } from './mediaForm';
import { buildMediaRequest, mediaCost, mediaProblems, modelsOfKind } from './mediaRequest';
import {
  applyOperationPrefill,
  keepKnownFiles,
  modelsOfOperation,
  operationCost,
  operationMessage,
  operationProblems,
  restoreOperationForms,
  type OperationForms,
} from './operationForm';
import { applyVideoPrefill, buildVideoRequest, limitVideoForm, restoreVideoForm, videoCostCents, videoProblems, type FormMessages, type VideoForm } from './videoForm';

/** Every kind's form, each kept while another kind shows. */
export type Forms = { video: VideoForm } & MediaForms & OperationForms;
export type AnyForm = Forms[PanelKind];
type Prefill = Extract<HostMessage, { type: 'prefill' }>;
type Generate = Extract<AppMessage, { type: 'generate' }>;

/** The kinds that share one model list with `kind` (video has its own; the others one catalog read). */
export function listKinds(kind: PanelKind): PanelKind[] {
  return PANEL_KIND_IDS.filter((k) => (k === 'video') === (kind === 'video'));
}

/** The models of one kind out of a list the host sent (the video list holds only models with video_caps). */
export function kindModels(kind: PanelKind, models: readonly Model[]): Model[] {
  if (isPanelOperation(kind)) return modelsOfOperation(models, kind);
  return kind === 'video' ? models.filter((m) => !!m.video_caps) : modelsOfKind(models, kind);
}

const asVideo = (model: Model | undefined): VideoModel | undefined => (model?.video_caps ? (model as VideoModel) : undefined);

/** Forms from getState(); a state from before one model (`form` + `media`) or before the kind switch too. */
export function restoreForms(o: Record<string, unknown>): Forms {
  const forms = typeof o.forms === 'object' && o.forms !== null ? (o.forms as Record<string, unknown>) : undefined;
  const media = forms ?? o.media;
  return { video: restoreVideoForm(forms ? forms.video : o.form), ...restoreMediaForms(media), ...restoreOperationForms(forms) };
}

/** The forms with the kind's form on model `id`, limited to it (`model`: its entry, when listed). */
export function withModel(forms: Forms, kind: PanelKind, id: string, model: Model | undefined): Forms {
  if (kind === 'video') {
    const video = asVideo(model);
    const form = { ...forms.video, model: id };
    return { ...forms, video: video ? limitVideoForm(form, video) : form };
  }
  if (isPanelOperation(kind)) return { ...forms, [kind]: { ...forms[kind], model: id } };
  const form = { ...forms[kind], model: id };
  return { ...forms, [kind]: model ? limitMediaForm(kind, form, model) : form };
}

/** A prefill put into the form of its kind, limited to the model it names (`modelOf` finds it). */
export function withPrefill(forms: Forms, message: Prefill, modelOf: (kind: PanelKind, id: string) => Model | undefined): Forms {
  const kind = message.kind ?? 'video';
  const next: Forms =
    kind === 'video'
      ? { ...forms, video: applyVideoPrefill(forms.video, message.values, message.images) }
      : isPanelOperation(kind)
        ? { ...forms, [kind]: applyOperationPrefill(forms[kind], message.operation ?? {}) }
        : { ...forms, [kind]: applyMediaPrefill(kind, forms[kind], message.media ?? {}, message.images) };
  const model = modelOf(kind, next[kind].model);
  return model ? withModel(next, kind, next[kind].model, model) : next;
}

/** After VS Code reloaded: the forms without image tokens the new host does not know; `dropped` if any went. */
export function keepKnownForms(forms: Forms, tokens: ReadonlySet<string>): { forms: Forms; dropped: boolean } {
  const video = keepKnownImages(forms.video.images, tokens);
  const image = keepKnownImages(forms.image.images, tokens);
  const dropped = video.length !== forms.video.images.length || image.length !== forms.image.images.length;
  return { forms: dropped ? { ...forms, video: { ...forms.video, images: video }, image: { ...forms.image, images: image } } : forms, dropped };
}

/** The same for the operation forms' files and the media tokens the new host knows. */
export function keepKnownMedia(forms: Forms, tokens: ReadonlySet<string>): { forms: Forms; dropped: boolean } {
  const kept = keepKnownFiles(forms, tokens);
  return { forms: kept.dropped ? { ...forms, ...kept.forms } : forms, dropped: kept.dropped };
}

/**
 * Every problem the kind's form has: before its models arrive (`loaded` false) only the form's own
 * rules (the model check would only say "loading"), then the shared validation's too.
 */
export function formProblems(forms: Forms, kind: PanelKind, model: Model | undefined, loaded: boolean, messages: FormMessages): Problem[] {
  if (kind === 'video') return loaded ? videoProblems(forms.video, asVideo(model), messages) : buildVideoRequest(forms.video, messages).problems;
  if (isPanelOperation(kind)) return operationProblems(kind, forms[kind], model, loaded, messages.describe, messages.chooseLanguage);
  return loaded ? mediaProblems(kind, forms[kind], model, messages) : buildMediaRequest(kind, forms[kind], messages).problems;
}

/** The price of what the form would ask for (undefined: no model yet). */
export function formCost(forms: Forms, kind: PanelKind, model: Model | undefined, messages: FormMessages): CostEstimate | undefined {
  if (isPanelOperation(kind)) return operationCost(kind, forms[kind], model);
  if (kind !== 'video') return mediaCost(kind, forms[kind], model, messages);
  const cents = videoCostCents(forms.video, asVideo(model));
  return cents === undefined ? undefined : { cents };
}

/** The message that sends the kind's form (after its problems were checked). */
export function generateMessage(forms: Forms, kind: PanelKind, model: Model | undefined, messages: FormMessages): Generate {
  if (isPanelOperation(kind)) return operationMessage(kind, forms[kind]);
  if (kind === 'video') {
    const built = buildVideoRequest(forms.video, messages);
    return { type: 'generate', kind, request: built.fields, images: built.images };
  }
  const built = buildMediaRequest(kind, forms[kind], messages, model);
  return { type: 'generate', kind, request: built.request, images: built.images };
}

/** The input images of the form that takes them now ('image' mode keeps one; the image kind edits several). */
export function imageTarget(forms: Forms, kind: PanelKind): { kind: 'video' | 'image'; images: ImageItem[]; mode: 'image' | 'reference' } {
  if (kind === 'image') return { kind, images: forms.image.images, mode: 'reference' };
  return { kind: 'video', images: forms.video.images, mode: forms.video.mode === 'image' ? 'image' : 'reference' };
}
