// Recent prompts per kind, offered in the panel's prompt field: newest first, no duplicates, at most
// RECENT_PROMPTS_MAX per kind, in global state. Recorded by the host on every accepted submit.
import type { PanelMemento } from './panelHost';
import { RECENT_PROMPTS_MAX } from '../protocolConstants';
import { KIND_IDS, type Kind } from '../../kinds';

export const RECENT_PROMPTS_KEY = 'airforce.recentPrompts';
/** A prompt longer than this is kept cut (the whole list must stay small enough for one message). */
const MAX_PROMPT_CHARS = 1000;

export type RecentPromptMap = Partial<Record<Kind, string[]>>;

/** `list` with `prompt` in front, its older copy removed, cut to the cap. */
export function withPrompt(list: readonly string[], prompt: string): string[] {
  return [prompt, ...list.filter((p) => p !== prompt)].slice(0, RECENT_PROMPTS_MAX);
}

export class RecentPrompts {
  constructor(private readonly memento: PanelMemento) {}

  /** Every kind's list, only well-formed entries. */
  all(): RecentPromptMap {
    const stored = this.memento.get<unknown>(RECENT_PROMPTS_KEY);
    const out: RecentPromptMap = {};
    if (typeof stored !== 'object' || stored === null) return out;
    for (const kind of KIND_IDS) {
      const list = (stored as Record<string, unknown>)[kind];
      if (!Array.isArray(list)) continue;
      const prompts = list.filter((p): p is string => typeof p === 'string' && p !== '').slice(0, RECENT_PROMPTS_MAX);
      if (prompts.length > 0) out[kind] = prompts;
    }
    return out;
  }

  of(kind: Kind): string[] {
    return this.all()[kind] ?? [];
  }

  /** Records a submitted prompt; resolves to the kind's new list. Blank prompts are not kept. */
  async record(kind: Kind, prompt: string): Promise<string[]> {
    const text = prompt.trim().slice(0, MAX_PROMPT_CHARS);
    if (text === '') return this.of(kind);
    const all = this.all();
    const list = withPrompt(all[kind] ?? [], text);
    await this.memento.update(RECENT_PROMPTS_KEY, { ...all, [kind]: list });
    return list;
  }

  async clear(kind: Kind): Promise<void> {
    const all = this.all();
    delete all[kind];
    await this.memento.update(RECENT_PROMPTS_KEY, all);
  }
}
