// Hovers over a storyboard shot's keys and values: what the key does, what the shot's model allows
// for it, and the model's price (a `model:` value shows the model's caps as the Models view does).
// Synchronous over the storyboard's cached analysis and catalog: no request on hover.
import * as vscode from 'vscode';
import type { Model } from '../../api/schemas/schemas';
import { modelPriceText, modelTooltip } from '../../views/modelsTree';
import { hoverShot } from '../hover';
import type { StoryboardAnalysis } from '../analyze';
import type { Storyboard } from '../parse';
import type { ShotKind } from '../shot';

export interface HoverSource {
  isStoryboard(doc: vscode.TextDocument): boolean;
  analysis(doc: vscode.TextDocument): { board: Storyboard; analysis: StoryboardAnalysis };
  models(): readonly Model[] | undefined;
  defaultModels(): Partial<Record<ShotKind, string>>;
}

/** How many allowed values a hover names before "and N more" (a voice list can be long). */
const LISTED_VALUES = 12;

function keyText(key: string, kind: ShotKind): string | undefined {
  switch (key) {
    case 'id':
      return vscode.l10n.t('The shot’s name: other shots take its image as @id, and its result’s link is written under the block.');
    case 'kind':
      return vscode.l10n.t('What the shot makes: video, image, speech, music or sfx (video when left out).');
    case 'model':
      return vscode.l10n.t('The model that makes this shot (the default model setting of its kind when left out).');
    case 'prompt':
      return vscode.l10n.t('What to make, in words. Indented lines below continue it.');
    case 'input':
      return vscode.l10n.t('The text to speak. Indented lines below continue it.');
    case 'duration':
      return kind === 'sfx' ? vscode.l10n.t('Length of the sound in seconds.') : vscode.l10n.t('Length of the video in whole seconds.');
    case 'aspect_ratio':
      return vscode.l10n.t('The picture’s shape, width:height.');
    case 'quality':
      return vscode.l10n.t('The video’s resolution.');
    case 'mode':
      return vscode.l10n.t('text: from the prompt alone; image: animates the input image; reference: keeps to the input image’s look.');
    case 'image':
      return vscode.l10n.t('The input image: @id of an image shot above, an https URL, or an image file.');
    case 'seed':
      return vscode.l10n.t('A number that makes the result repeatable.');
    case 'n':
      return vscode.l10n.t('How many images to make.');
    case 'response_format':
      return vscode.l10n.t('The file format of the result.');
    case 'voice':
      return vscode.l10n.t('The voice that speaks.');
    case 'speed':
      return vscode.l10n.t('How fast the voice speaks: 1 is normal, from 0.25 to 4.');
    case 'music_length_ms':
      return vscode.l10n.t('Length of the music in milliseconds.');
    case 'prompt_influence':
      return vscode.l10n.t('How closely the sound follows the prompt, from 0 to 1.');
    default:
      return undefined;
  }
}

export function storyboardHoverProvider(source: HoverSource): vscode.HoverProvider {
  return {
    provideHover(doc, pos) {
      if (!source.isStoryboard(doc)) return undefined;
      const { board, analysis } = source.analysis(doc);
      const found = hoverShot(board, pos.line, pos.character, source.models(), analysis.diagnostics, source.defaultModels());
      if (!found) return undefined;
      const md = new vscode.MarkdownString();
      md.appendMarkdown(`**${found.key}**`);
      const about = keyText(found.key, found.kind);
      if (about) md.appendMarkdown('\n\n').appendText(about);
      const m = found.model;
      if (found.on === 'value' && found.key === 'model' && m) {
        const tip = modelTooltip(m);
        if (tip) md.appendMarkdown('\n\n---\n\n').appendMarkdown(tip.value);
        return new vscode.Hover(md, new vscode.Range(found.line, found.start, found.line, found.end));
      }
      if (found.allowed.length > 0 && found.key !== 'kind' && found.key !== 'model') {
        const all = found.allowed;
        const shown = all.length <= LISTED_VALUES ? all.join(', ') : vscode.l10n.t('{0} and {1} more', all.slice(0, LISTED_VALUES).join(', '), all.length - LISTED_VALUES);
        md.appendMarkdown('\n\n').appendText(m ? vscode.l10n.t('{0} allows: {1}', m.id, shown) : vscode.l10n.t('Allowed: {0}', shown));
      }
      if (m) md.appendMarkdown('\n\n').appendText(vscode.l10n.t('Price of {0}: {1}', m.id, modelPriceText(m)));
      return new vscode.Hover(md, new vscode.Range(found.line, found.start, found.line, found.end));
    },
  };
}
