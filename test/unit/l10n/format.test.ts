// Money, numbers, durations and plural forms in the display language (src/l10n/format.ts and the
// formatters built on it).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatMoneyCents, formatNumber, formatPercent, formatSeconds, pickPlural, safeLocale } from '../../../src/l10n/format';
import { formatCostCents, formatUnitCents } from '../../../src/views/money';

const NBSP = '\u00a0';
const forms = { one: 'one', few: 'few', many: 'many', other: 'other' };

describe('l10n formatting', () => {
  it('money: $1.20 in English, 1,20 $ in Russian and Italian, as Intl writes USD', () => {
    assert.equal(formatMoneyCents(120, 'en'), '$1.20');
    assert.equal(formatMoneyCents(120, 'ru'), `1,20${NBSP}$`);
    assert.equal(formatMoneyCents(120, 'it'), `1,20${NBSP}$`);
    assert.equal(formatMoneyCents(123456, 'ru'), `1${NBSP}234,56${NBSP}$`);
    assert.equal(formatMoneyCents(123456, 'it'), `1234,56${NBSP}$`, 'Italian groups from five digits');
    assert.equal(formatMoneyCents(123456), '$1,234.56', 'no locale: English, as before');
    assert.equal(formatMoneyCents(Number.NaN, 'ru'), '—');
  });

  it('formats cents as dollars with two decimals, a fraction of a cent kept', () => {
    assert.equal(formatMoneyCents(320), '$3.20');
    assert.equal(formatMoneyCents(5), '$0.05');
    assert.equal(formatMoneyCents(0), '$0.00');
    assert.equal(formatMoneyCents(12.5), '$0.125');
    assert.equal(formatMoneyCents(100.4), '$1.004');
    assert.equal(formatMoneyCents(123456), '$1,234.56');
    assert.equal(formatMoneyCents(Number.NaN), '—');
  });

  it('unit prices keep fractions of a cent in every language; a tiny cost is not 0', () => {
    assert.equal(formatUnitCents(2.5, 'en'), '$0.025');
    assert.equal(formatUnitCents(2.5, 'ru'), `0,025${NBSP}$`);
    assert.equal(formatUnitCents(0.165, 'it'), `0,0017${NBSP}$`);
    assert.equal(formatUnitCents(40, 'ru'), `0,40${NBSP}$`);
    assert.equal(formatCostCents(0.5, 'ru'), `0,005${NBSP}$`);
    assert.equal(formatCostCents(320, 'it'), `3,20${NBSP}$`);
  });

  it('fh#5 money: one precision rule in every place — a unit price, an estimate and a bill of 2.5 ¢ all read $0.025', () => {
    // Before: the Models view said "$0.025/image", the estimate (then api/rules/cost formatCents) "$0.03"; a tooltip "$0.0077", the panel "$0.01".
    for (const format of [formatUnitCents, formatCostCents, formatMoneyCents]) {
      assert.equal(format(2.5, 'en'), '$0.025');
      assert.equal(format(0.77, 'en'), '$0.0077');
      assert.equal(format(12.5, 'en'), '$0.125');
      assert.equal(format(320, 'en'), '$3.20');
      assert.equal(format(0, 'en'), '$0.00');
      assert.equal(format(0.1 + 0.2, 'en'), '$0.003', 'binary noise is rounded at 1/100 ¢');
      assert.equal(format(2.5, 'ru'), `0,025${NBSP}$`);
      assert.equal(format(Number.POSITIVE_INFINITY, 'it'), '—');
    }
  });

  it('fh#5 percent as the language writes it: "0%" in English and Italian, "0 %" in Russian', () => {
    assert.equal(formatPercent(0, 'en'), '0%');
    assert.equal(formatPercent(42.4, 'en'), '42%');
    assert.equal(formatPercent(7, 'it'), '7%');
    assert.equal(formatPercent(7, 'ru'), `7${NBSP}%`);
  });

  it('fh#5 no "Generating 0 %" in English: a percent sign follows its number in English and Italian, after a space in Russian', () => {
    const bundle = (lang: string): Record<string, string> =>
      JSON.parse(readFileSync(path.resolve(__dirname, `../../../../l10n/bundle.l10n${lang}.json`), 'utf8')) as Record<string, string>;
    const [en, ru, it] = ['', '.ru', '.it'].map(bundle) as [Record<string, string>, Record<string, string>, Record<string, string>];
    for (const key of Object.keys(en).filter((k) => k.includes('%'))) {
      assert.doesNotMatch(key, /\s%/, `English: ${key}`);
      assert.doesNotMatch(it[key]!, /\s%/, `Italian: ${it[key]}`);
      // A no-break space, as Intl writes a percentage in Russian.
      if (/\{\d\}%/.test(key)) assert.match(ru[key]!, /\{\d\}\u00a0%/, `Russian: ${ru[key]}`);
    }
  });

  it('numbers and seconds as the locale writes them', () => {
    assert.equal(formatNumber(1.5, 'en'), '1.5');
    assert.equal(formatNumber(1.5, 'ru'), '1,5');
    assert.equal(formatNumber(0.25, 'it', 2, 2), '0,25');
    assert.equal(formatNumber(1, 'ru', 2, 2), '1,00');
    assert.equal(formatSeconds(8, 'ru'), '8 с');
    assert.equal(formatSeconds(8, 'it'), '8 s');
  });

  it('plural forms by Intl.PluralRules: Russian one/few/many, English and Italian one/other', () => {
    assert.deepEqual([1, 2, 5, 11, 21, 22, 25].map((n) => pickPlural(n, 'ru', forms)), ['one', 'few', 'many', 'many', 'one', 'few', 'many']);
    assert.deepEqual([1, 2, 21].map((n) => pickPlural(n, 'en', forms)), ['one', 'other', 'other']);
    assert.deepEqual([1, 2, 5].map((n) => pickPlural(n, 'it', forms)), ['one', 'other', 'other']);
  });

  it('a locale Intl cannot read falls back to English instead of throwing', () => {
    assert.equal(safeLocale('not a locale!'), 'en-US');
    assert.equal(safeLocale(undefined), 'en-US');
    assert.equal(safeLocale('zh-cn'), 'zh-CN');
    assert.equal(formatMoneyCents(5, 'not a locale!'), '$0.05');
  });
});
