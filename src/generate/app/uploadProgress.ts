// Under a running operation's task: its upload's progress while a large file (from 4 MiB) is being
// sent, with a Cancel that asks the host to stop it (nothing billed: the server never had it whole).
// Gone once the last byte is out (the answer may then be made and billed) or the task ends.
import type { JobView, Strings } from '../protocol';
import { h, setAttr, setText } from '../../webview/browser/dom';
import { fill } from '../../webview/browser/text';
import { formatNumber } from '../../l10n/format';
import { pageLocale } from './locale';

export interface UploadState {
  localId: string;
  sent: number;
  total: number;
}

export interface UploadProgressView {
  element: HTMLElement;
  render(task: JobView, upload: UploadState | undefined): void;
}

/** Whether the task shows its upload: its own, still sending, the task not ended. */
export function showsUpload(task: JobView, upload: UploadState | undefined): upload is UploadState {
  const running = task.status === 'waiting' || task.status === 'queued' || task.status === 'processing';
  return !!upload && upload.localId === task.localId && upload.sent < upload.total && running;
}

export function createUploadProgress(s: Strings, cancel: (localId: string) => void): UploadProgressView {
  const label = h('span', { id: 't-upload-text' });
  const bar = h('div', { class: 'bar' });
  const progress = h('div', { class: 'progress', id: 't-upload-progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-labelledby': 't-upload-text' }, bar);
  const button = h('button', { type: 'button', class: 'secondary', id: 't-cancel-upload', 'aria-describedby': 't-upload-hint' }, s.cancelUpload);
  const hint = h('p', { class: 'description', id: 't-upload-hint' }, s.uploadCancelHint);
  const element = h('div', { class: 'upload', id: 't-upload' }, h('div', { class: 'status-line', role: 'status' }, label), progress, h('div', { class: 'actions' }, button), hint);
  let localId: string | undefined;
  button.addEventListener('click', () => {
    if (!localId) return;
    button.disabled = true; // once: the task's failure follows
    cancel(localId);
  });

  function render(task: JobView, upload: UploadState | undefined): void {
    const shown = showsUpload(task, upload);
    // A new upload (another task, or this one sent again after it ended) can be cancelled anew.
    if (shown && (element.hidden || localId !== upload.localId)) button.disabled = false;
    element.hidden = !shown;
    if (!shown) return;
    localId = upload.localId;
    const pct = Math.max(0, Math.min(100, Math.floor((upload.sent / upload.total) * 100)));
    setText(label, fill(s.uploading, formatNumber(pct, pageLocale(), 0)));
    bar.style.width = `${pct}%`; // CSSOM, which the CSP allows
    setAttr(progress, 'aria-valuenow', pct);
  }

  return { element, render };
}
