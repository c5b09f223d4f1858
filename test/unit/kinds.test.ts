// src/kinds.ts is the one list of kinds: no other source file spells the kinds out as an array, a
// Set, a zod enum or a union type, and each table keyed by kind elsewhere is a known one with its
// reason (the per-kind API rules, field widgets, l10n literals). Plus the facts themselves, checked
// against the package manifest and the views that show them.
import './vscodeFake';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { isAudioKind, isKind, isSyncKind, KIND_IDS, kindFacts, KINDS, OPERATION_IDS, SYNC_KIND_IDS, type Kind } from '../../src/kinds';
import { JobKindSchema } from '../../src/jobs/job';
import { MediaSidecarSchema } from '../../src/jobs/sync/mediaSidecar';
import { estimate, validateRequest } from '../../src/api/rules/byKind';
import { MODELS } from '../simulator/catalog';
import { ModelListSchema } from '../../src/api/schemas/schemas';
import { modelKind } from '../../src/api/rules/modelKind';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { kindLabel } = require('../../src/views/kindLabel') as typeof import('../../src/views/kindLabel');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { kindWord } = require('../../src/ui/confirmCost') as typeof import('../../src/ui/confirmCost');

const root = path.resolve(__dirname, '..', '..', '..');
const IDS: ReadonlySet<string> = new Set(KIND_IDS);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** How many distinct kind ids a list of names holds. */
const kindCount = (names: readonly (string | undefined)[]): number => new Set(names.filter((n): n is string => n !== undefined && IDS.has(n))).size;

