/**
 * The demo's data elements (table, pivot table, bar chart), drawn from their rows, each posting
 * the selection events Sigma posts for it, with the payloads the SDK types: a cell or header of
 * a table, a cell or header of a pivot table, a bar of a chart, a row's custom action.
 */
import type { DemoElement, Row } from '../../demo-org';
import { h } from './dom';
import { wordsFor, type Words } from './i18n';
import { post } from './protocol';

export interface DrawContext {
  lang: string;
  words: Words;
  /** The column a table is sorted by (an explore change), if any. */
  sortedBy?: string;
  /** A column header was clicked. */
  onHeader: (column: string) => void;
}

// Sigma names columns as the workbook does, whatever language the viewer reads.
const NAMES = wordsFor('en').words as unknown as Record<string, string>;
const columnName = (column: string) => NAMES[column] ?? column;
const named = (row: Row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [columnName(k), v]));

const isNumber = (value: unknown) => typeof value === 'number';
const shown = (value: string | number, lang: string) => (typeof value === 'number' ? value.toLocaleString(lang) : value);

/** Clicks inside an element select it too (the card hears them); these controls do not. */
export function button(label: string, attributes: Record<string, string | boolean>, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attributes }, label);
  b.addEventListener('click', (event) => {
    event.stopPropagation();
    onClick();
  });
  return b;
}

export function table(element: DemoElement, rows: Row[], ctx: DrawContext): HTMLElement {
  const columns = Object.keys(rows[0]);
  const title = element.name;
  const sorted = ctx.sortedBy ? [...rows].sort((a, b) => (a[ctx.sortedBy!] < b[ctx.sortedBy!] ? -1 : a[ctx.sortedBy!] > b[ctx.sortedBy!] ? 1 : 0)) : rows;
  const label = (column: string) => (ctx.words as unknown as Record<string, string>)[column] ?? column;

  const header = (column: string) => {
    const th = h('th', { class: isNumber(rows[0][column]) ? 'num' : undefined, 'aria-sort': ctx.sortedBy === column ? 'ascending' : undefined }, label(column));
    th.addEventListener('click', () => {
      post('workbook:table:oncellselect', {
        nodeId: element.elementId,
        title,
        cells: [{ value: columnName(column), cellType: 'columnHeader', columnName: columnName(column) }],
      });
      ctx.onHeader(column);
    });
    return th;
  };
  const cell = (row: Row, column: string) => {
    const td = h('td', { class: isNumber(row[column]) ? 'num' : undefined }, shown(row[column], ctx.lang));
    td.addEventListener('click', () =>
      post('workbook:table:oncellselect', {
        nodeId: element.elementId,
        title,
        cells: [
          { value: row[column], cellType: 'valueCell', columnName: columnName(column), underlyingData: { rows: [named(row)], isTruncated: false, length: 1 } },
        ],
      }),
    );
    return td;
  };
  const action = (row: Row) =>
    h(
      'td',
      {},
      button(ctx.words.generateEvent, { class: 'action' }, () => post('action:outbound', { name: element.action, values: named(row) })),
    );

  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...columns.map(header), element.action ? h('th', {}, ctx.words.actions) : null)),
    h('tbody', {}, ...sorted.map((row) => h('tr', {}, ...columns.map((c) => cell(row, c)), element.action ? action(row) : null))),
  );
}

/** Revenue summed by region (rows) and month (columns). */
export function pivotTable(element: DemoElement, rows: Row[], ctx: DrawContext): HTMLElement {
  const regions = [...new Set(rows.map((r) => r.region))];
  const months = [...new Set(rows.map((r) => String(r.month)))].sort();
  const sum = (region: string, month: string) =>
    rows.filter((r) => r.region === region && r.month === month).reduce((total, r) => total + Number(r.revenue), 0);
  const regionPath = (region: string) => [{ name: columnName('region'), value: region }];
  const monthPath = (month: string) => [{ name: columnName('month'), value: month }];
  const select = (cell: object) => post('workbook:pivottable:oncellselect', { nodeId: element.elementId, title: element.name, cells: [cell] });
  const clickable = <T extends HTMLElement>(node: T, cell: object) => {
    node.addEventListener('click', () => select(cell));
    return node;
  };

  return h(
    'table',
    { class: 'pivot' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, `${ctx.words.region} \\ ${ctx.words.month}`),
        ...months.map((m) =>
          clickable(h('th', { class: 'num' }, m), {
            value: m,
            cellType: 'columnHeader',
            columnName: columnName('month'),
            rowPath: null,
            columnPath: monthPath(m),
          }),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...regions.map((region) =>
        h(
          'tr',
          {},
          clickable(h('th', { scope: 'row' }, region), {
            value: region,
            cellType: 'rowHeader',
            columnName: columnName('region'),
            rowPath: regionPath(region),
            columnPath: null,
          }),
          ...months.map((m) => {
            const value = sum(region, m);
            return clickable(h('td', { class: 'num' }, shown(value, ctx.lang)), {
              value,
              cellType: 'valueCell',
              columnName: columnName('revenue'),
              rowPath: regionPath(region),
              columnPath: monthPath(m),
            });
          }),
        ),
      ),
    ),
  );
}

/** Revenue by region, one bar each; the tooltip (null with :hide_tooltip) shows the figure under the pointer. */
export function barChart(element: DemoElement, rows: Row[], ctx: DrawContext, tooltip: HTMLElement | null): HTMLElement {
  const { words, lang } = ctx;
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.region, (totals.get(row.region) ?? 0) + Number(row.revenue));
  const max = Math.max(...totals.values());
  return h(
    'div',
    { class: 'bars', role: 'img', 'aria-label': `${words.revenue} by ${words.region}` },
    ...[...totals].map(([region, total]) => {
      const fill = h('div', { class: 'fill' });
      // Through the CSSOM: the page's CSP allows no style attribute.
      fill.style.width = `${Math.round((total / max) * 100)}%`;
      const bar = h('div', { class: 'bar', 'data-region': region }, h('span', {}, region), fill, h('span', { class: 'value' }, total.toLocaleString(lang)));
      if (tooltip) {
        bar.addEventListener('mousemove', (event) => {
          tooltip.textContent = `${region}: ${words.revenue} ${total.toLocaleString(lang)}`;
          tooltip.style.left = `${event.clientX + 12}px`;
          tooltip.style.top = `${event.clientY + 12}px`;
          tooltip.hidden = false;
        });
        bar.addEventListener('mouseleave', () => (tooltip.hidden = true));
      }
      bar.addEventListener('click', () =>
        post('workbook:chart:onvalueselect', {
          nodeId: element.elementId,
          title: element.name,
          values: [{ [columnName('region')]: region, [columnName('revenue')]: total }],
        }),
      );
      return bar;
    }),
  );
}
