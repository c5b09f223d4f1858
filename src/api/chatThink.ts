// Keeps a reasoning model's inline `<think>…</think>` out of the answer while it streams: a tag may
// arrive split across chunks ("<thi" + "nk>"), so a tail that could still become a tag is held back
// until the next chunk decides. Leading whitespace before the answer is dropped too (the model
// usually puts a blank line after `</think>`). Pure.
const OPEN = '<think>';
const CLOSE = '</think>';

/** How many characters at the end of `text` could be the start of `tag`. */
function partialTagAt(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) if (tag.startsWith(text.slice(text.length - n))) return n;
  return 0;
}

export class ThinkStripper {
  private held = '';
  private inThink = false;
  private started = false;

  /** Feeds one chunk of content; returns the part of the answer that is certain. */
  push(chunk: string): string {
    let text = this.held + chunk;
    this.held = '';
    let out = '';
    for (;;) {
      const tag = this.inThink ? CLOSE : OPEN;
      const at = text.indexOf(tag);
      if (at >= 0) {
        if (!this.inThink) out += text.slice(0, at);
        text = text.slice(at + tag.length);
        this.inThink = !this.inThink;
        continue;
      }
      const keep = partialTagAt(text, tag);
      if (!this.inThink) out += text.slice(0, text.length - keep);
      this.held = text.slice(text.length - keep);
      break;
    }
    return this.visible(out);
  }

  /** The end of the stream: a held tail that never became a tag is text; an unclosed think is dropped. */
  end(): string {
    const rest = this.inThink ? '' : this.held;
    this.held = '';
    return this.visible(rest);
  }

  private visible(text: string): string {
    if (this.started) return text;
    const trimmed = text.trimStart();
    if (trimmed !== '') this.started = true;
    return trimmed;
  }
}

/** The whole-text form, for a non-streamed answer. */
export function stripThink(text: string): string {
  const s = new ThinkStripper();
  return (s.push(text) + s.end()).trimEnd();
}
