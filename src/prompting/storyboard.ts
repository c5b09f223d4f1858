// "Storyboard from selection": the chat messages that turn prose into ```airforce shot blocks (the
// models of each kind with their caps, `image: @id` continuity), the reading of the answer (its
// blocks, closed and checked by the storyboard analyzer), and the one "fix these problems" message
// sent back when the check finds any. Pure: what is inserted, and whether the fix is asked for only
// once, is the caller's.
import type { ChatMessage } from '../api/schemas/chatSchemas';
import type { Model } from '../api/schemas/schemas';
import { analyzeStoryboard, modelsOfKind, type StoryboardAnalysis } from '../storyboard/analyze';
import { parseStoryboard } from '../storyboard/parse';
import type { ShotKind } from '../storyboard/shot';
import { KIND_IDS } from '../kinds';
import { describeCaps } from './caps';

/** A storyboard is longer than one prompt: this bounds the call's price. */
export const STORYBOARD_MAX_TOKENS = 4000;
/** Models listed per kind, so a large catalog does not flood the request. */
const MODELS_PER_KIND = 8;

const FORMAT = [
  'Write each shot as a fenced code block whose info string is airforce, with one "key: value" per line:',
  '```airforce',
  'id: opening',
  'kind: image',
  'model: <an image model below>',
  'prompt: A lighthouse on a cliff at dawn, mist over the sea, wide shot',
  'aspect_ratio: 16:9',
  '```',
  '```airforce',
  'id: opening-move',
  'kind: video',
  'model: <a video model below with mode image>',
  'image: @opening',
  'prompt: Slow push-in towards the lighthouse as the mist lifts',
  'duration: 5',
  '```',
  'Keys: id (unique; letters, digits, - and _), kind (video, image, speech, music or sfx), model, prompt (for speech: input, the words spoken),',
  "and the kind's own settings: duration (seconds, video and sfx), aspect_ratio, quality, mode (video), voice (speech), music_length_ms (music).",
  '"image: @<id>" takes the picture of an image shot written above: a video from it animates it (continuity between shots), an image from it edits it.',
  'Use only the models listed below, each for its own kind, and only values their caps allow.',
  'Answer with the blocks only, in story order, with no other text.',
].join('\n');

export interface StoryboardInput {
  /** The selected prose. */
  selection: string;
  catalog: readonly Model[];
  /** Kinds to offer; default all. */
  kinds?: readonly ShotKind[];
}

/** The catalog part of the request: per kind, each model with its caps. */
export function catalogSection(catalog: readonly Model[], kinds: readonly ShotKind[] = KIND_IDS): string {
  const parts: string[] = [];
  for (const kind of kinds) {
    const models = modelsOfKind(catalog, kind).slice(0, MODELS_PER_KIND);
    if (models.length === 0) continue;
    parts.push(`${kind} models:`);
    for (const m of models) {
      const caps = describeCaps(kind, m);
      parts.push(`- ${m.id}${caps.length > 0 ? ` (${caps.join('; ')})` : ''}`);
    }
  }
  return parts.join('\n');
}

export function storyboardMessages(input: StoryboardInput): ChatMessage[] {
  const system = ['You turn prose into a storyboard of media shots for a generator.', FORMAT, '', catalogSection(input.catalog, input.kinds)].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: `Make the shots for this text:\n\n${input.selection.trim()}` },
  ];
}

export interface StoryboardProblem {
  /** 0-based index of the block, or -1 for the answer as a whole. */
  block: number;
  /** The shot's id when it has one. */
  shot?: string;
  /** 0-based line in `text`, and that line as written (for the fix request). */
  line: number;
  source: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface StoryboardAnswer {
  /** The blocks, each closed, separated by a blank line: what gets inserted. */
  text: string;
  blocks: string[];
  problems: StoryboardProblem[];
  analysis: StoryboardAnalysis;
}

/** The ```airforce blocks of an answer (other text dropped); a block cut off at the end is closed. */
export function extractBlocks(answer: string): string[] {
  const board = parseStoryboard(answer);
  return board.blocks.map((b) => {
    const lines = board.lines.slice(b.fenceLine, b.closeLine + 1).map((l) => l.trimEnd());
    const fence = /^\s*(`{3,}|~{3,})/.exec(lines[0]!)![1]!;
    if (!b.closed) lines.push(fence);
    return lines.join('\n');
  });
}

/** Reads the answer: its blocks, checked against the catalog (the same analyzer as the editor's). */
export function readStoryboardAnswer(answer: string, catalog: readonly Model[], defaultModels?: Partial<Record<ShotKind, string>>): StoryboardAnswer {
  const blocks = extractBlocks(answer);
  const text = blocks.join('\n\n');
  const board = parseStoryboard(text);
  const analysis = analyzeStoryboard(board, catalog, { defaultModels });
  const problems: StoryboardProblem[] = analysis.diagnostics.map((d) => {
    const block = board.blocks.findIndex((b) => d.line >= b.fenceLine && d.line <= b.closeLine);
    const shot = board.blocks[block]?.id;
    return { block, ...(shot ? { shot } : {}), line: d.line, source: board.lines[d.line]?.trim() ?? '', message: d.message, severity: d.severity };
  });
  if (blocks.length === 0) problems.push({ block: -1, line: 0, source: '', message: 'the answer holds no ```airforce block', severity: 'error' });
  return { text, blocks, problems, analysis };
}

/** Whether the answer is worth one fix request: any error (warnings alone are inserted as they are). */
export function needsFix(read: StoryboardAnswer): boolean {
  return read.problems.some((p) => p.severity === 'error');
}

/** The one follow-up: every problem, where it is, and the ask to answer the whole storyboard again. */
export function fixProblemsMessage(read: StoryboardAnswer): ChatMessage {
  const lines = read.problems.map((p) => {
    const where = p.block < 0 ? 'the answer' : `shot ${p.shot ? `"${p.shot}"` : p.block + 1}`;
    return `- ${where}${p.source ? `, at \`${p.source}\`` : ''}: ${p.message}`;
  });
  return {
    role: 'user',
    content: [
      'The storyboard check found these problems:',
      ...lines,
      'Answer again with the whole storyboard, every block, with these fixed, in the same format and nothing else.',
    ].join('\n'),
  };
}

/** The conversation for the fix request: the first exchange, then the problems. */
export function fixConversation(messages: readonly ChatMessage[], answer: string, read: StoryboardAnswer): ChatMessage[] {
  return [...messages, { role: 'assistant', content: answer }, fixProblemsMessage(read)];
}
