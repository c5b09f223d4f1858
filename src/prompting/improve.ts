// "Improve prompt": the chat messages that ask for a better prompt for one kind and model, with the
// model's caps and the form's current choices in the request so the rewrite fits what the model can
// do, and the clean-up of the answer before it goes into the prompt field. Pure; the caller sends
// the messages (api/chat.ts) and shows the price first (api/chatCost.ts).
import type { ChatMessage } from '../api/schemas/chatSchemas';
import type { Model } from '../api/schemas/schemas';
import type { ShotKind } from '../storyboard/shot';
import { describeCaps } from './caps';

/** The answer is one prompt: this bounds the call's price (the price shown before sending). */
export const IMPROVE_MAX_TOKENS = 700;

/** What each kind's prompt is for, and what such a model does well with. */
const GUIDE: Readonly<Record<ShotKind, string>> = {
  video:
    'The prompt describes one continuous shot: subject, action and motion over time, setting, camera (framing and movement), lighting and style. One shot only, no cuts or lists, and it must fit the chosen duration.',
  image: 'The prompt describes one still image: subject, composition, setting, lighting, style and medium. No motion, no text overlays unless asked for.',
  speech:
    'The text is spoken word for word. Keep its meaning and language; fix spelling and punctuation so it reads aloud naturally (pauses, numbers written as said). No stage directions, labels or speaker names.',
  music: 'The prompt describes a piece of music: genre, mood, tempo, instruments, structure and how it develops over the chosen length.',
  sfx: 'The prompt describes one sound effect: the source, the action, the surroundings and acoustics, and how it starts and ends within the chosen duration.',
};

const MODE_GUIDE: Readonly<Record<string, string>> = {
  image: 'Mode "image": the video animates a given first frame, so describe the motion and camera, not what the picture already shows.',
  reference: 'Mode "reference": given frames set the style; describe the scene and action.',
};

export interface ImproveInput {
  kind: ShotKind;
  model: Model;
  /** The prompt as written (speech: the text to speak). May be empty: then one is suggested. */
  prompt: string;
  /** The form's current choices (duration_seconds, mode, aspect_ratio, …); shown as they are. */
  choices?: Record<string, unknown>;
}

function choiceLines(choices: Record<string, unknown> | undefined): string[] {
  return Object.entries(choices ?? {})
    .filter(([k, v]) => k !== 'prompt' && k !== 'input' && k !== 'model' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && v !== '')
    .map(([k, v]) => `${k}: ${String(v)}`);
}

export function improvePromptMessages(input: ImproveInput): ChatMessage[] {
  const caps = describeCaps(input.kind, input.model);
  const mode = input.kind === 'video' ? MODE_GUIDE[String(input.choices?.mode ?? '')] : undefined;
  const system = [
    `You improve prompts for the ${input.kind} model "${input.model.id}".`,
    GUIDE[input.kind],
    ...(mode ? [mode] : []),
    ...(caps.length > 0 ? ['What this model can do:', ...caps.map((c) => `- ${c}`), 'Ask for nothing outside these.'] : []),
    "Keep the person's language and intent, and keep it under 120 words.",
    'Answer with the improved prompt only: no preface, no quotes, no Markdown, no explanation.',
  ].join('\n');
  const chosen = choiceLines(input.choices);
  const written = input.prompt.trim();
  const user = [
    written === '' ? 'Nothing is written yet: suggest one good prompt.' : `The prompt:\n${written}`,
    ...(chosen.length > 0 ? ['', 'Chosen in the form:', ...chosen.map((c) => `- ${c}`)] : []),
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** The answer as a prompt: a wrapping code fence, quotes or a "Prompt:" label the model added are removed. */
export function cleanImprovedPrompt(answer: string): string {
  let text = answer.trim();
  const fenced = /^```[^\n]*\n([\s\S]*?)\n?```$/.exec(text);
  if (fenced) text = fenced[1]!.trim();
  text = text.replace(/^(improved prompt|prompt)\s*:\s*/i, '');
  const quoted = /^(["“«'])([\s\S]*)(["”»'])$/.exec(text);
  if (quoted && !quoted[2]!.includes(quoted[1]!)) text = quoted[2]!.trim();
  return text;
}