const text = (n: ts.Node | undefined): string | undefined => (n && (ts.isStringLiteral(n) || ts.isIdentifier(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined);

interface Found {
  /** Arrays (plain, Set or z.enum arguments) and union types naming 3+ kinds: a copy of the list. */
  lists: string[];
  /** Object literals keyed by 3+ kinds and switches with 3+ kind cases: a table per kind. */
  tables: Map<string, number>;
}

function scan(): Found {
  const found: Found = { lists: [], tables: new Map() };
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const at = (n: ts.Node): string => `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const table = (): void => void found.tables.set(rel, (found.tables.get(rel) ?? 0) + 1);
    const visit = (n: ts.Node): void => {
      if (ts.isArrayLiteralExpression(n) && kindCount(n.elements.map((e) => (ts.isStringLiteral(e) ? e.text : undefined))) >= 3) found.lists.push(at(n));
      if (ts.isUnionTypeNode(n) && kindCount(n.types.map((t) => (ts.isLiteralTypeNode(t) ? text(t.literal) : undefined))) >= 3) found.lists.push(at(n));
      if (ts.isObjectLiteralExpression(n) && kindCount(n.properties.map((p) => text(p.name))) >= 3) table();
      if (ts.isSwitchStatement(n) && kindCount(n.caseBlock.clauses.map((c) => (ts.isCaseClause(c) ? text(c.expression) : undefined))) >= 3) table();
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

/**
 * The tables keyed by kind outside src/kinds.ts, at most this many per file, and why each is not a
 * fact of kinds.ts. A new one needs a line here (or, better, a field in KindFacts).
 */
const KNOWN_TABLES: Readonly<Record<string, { max: number; why: string }>> = {
  'src/kinds.ts': { max: 1, why: 'the facts themselves' },
  'src/api/rules/byKind.ts': { max: 2, why: 'each kind’s validator and estimator: code, kept out of the light kinds.ts' },
  'src/api/rules/validationAudio.ts': { max: 1, why: 'the sound kinds’ “not a … model” problem codes (their API rules)' },
  'src/submit/vscode/startJob.ts': { max: 1, why: 'the sound kinds’ client methods (their API modules)' },
  'src/generate/app/main.ts': { max: 1, why: 'each kind’s own field widgets (DOM), built into the one form view' },
  'src/prompting/improve.ts': { max: 1, why: 'what a prompt of each kind is for, told to the chat model' },
  'src/prompting/caps.ts': { max: 1, why: 'each kind’s caps object described for the chat model' },
  'src/storyboard/completion.ts': { max: 1, why: 'each kind’s request keys offered in a shot' },
  'src/views/modelPresentation.ts': { max: 2, why: 'each kind’s unit price and caps, read from its own caps object' },
  'src/views/jobPresentation.ts': { max: 1, why: 'each kind’s size column (duration, count, voice, length)' },
  // l10n: the extractor only sees literal vscode.l10n.t('…') calls, and each message translates whole.
  'src/views/kindLabel.ts': { max: 1, why: 'l10n literals of KINDS[kind].label / groupLabel' },
  'src/ui/confirmCost.ts': { max: 1, why: 'l10n literals of the kind words in a sentence (“Generate sound effect …”)' },
  'src/ui/completionText.ts': { max: 2, why: 'l10n literals: “<Kind> ready/failed: …”, one message per kind' },
};

describe('one kind list', () => {
  const found = scan();

  it('only src/kinds.ts spells the kinds out as a list', () => {
    assert.deepEqual(
      found.lists.map((l) => l.replace(/:\d+$/, '')),
      ['src/kinds.ts'],
      `kinds listed outside src/kinds.ts (derive them from KIND_IDS): ${found.lists.join(', ')}`,
    );
  });

  it('every table keyed by kind is a known one', () => {
    for (const [file, n] of found.tables) {
      const known = KNOWN_TABLES[file];
      assert.ok(known, `${file} has ${n} table(s) keyed by kind: make it a KindFacts field, or add it to KNOWN_TABLES with why`);
      assert.ok(n <= known.max, `${file} has ${n} tables keyed by kind, ${known.max} known`);
    }
  });

  it('the scan sees a list and a table when there is one', () => {
    // Guards the scanner itself: the facts object and the id tuple must both be found.
    assert.ok(found.tables.get('src/kinds.ts') === 1);
    assert.equal(found.lists.length, 1);
  });
});

describe('kind facts', () => {
  it('lists the five kinds in the views’ order; video is the one followed kind', () => {
    assert.deepEqual([...KIND_IDS], ['video', 'image', 'speech', 'music', 'sfx']);
    assert.deepEqual([...SYNC_KIND_IDS], ['image', 'speech', 'music', 'sfx']);
    assert.deepEqual(
      KIND_IDS.filter((k) => !isSyncKind(k)),
      ['video'],
    );
    assert.deepEqual(KIND_IDS.filter(isAudioKind), ['speech', 'music', 'sfx']);
  });

  it('recognises kinds and nothing else', () => {
    for (const k of KIND_IDS) assert.ok(isKind(k));
    for (const v of ['other', 'Video', '', 'toString', 'constructor', undefined, 3]) {
      assert.equal(isKind(v), false, String(v));
      assert.equal(isSyncKind(v), false, String(v));
    }
  });

  it('the zod enums are the same list', () => {
    // A job record may be any kind, an operation on a workspace file included; the kinds come first.
    assert.deepEqual(JobKindSchema.options, [...KIND_IDS, ...OPERATION_IDS]);
    assert.deepEqual(MediaSidecarSchema.shape.kind.options, [...SYNC_KIND_IDS]);
  });

  it('speech sends its text as input, every other kind as prompt', () => {
    assert.deepEqual(
      KIND_IDS.filter((k) => KINDS[k].textField === 'input'),
      ['speech'],
    );
  });

  it('sync results are images or sound; video is an mp4', () => {
    assert.deepEqual(kindFacts('video').results, ['mp4']);
    assert.deepEqual(kindFacts('image').results, ['png', 'jpeg', 'webp']);
    for (const k of ['speech', 'music', 'sfx'] as const) assert.deepEqual(kindFacts(k).results, ['mp3', 'wav']);
  });

  it('names settings and commands the package declares', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[]; configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[] };
    };
    const commands = new Set(pkg.contributes.commands.map((c) => c.command));
    const configs = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
    const settings = new Set(configs.flatMap((c) => Object.keys(c.properties)));
    for (const k of KIND_IDS) {
      assert.ok(commands.has(KINDS[k].generateCommand), `${k}: ${KINDS[k].generateCommand}`);
      assert.ok(settings.has(`airforce.${KINDS[k].defaultModelSetting}`), `${k}: ${KINDS[k].defaultModelSetting}`);
    }
  });

  it('labels are the English keys the views translate', () => {
    for (const k of KIND_IDS) {
      assert.equal(kindLabel(k), KINDS[k].label);
      assert.equal(kindLabel(k, true), KINDS[k].groupLabel);
      assert.equal(kindWord(k), KINDS[k].label.toLowerCase());
    }
  });

  it('every facts field is set for every kind', () => {
    const fields = Object.keys(KINDS.video).sort();
    for (const k of KIND_IDS) assert.deepEqual(Object.keys(KINDS[k]).sort(), fields, k);
    assert.equal(new Set(KIND_IDS.map((k) => KINDS[k].icon)).size, KIND_IDS.length, 'one icon per kind');
    assert.equal(new Set(KIND_IDS.map((k) => KINDS[k].chartColour)).size, KIND_IDS.length, 'one colour per kind');
    const words = KIND_IDS.flatMap((k) => KINDS[k].mediaTypes);
    assert.equal(new Set(words).size, words.length, 'a media_type word names one kind');
  });
});

describe('one validator and estimator per kind (api/rules/byKind.ts)', () => {
  const catalog = ModelListSchema.parse({ data: MODELS }).data;
  const first = (k: Kind) => catalog.find((m) => modelKind(m) === k && (k !== 'video' || m.video_caps))!;

  it('every kind has a model in the simulator catalog, validated and priced by its own rules', () => {
    const forms: Record<Kind, Record<string, unknown>> = {
      video: { prompt: 'a cat', mode: 'text' },
      image: { prompt: 'a cat' },
      speech: { input: 'hello' },
      music: { prompt: 'a tune', music_length_ms: 10_000 },
      sfx: { prompt: 'a door', duration_seconds: 2 },
    };
    for (const k of KIND_IDS) {
      const model = first(k);
      const voice = k === 'speech' ? { voice: (model.speech_caps as { voices: string[] }).voices[0] } : {};
      const checked = validateRequest(k, { ...forms[k], ...voice, model: model.id }, model);
      assert.ok(checked.ok, `${k}: ${JSON.stringify(checked)}`);
      assert.equal(checked.request.model, model.id);
      assert.ok('cents' in estimate(k, checked.request, model), `${k} has a price`);
    }
  });

  it('a model of another kind is refused; no model has no price', () => {
    const image = first('image');
    for (const k of KIND_IDS.filter((k) => k !== 'image')) {
      const checked = validateRequest(k, { prompt: 'x', input: 'x', model: image.id }, image);
      assert.equal(checked.ok, false, k);
      assert.ok('unknown' in estimate(k, {}, undefined));
    }
  });
});
