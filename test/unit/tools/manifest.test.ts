// Issue 20: package.json's `languageModelTools` is what src/tools/manifest.ts builds (its input
// schemas derived from the API's zod schemas), so the declared schema and the one each invocation is
// parsed with cannot drift; every job kind has its tool; the tools' fields are the API's own.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FIELD_DESCRIPTIONS, toolContributions, toolInputJsonSchema } from '../../../src/tools/manifest';
import { TOOL_KINDS, TOOL_NAMES, isToolName } from '../../../src/tools/toolNames';
import { checkToolInput, TOOL_INPUTS } from '../../../src/tools/toolSchemas';
import { JOB_KIND_IDS, isOperation } from '../../../src/kinds';
import { OPERATION_FIELDS } from '../../../src/api/rules/validationMedia';
import { registerTools, type DeclaredTools } from '../../../src/tools/vscode/register';
import { CreateVideoRequestSchema } from '../../../src/api/schemas/schemas';
import { ImageRequestSchema } from '../../../src/api/schemas/imageSchemas';
import { MusicRequestSchema, SfxRequestSchema, SpeechRequestSchema } from '../../../src/api/schemas/audioSchemas';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const json = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
const declared = (): unknown[] => (json('package.json').contributes as { languageModelTools: unknown[] }).languageModelTools;

/** The API request schema each generate tool is derived from. */
const API_SHAPES: Readonly<Record<string, Record<string, unknown>>> = {
  airforce_generate_image: ImageRequestSchema.shape,
  airforce_generate_video: CreateVideoRequestSchema.shape,
  airforce_generate_speech: SpeechRequestSchema.shape,
  airforce_generate_music: MusicRequestSchema.shape,
  airforce_generate_sound_effect: SfxRequestSchema.shape,
};

describe('language model tools manifest', () => {
  it('issue 20: package.json declares exactly what src/tools/manifest.ts builds (run `npm run tools:manifest` after changing a schema)', () => {
    assert.deepEqual(declared(), JSON.parse(JSON.stringify(toolContributions())));
  });

  it('issue 20: activation registers the names package.json declares: every tool, in order', () => {
    const registered: string[] = [];
    const loaded: string[] = [];
    const lm = { registerTool: (name: string) => (registered.push(name), { dispose: () => undefined }) } as never;
    const disposables = registerTools(lm, json('package.json') as DeclaredTools, (name) => void loaded.push(name));
    assert.deepEqual(registered, TOOL_NAMES);
    assert.equal(disposables.length, TOOL_NAMES.length);
    assert.deepEqual(loaded, [], 'registering loads no implementation');
    assert.deepEqual(
      registerTools(lm, {}, () => undefined),
      [],
    );
  });

  it('issue 20: every job kind has one tool, and the list tool starts none', () => {
    const kinds = TOOL_NAMES.map((n) => TOOL_KINDS[n]).filter((k) => k !== undefined);
    assert.deepEqual([...kinds].sort(), [...JOB_KIND_IDS].sort());
    assert.equal(TOOL_KINDS.airforce_list_models, undefined);
    assert.ok(isToolName('airforce_dub') && !isToolName('airforce_nothing') && !isToolName('toString'));
  });

  it('issue 20: each tool has a reference name, an icon, a model description that speaks of cost, and localised names in every package.nls', () => {
    const nls = ['package.nls.json', 'package.nls.ru.json', 'package.nls.it.json'].map(json);
    const refs = new Set<string>();
    for (const t of toolContributions()) {
      assert.match(t.toolReferenceName, /^airforce[A-Z][A-Za-z]+$/);
      refs.add(t.toolReferenceName);
      assert.match(t.icon, /^\$\([a-z-]+\)$/);
      assert.match(t.modelDescription, t.name === 'airforce_list_models' ? /Free/ : /spends money.*confirms the estimated price.*budget/);
      for (const key of [t.displayName, t.userDescription]) {
        const id = /^%(.+)%$/.exec(key)?.[1];
        assert.ok(id, `${t.name}: ${key} is an nls key`);
        for (const [i, table] of nls.entries()) assert.ok(typeof table[id] === 'string' && table[id] !== '', `${id} in nls file ${i}`);
      }
    }
    assert.equal(refs.size, TOOL_NAMES.length, 'reference names are unique');
  });

  it("issue 20: a generate tool's fields are its API request schema's (model optional), plus input images as workspace paths", () => {
    for (const [name, shape] of Object.entries(API_SHAPES)) {
      const props = Object.keys((toolInputJsonSchema(name as never).properties ?? {}) as object);
      for (const p of props) assert.ok(p === 'input_images' || p in shape, `${name}.${p} is a field of the API's request schema`);
      const required = toolInputJsonSchema(name as never).required as string[];
      assert.ok(!required.includes('model'), `${name}: model is optional (the default-model setting)`);
    }
    assert.deepEqual(toolInputJsonSchema('airforce_generate_image').required, ['prompt']);
    assert.deepEqual(toolInputJsonSchema('airforce_generate_speech').required, ['input']);
  });

  it("issue 20: an operation tool's fields are the operation's own (validationMedia.ts), with the file as a workspace path", () => {
    for (const name of TOOL_NAMES) {
      const kind = TOOL_KINDS[name];
      if (!isOperation(kind)) continue;
      const props = Object.keys(TOOL_INPUTS[name].shape).sort();
      assert.deepEqual(props, ['file', 'model', ...OPERATION_FIELDS[kind]].sort(), name);
    }
  });

  it('issue 20: every field of every tool is described for the model, and no description names a field the tool lacks', () => {
    for (const name of TOOL_NAMES) {
      assert.deepEqual(Object.keys(FIELD_DESCRIPTIONS[name]).sort(), Object.keys(TOOL_INPUTS[name].shape).sort(), name);
      for (const field of Object.values(toolInputJsonSchema(name).properties ?? {})) assert.ok(typeof field.description === 'string' && field.description.length > 10);
    }
  });

  it('issue 20: the JSON Schema has no $schema line and no ±2^53 integer bounds, and refuses unknown keys', () => {
    const text = JSON.stringify(toolContributions().map((t) => t.inputSchema));
    assert.ok(!text.includes('$schema') && !text.includes('9007199254740991'));
    for (const t of toolContributions()) assert.equal(t.inputSchema.additionalProperties, false, t.name);
  });

  it('issue 20: checkToolInput parses with the same schema: unknown keys and wrong types are named, valid input passes', () => {
    assert.deepEqual(checkToolInput('airforce_generate_image', { prompt: 'A fox' }), { ok: true, input: { prompt: 'A fox' } });
    const unknown = checkToolInput('airforce_generate_image', { prompt: 'A fox', colour: 'red' });
    assert.ok(!unknown.ok && unknown.problems.some((p) => /colour/.test(p)), JSON.stringify(unknown));
    const n = checkToolInput('airforce_generate_image', { prompt: 'A fox', n: 0 });
    assert.ok(!n.ok && n.problems[0]!.startsWith('n: '), JSON.stringify(n));
    const speech = checkToolInput('airforce_generate_speech', { voice: 'rachel' });
    assert.ok(!speech.ok && speech.problems.some((p) => p.startsWith('input: ')));
    assert.ok(!checkToolInput('airforce_dub', { file: 'a.mp3' }).ok, 'dub needs target_lang');
    assert.ok(checkToolInput('airforce_list_models', undefined).ok, 'no input is no filter');
    assert.ok(!checkToolInput('airforce_list_models', { kind: 'hologram' }).ok);
  });
});
