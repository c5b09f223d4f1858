// The Show Spending page: a static, script-free HTML page with an inline SVG bar chart (the last
// 30 days, stacked by kind), a table of totals per model, and the server figures not counted because
// they are implausible, each with a command link that accepts it. Themed only with --vscode-* colours, so
// it follows light, dark and high-contrast themes. Every word comes from the caller (localized);
// every value is escaped (model names come from the server). Pure: no vscode import.
import { formatMoneyCents } from '../l10n/format';
import { isKind, jobKindFacts } from '../kinds';
import { buildStaticPage } from '../webview/html';
import { CHAT_CHART_COLOUR, SPEND_KIND_IDS, type SpendKind } from './events';
import type { SpendingData } from './service';

export interface SpendingStrings {
  title: string;
  /** Lines under the title: spent today / this month / in flight / budget. */
  summary: string[];
  chartTitle: string;
  /** The chart's text alternative. */
  chartLabel: string;
  modelsTitle: string;
  model: string;
  kind: string;
  jobs: string;
  cost: string;
  noSpending: string;
  /** Shown when some settled costs are the task's figure or an estimate, not X-Cost-Cents. */
  unbilledNote?: string;
  /** Shown when the server billed figures far from their estimates (data.implausible). */
  implausible?: {
    title: string;
    /** Why they are not counted, and what accepting does. */
    note: string;
    date: string;
    billed: string;
    estimate: string;
    /** The link that accepts one figure. */
    accept: string;
  };
  kinds: Record<SpendKind, string>;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

// Each kind's hue is its KINDS[kind].chartColour. Colour is never the only cue: each segment names
// its kind and amount, and the legend gives every kind's total in the stacking order.

/** Room at the left for the axis figures and at the right for the last day's date. */
const CHART = { width: 640, height: 200, left: 56, right: 20, bottom: 24, top: 8 };

/** A round top for the axis: 1, 2 or 5 × 10ⁿ cents, at least a dollar. */
export function axisMax(maxCents: number): number {
  if (!Number.isFinite(maxCents)) return 100;
  for (let power = 100; ; power *= 10) {
    for (const f of [1, 2, 5]) if (power * f >= maxCents) return power * f;
  }
}

function chart(data: SpendingData, s: SpendingStrings, money: (cents: number) => string): string {
  const { width, height, left, right, bottom, top } = CHART;
  const plotH = height - bottom - top;
  const max = axisMax(Math.max(0, ...data.days.map((d) => d.total)));
  const slot = (width - left - right) / Math.max(1, data.days.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (cents: number): number => top + plotH - (cents / max) * plotH;
  const parts: string[] = [];
  for (const tick of [0, max / 2, max]) {
    parts.push(`<line class="grid" x1="${left}" x2="${width - right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}"/>`);
    parts.push(`<text class="axis" x="${left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(money(tick))}</text>`);
  }
  data.days.forEach((day, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let base = 0;
    const rects: string[] = [];
    for (const kind of SPEND_KIND_IDS) {
      const cents = day.byKind[kind] ?? 0;
      if (cents <= 0) continue;
      const y0 = y(base + cents);
      const label = escapeHtml(`${s.kinds[kind]}: ${money(cents)}`);
      rects.push(
        `<rect class="bar k-${kind}" x="${x.toFixed(1)}" y="${y0.toFixed(1)}" width="${barW.toFixed(1)}" height="${Math.max(1, y(base) - y0).toFixed(1)}"><title>${label}</title></rect>`,
      );
      base += cents;
    }
    if (rects.length > 0) parts.push(`<g><title>${escapeHtml(`${day.date}: ${money(day.total)}`)}</title>${rects.join('')}</g>`);
    if (i % 5 === data.days.length % 5 || i === data.days.length - 1) {
      parts.push(`<text class="axis" x="${(x + barW / 2).toFixed(1)}" y="${height - 6}" text-anchor="middle">${escapeHtml(day.date.slice(5))}</text>`);
    }
  });
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(s.chartLabel)}">${parts.join('')}</svg>`;
}

/** In the bars' stacking order (bottom first), each kind with its total over the 30 days. */
function legend(data: SpendingData, s: SpendingStrings, money: (cents: number) => string): string {
  // An operation (or prompt help) nobody used has no place in the legend (the five kinds always show).
  const items = SPEND_KIND_IDS.flatMap((k) => {
    const cents = data.days.reduce((sum, d) => sum + (d.byKind[k] ?? 0), 0);
    if (cents <= 0 && !isKind(k)) return [];
    return `<li class="legend-${k}"><svg width="12" height="12" aria-hidden="true"><rect class="bar k-${k}" width="12" height="12"/></svg>${escapeHtml(s.kinds[k])} <span class="num">${escapeHtml(money(cents))}</span></li>`;
  });
  return `<ul class="legend">${items.join('')}</ul>`;
}

function modelsTable(data: SpendingData, s: SpendingStrings, money: (cents: number) => string): string {
  if (data.models.length === 0) return `<p class="empty">${escapeHtml(s.noSpending)}</p>`;
  const rows = data.models.map(
    (m) => `<tr><td>${escapeHtml(m.model)}</td><td>${escapeHtml(s.kinds[m.kind])}</td><td class="num">${m.jobs}</td><td class="num">${escapeHtml(money(m.cents))}</td></tr>`,
  );
  const head = `<tr><th scope="col">${escapeHtml(s.model)}</th><th scope="col">${escapeHtml(s.kind)}</th><th scope="col" class="num">${escapeHtml(s.jobs)}</th><th scope="col" class="num">${escapeHtml(s.cost)}</th></tr>`;
  return `<table class="models"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The command link that accepts one implausible figure (the view allows only this command). */
export const acceptCostLink = (id: string): string => `command:airforce.showSpending?${encodeURIComponent(JSON.stringify([{ acceptCost: id }]))}`;

function implausibleTable(data: SpendingData, s: SpendingStrings, money: (cents: number) => string): string {
  const t = s.implausible;
  if (!t || data.implausible.length === 0) return '';
  const rows = data.implausible.map((c) => {
    const date = new Date(c.at * 1000).toISOString().slice(0, 10);
    const est = c.est === undefined ? '—' : money(c.est);
    return `<tr><td>${escapeHtml(date)}</td><td>${escapeHtml(c.model)}</td><td>${escapeHtml(s.kinds[c.kind])}</td><td class="num">${escapeHtml(money(c.cents))}</td><td class="num">${escapeHtml(est)}</td><td><a href="${escapeHtml(acceptCostLink(c.id))}">${escapeHtml(t.accept)}</a></td></tr>`;
  });
  const head = [t.date, s.model, s.kind, t.billed, t.estimate].map((h, i) => `<th scope="col"${i >= 3 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  return `<h2>${escapeHtml(t.title)}</h2>
<p class="note">${escapeHtml(t.note)}</p>
<table class="implausible"><thead><tr>${head}<th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The whole page. `nonce` admits the one style element; nothing else may load or run. */
/** `locale`: the display language (money as it writes it, and the page's lang). */
export function spendingHtml(data: SpendingData, s: SpendingStrings, nonce: string, locale = 'en'): string {
  const money = (cents: number): string => formatMoneyCents(cents, locale);
  const kindCss = SPEND_KIND_IDS.map((k) => `.k-${k}{fill:var(${k === 'chat' ? CHAT_CHART_COLOUR : jobKindFacts(k).chartColour})}`).join('');
  const css = `body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);background:var(--vscode-editor-background);padding:0 20px 20px}
h1{font-size:1.4em;font-weight:600}h2{font-size:1.1em;font-weight:600;margin-top:1.6em}
.summary{margin:0;padding:0;list-style:none}.summary li{margin:2px 0}
.chart{width:100%;max-width:760px;height:auto;display:block}
.grid{stroke:var(--vscode-charts-lines);stroke-width:1}
.axis{fill:var(--vscode-descriptionForeground);font-size:10px}
.bar{stroke:var(--vscode-contrastBorder,var(--vscode-editor-background));stroke-width:1}${kindCss}
.legend{display:flex;flex-wrap:wrap;gap:14px;list-style:none;padding:0}.legend li{display:flex;align-items:center;gap:6px}
table{border-collapse:collapse;min-width:360px}th,td{text-align:left;padding:4px 12px 4px 0;border-bottom:1px solid var(--vscode-editorWidget-border,var(--vscode-charts-lines))}
.num{text-align:right}.empty,.note{color:var(--vscode-descriptionForeground)}`;
  const summary = s.summary.map((line) => `<li>${escapeHtml(line)}</li>`).join('');
  return buildStaticPage({
    nonce,
    lang: locale,
    title: s.title,
    css,
    body: `<h1>${escapeHtml(s.title)}</h1>
<ul class="summary">${summary}</ul>
<h2>${escapeHtml(s.chartTitle)}</h2>
${chart(data, s, money)}
${legend(data, s, money)}
<h2>${escapeHtml(s.modelsTitle)}</h2>
${modelsTable(data, s, money)}
${s.unbilledNote ? `<p class="note">${escapeHtml(s.unbilledNote)}</p>` : ''}
${implausibleTable(data, s, money)}`,
  });
}
