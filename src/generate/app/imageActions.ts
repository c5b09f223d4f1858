// The input-image actions of whichever form shows (video in image/reference mode, or image editing):
// pick and drop go to the host (it answers with tokens), https URLs are checked here, thumbnails are
// shrunk before they land in the persisted state.
import type { ImageItem } from '../protocol';
import type { App } from './appState';
import type { ImageFieldActions } from './imageField';
import { addImages, isHttpsUrl, removeImage, urlLabel } from '../imageList';
import { imageTarget } from './formModel';
import { shrinkThumb } from './thumbs';

/** The images of the form that shows, and how it takes new ones ('image' mode keeps one). */
function target(app: App): { images: ImageItem[]; mode: 'image' | 'reference'; set(images: ImageItem[]): void } {
  const { session } = app;
  const t = imageTarget(session.forms, session.kind);
  const set = (images: ImageItem[]): void => {
    session.forms = t.kind === 'image' ? { ...session.forms, image: { ...session.forms.image, images } } : { ...session.forms, video: { ...session.forms.video, images } };
  };
  return { images: t.images, mode: t.mode, set };
}

export function addImageItems(app: App, items: ImageItem[]): void {
  const t = target(app);
  t.set(addImages(t.images, items, t.mode));
  app.runtime.hostProblems = [];
  app.runtime.touched.add('input_images');
  void shrinkThumbs(app, items);
}

/** Big data: thumbnails are replaced by small ones before they land in the persisted state for long. */
export async function shrinkThumbs(app: App, items: readonly ImageItem[]): Promise<void> {
  for (const item of items) {
    if (!item.thumb?.startsWith('data:')) continue;
    const small = await shrinkThumb(item.thumb);
    const swap = (images: ImageItem[]): ImageItem[] => images.map((i) => (i.source === item.source ? { ...i, ...(small ? { thumb: small } : { thumb: undefined }) } : i));
    const { forms } = app.session;
    app.session.forms = { ...forms, video: { ...forms.video, images: swap(forms.video.images) }, image: { ...forms.image, images: swap(forms.image.images) } };
    app.render();
  }
}

export function createImageActions(app: App): ImageFieldActions {
  const { runtime } = app;
  return {
    pickImages(multi) {
      app.post({ type: 'pickImages', multi });
    },
    dropUris(uris) {
      app.post({ type: 'dropImages', uris });
    },
    setUrlDraft(text) {
      runtime.urlDraft = text;
      runtime.urlInvalid = false;
      app.render();
    },
    addUrl() {
      const text = runtime.urlDraft.trim();
      if (!isHttpsUrl(text)) {
        runtime.urlInvalid = true;
        app.render();
        return;
      }
      const href = new URL(text).href; // normalised (spaces escaped), as the host's check expects
      addImageItems(app, [{ source: href, label: urlLabel(href), thumb: href }]);
      runtime.urlDraft = '';
      app.render();
    },
    removeImage(source) {
      const t = target(app);
      t.set(removeImage(t.images, source));
      runtime.imageNotices = [];
      app.render();
    },
  };
}
