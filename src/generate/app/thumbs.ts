// The host sends a file's bytes as a data: URL; the webview shrinks it to a small thumbnail so that
// the state it persists (setState) stays small.
export const THUMB_SIZE = 128;

export function shrinkThumb(dataUrl: string, size = THUMB_SIZE): Promise<string> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => {
      const scale = Math.min(1, size / Math.max(img.naturalWidth, img.naturalHeight, 1));
      const w = Math.max(1, Math.round(img.naturalWidth * scale));
      const ht = Math.max(1, Math.round(img.naturalHeight * scale));
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = ht;
      const ctx = canvas.getContext('2d');
      if (!ctx) return resolve(dataUrl);
      ctx.drawImage(img, 0, 0, w, ht);
      try {
        resolve(canvas.toDataURL('image/webp', 0.8));
      } catch {
        resolve(dataUrl);
      }
    };
    img.onerror = () => resolve('');
    img.src = dataUrl;
  });
}
