// Russian and Italian keep the terms of docs/l10n-glossary.md: its machine-checkable part
// (docs/l10n-glossary.json) names the chosen word of each recurring concept and the forms no value
// may use; the counted messages agree with their number in every plural form.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pickPlural, type PluralForms } from '../../../src/l10n/format';
import { readJson, repoRoot, type Messages } from './helpers';

interface Rule {
  pattern: string;
  keys?: string;
  bad: string;
  preferred: string;
  why: string;
}
interface Term {
  concept: string;
  en: string;
  ru: string;
  it: string;
  keys: string[];
  nlsKeys?: string[];
}
interface Glossary {
  terms: Term[];
  forbidden: Record<Lang, Rule[]>;
}
type Lang = 'ru' | 'it';
const LANGS: Lang[] = ['ru', 'it'];

const glossary = (): Glossary => JSON.parse(readFileSync(path.join(repoRoot(), 'docs', 'l10n-glossary.json'), 'utf8')) as Glossary;
const text = (m: Messages, key: string): string | undefined => {
  const v = m[key];
  return typeof v === 'string' ? v : v?.message;
};

/** Every translated text of a language, labelled by where it lives; `key` is the English key (none for pages). */
function translatedTexts(lang: Lang): Array<{ where: string; key?: string; value: string }> {
  const out: Array<{ where: string; key?: string; value: string }> = [];
  const bundle = readJson('l10n', `bundle.l10n.${lang}.json`);
  const english = readJson('l10n', 'bundle.l10n.json');
  for (const key of Object.keys(bundle)) out.push({ where: `bundle ${JSON.stringify(key)}`, key: text(english, key) ?? key, value: text(bundle, key)! });
  const nls = readJson(`package.nls.${lang}.json`);
  const nlsEnglish = readJson('package.nls.json');
  for (const key of Object.keys(nls)) {
    if (/\.media$/.test(key)) continue; // a path, not words
    out.push({ where: `package.nls ${key}`, key: text(nlsEnglish, key) ?? key, value: text(nls, key)! });
  }
  const dir = path.join(repoRoot(), 'media', 'walkthrough', lang);
  for (const page of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    // Code spans are file names and setting ids, not words.
    out.push({ where: `media/walkthrough/${lang}/${page}`, value: readFileSync(path.join(dir, page), 'utf8').replace(/`[^`]*`/g, '``') });
  }
  return out;
}

/** The message a count picks in `lang`, the way src/ picks it (pickPlural over the four keys). */
function counted(lang: Lang, one: string, other: string, count: number): string {
  const b = readJson('l10n', `bundle.l10n.${lang}.json`);
  const form = (key: string): string => {
    const v = text(b, key);
    assert.ok(v, `${lang}: ${key} is translated`);
    return v;
  };
  const forms: PluralForms = { one: form(one), few: form(`${other}/plural form few`), many: form(`${other}/plural form many`), other: form(other) };
  return pickPlural(count, lang, forms).replace('{0}', String(count));
}

describe('l10n glossary', () => {
  for (const lang of LANGS) {
    it(`fh#6 ${lang}: no translated string uses a form the glossary forbids`, () => {
      const hits: string[] = [];
      for (const rule of glossary().forbidden[lang]) {
        const re = new RegExp(rule.pattern, 'u');
        const keys = rule.keys ? new RegExp(rule.keys, 'u') : undefined;
        for (const t of translatedTexts(lang)) {
          if (keys && (t.key === undefined || !keys.test(t.key))) continue;
          const m = re.exec(t.value);
          if (m) hits.push(`${t.where}: "${m[0]}" → ${rule.preferred} (${rule.why})`);
        }
      }
      assert.deepEqual(hits, []);
    });

    it(`fh#6 ${lang}: each recurring concept uses the glossary's word`, () => {
      const bundle = readJson('l10n', `bundle.l10n.${lang}.json`);
      const nls = readJson(`package.nls.${lang}.json`);
      const wrong: string[] = [];
      for (const term of glossary().terms) {
        for (const key of term.keys) if (text(bundle, key) !== term[lang]) wrong.push(`${key}: ${text(bundle, key)} (glossary: ${term[lang]})`);
        for (const key of term.nlsKeys ?? []) if (text(nls, key) !== term[lang]) wrong.push(`${key}: ${text(nls, key)} (glossary: ${term[lang]})`);
      }
      assert.deepEqual(wrong, []);
    });
  }

  it('fh#6 every forbidden pattern catches its own bad example (the rules are not vacuous)', () => {
    for (const lang of LANGS) for (const rule of glossary().forbidden[lang]) assert.match(rule.bad, new RegExp(rule.pattern, 'u'), `${lang}: ${rule.pattern}`);
  });

  it('fh#6 docs/l10n-glossary.md shows every machine-checked term and points to the JSON', () => {
    const md = readFileSync(path.join(repoRoot(), 'docs', 'l10n-glossary.md'), 'utf8');
    assert.match(md, /l10n-glossary\.json/);
    for (const term of glossary().terms) for (const word of [term.ru, term.it]) assert.ok(md.includes(word), `${term.concept}: ${word} is in the glossary page`);
    assert.match(readFileSync(path.join(repoRoot(), 'l10n', 'README.md'), 'utf8'), /docs\/l10n-glossary\.md/, 'l10n/README.md links the glossary');
  });

  it('fh#6 ru: "{0} images ready" agrees with its number in every plural form', () => {
    const msg = (n: number) => counted('ru', '{0} image ready: {1}', '{0} images ready: {1}', n);
    for (const n of [1, 21, 101]) assert.match(msg(n), new RegExp(`^${n} изображение готово:`));
    for (const n of [2, 3, 4, 22, 34]) assert.match(msg(n), new RegExp(`^${n} изображения готовы:`));
    for (const n of [5, 11, 12, 14, 20, 25, 100]) assert.match(msg(n), new RegExp(`^${n} изображений готовы:`));
    assert.match(msg(1.5), /^1\.5 изображения готовы:/, 'a fraction (other) takes the genitive singular, the verb stays plural');
  });

  it('fh#6 it: "{0} images ready" agrees with its number', () => {
    const msg = (n: number) => counted('it', '{0} image ready: {1}', '{0} images ready: {1}', n);
    assert.match(msg(1), /^1 immagine pronta:/);
    for (const n of [2, 5, 21, 1000000]) assert.match(msg(n), new RegExp(`^${n} immagini pronte:`));
  });

  it('fh#6 ru: every counted message tells few (2–4) from many (5–20) apart', () => {
    const ru = readJson('l10n', 'bundle.l10n.ru.json');
    const few = Object.keys(ru).filter((k) => k.endsWith('/plural form few'));
    assert.ok(few.length >= 3, 'the counted messages are found');
    for (const k of few) {
      const base = k.slice(0, -'/plural form few'.length);
      assert.notEqual(text(ru, k), text(ru, `${base}/plural form many`), base);
      assert.equal(text(ru, base), text(ru, k), `${base}: other (fractions) reads like few`);
    }
  });

  it('fh#6 the percent sign: none after a space in Italian, a no-break space in Russian', () => {
    const it_ = readJson('l10n', 'bundle.l10n.it.json');
    const ru = readJson('l10n', 'bundle.l10n.ru.json');
    // "Generating {0}" takes its percentage from Intl (format.ts), so only the word is translated.
    assert.equal(text(it_, 'Generating {0}'), 'Generazione {0}');
    assert.equal(text(it_, 'Processing {0}%'), 'Elaborazione {0}%');
    assert.equal(text(ru, 'Generating {0}'), 'Генерация {0}');
    assert.equal(text(ru, 'Processing {0}%'), 'Обработка {0}\u00a0%');
    // The same as Intl writes a percentage in each language.
    assert.equal(new Intl.NumberFormat('it', { style: 'percent' }).format(0.42), '42%');
    assert.equal(new Intl.NumberFormat('ru', { style: 'percent' }).format(0.42), '42\u00a0%');
  });

  it('fh#6 the Speech kind has its own name, apart from Voice', () => {
    for (const lang of LANGS) {
      const b = readJson('l10n', `bundle.l10n.${lang}.json`);
      assert.notEqual(text(b, 'Speech'), text(b, 'Voice'), `${lang}: Speech and Voice differ`);
      assert.notEqual(text(b, 'New speech')?.toLowerCase().includes(text(b, 'Voice')!.toLowerCase()), true, `${lang}: New speech is not "new voice"`);
    }
    assert.equal(text(readJson('l10n', 'bundle.l10n.ru.json'), 'Speech'), 'Озвучка');
    assert.equal(text(readJson('l10n', 'bundle.l10n.it.json'), 'Speech'), 'Parlato');
    assert.equal(text(readJson('package.nls.ru.json'), 'command.generateSpeech'), 'Сгенерировать озвучку');
    assert.equal(text(readJson('package.nls.it.json'), 'command.generateSpeech'), 'Genera parlato');
  });
});
