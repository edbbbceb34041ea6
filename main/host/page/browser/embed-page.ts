/**
 * The script of the local embed host's pages, in the embedded frame. It draws the demo
 * workbook from the config the host wrote into the page, and speaks Sigma's postMessage events
 * (sigma-embed.md §5): outbound to the parent, inbound only from the parent.
 */
import type { DemoElement, DemoPage, Row } from '../../demo-org';
import { REGIONS, REGION_CONTROL } from '../../demo-org';
import type { EmbedView, PageConfig } from '../view';
import { h } from './dom';
import { wordsFor } from './i18n';

const config = JSON.parse(document.getElementById('embed-config')!.textContent!) as PageConfig;

function post(type: string, payload: object = {}): void {
  // Sigma posts to whichever page embeds it; the embedding page checks the origin.
  // Always to the parent: in an iframe the embedding page; in Electron's <webview> the page
  // itself, where the preview's relay (main/electron/preload/webview.ts) hears it.
  window.parent.postMessage({ type, ...payload }, '*');
}

if (config.kind === 'refusal') {
  const { code, title, reason } = config.refusal;
  post('workbook:error', { code, message: title, reason });
} else {
  startWorkbook(config.view);
}

function startWorkbook(view: EmbedView): void {
  const app = document.getElementById('app')!;
  const { lang, words } = wordsFor(view.options[':lng']);
  document.documentElement.lang = lang;
  const option = (name: string) => view.options[`:${name}`];
  const claims = view.claims;

  const variables: Record<string, string> = {};
  for (const [id, values] of Object.entries(view.controls)) variables[id] = values.join(',');
  const allowedRegions = new Set(view.rowSecurity ? view.data.sales.map((r) => r.region) : REGIONS);
  const pages = view.pages;
  let page: DemoPage | undefined = pages[0];
  let selected: string | undefined;
  const refreshers: Array<() => void> = [];

  const selectedRegions = () => new Set((variables[REGION_CONTROL] ?? '').split(',').filter(Boolean));
  const visible = (rows: Row[]) => {
    const chosen = selectedRegions();
    return chosen.size ? rows.filter((row) => chosen.has(row.region)) : rows;
  };

  function menu(position: 'top' | 'bottom') {
    if ((option('menu_position') ?? 'none') !== position || option('hide_menu') === 'true') return null;
    return h(
      'nav',
      { class: `menu ${position}`, 'aria-label': 'Embed menu' },
      h('span', { class: 'title' }, view.workbook?.name ?? words.ask),
      option('hide_bookmarks') === 'true' ? null : h('span', {}, words.bookmarks),
      option('hide_folder_navigation') === 'true' ? null : h('span', {}, words.folders),
      h('span', {}, words.export),
    );
  }

  const countdown = h('strong', { 'data-testid': 'countdown' });
  function sessionBar() {
    const name = [claims.first_name, claims.last_name].filter(Boolean).join(' ');
    const teams = Array.isArray(claims.teams) ? (claims.teams as string[]) : [];
    const attributes = Object.entries((claims.user_attributes ?? {}) as Record<string, string>);
    return h(
      'section',
      { class: 'session', 'aria-label': 'Session' },
      h('span', {}, `${words.signedInAs} `, h('strong', { 'data-testid': 'sub' }, name ? `${name} <${claims.sub}>` : String(claims.sub))),
      claims.account_type ? h('span', {}, `${words.accountType}: `, h('strong', {}, String(claims.account_type))) : null,
      teams.length ? h('span', {}, `${words.teams}: `, h('span', { class: 'chips' }, ...teams.map((t) => h('span', { class: 'chip' }, t)))) : null,
      attributes.length ? h('span', {}, `${words.attributes}: `, h('strong', {}, attributes.map(([k, v]) => `${k}=${v}`).join(', '))) : null,
      view.target.tag ? h('span', {}, `${words.tag}: `, h('strong', {}, view.target.tag)) : null,
      h('span', {}, `${words.profile}: `, h('strong', {}, view.profile)),
      h('span', {}, `${words.expiresIn} `, countdown),
    );
  }

  function notes() {
    const lines = view.notes.map((n) => h('p', {}, `${n.code}: ${n.message}`));
    if (view.rowSecurity) lines.unshift(h('p', {}, `${words.rowSecurity}: ${view.rowSecurity.attribute} = ${view.rowSecurity.value}`));
    return lines.length ? h('section', { class: 'notes', 'aria-label': 'Notes' }, ...lines) : null;
  }

  function table(element: DemoElement): HTMLElement {
    const rows = visible(view.data[element.dataset]);
    if (rows.length === 0) return h('p', { class: 'empty' }, words.noRows);
    const columns = Object.keys(rows[0]);
    const label = (column: string) => (words as Record<string, string>)[column] ?? column;
    return h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { class: typeof rows[0][c] === 'number' ? 'num' : undefined }, label(c))))),
      h(
        'tbody',
        {},
        ...rows.map((row) =>
          h(
            'tr',
            {},
            ...columns.map((c) =>
              h('td', { class: typeof row[c] === 'number' ? 'num' : undefined }, typeof row[c] === 'number' ? row[c].toLocaleString(lang) : row[c]),
            ),
          ),
        ),
      ),
    );
  }

  const tooltip = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });
  function chart(): HTMLElement {
    const totals = new Map<string, number>();
    for (const row of visible(view.data.sales)) totals.set(row.region, (totals.get(row.region) ?? 0) + Number(row.revenue));
    if (totals.size === 0) return h('p', { class: 'empty' }, words.noRows);
    const max = Math.max(...totals.values());
    return h(
      'div',
      { class: 'bars', role: 'img', 'aria-label': `${words.revenue} by ${words.region}` },
      ...[...totals].map(([region, total]) => {
        const fill = h('div', { class: 'fill' });
        fill.style.width = `${Math.round((total / max) * 100)}%`;
        const bar = h('div', { class: 'bar', 'data-region': region }, h('span', {}, region), fill, h('span', { class: 'value' }, total.toLocaleString(lang)));
        if (option('hide_tooltip') !== 'true') {
          bar.addEventListener('mousemove', (event) => {
            tooltip.textContent = `${region}: ${words.revenue} ${total.toLocaleString(lang)}`;
            tooltip.style.left = `${event.clientX + 12}px`;
            tooltip.style.top = `${event.clientY + 12}px`;
            tooltip.hidden = false;
          });
          bar.addEventListener('mouseleave', () => (tooltip.hidden = true));
        }
        return bar;
      }),
    );
  }

  function control(): HTMLElement {
    const chosen = selectedRegions();
    const chip = (label: string, value: string | undefined) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          'aria-pressed': String(value ? chosen.has(value) : chosen.size === 0),
          disabled: value !== undefined && !allowedRegions.has(value),
        },
        label,
      );
    const all = chip(words.all, undefined);
    all.addEventListener('click', () => setVariables({ [REGION_CONTROL]: '' }, true));
    const group = h('div', { class: 'chips', role: 'group', 'aria-label': words.region }, all);
    for (const region of REGIONS) {
      const button = chip(region, region);
      button.addEventListener('click', () => {
        const next = selectedRegions();
        if (next.has(region)) next.delete(region);
        else next.add(region);
        setVariables({ [REGION_CONTROL]: [...next].join(',') }, true);
      });
      group.append(button);
    }
    return group;
  }

  function elementCard(element: DemoElement): HTMLElement {
    const body = h('div', { class: 'body' });
    const draw = () => body.replaceChildren(element.type === 'table' ? table(element) : element.type === 'bar-chart' ? chart() : control());
    draw();
    refreshers.push(draw);
    const card = h(
      'section',
      { class: `element ${element.type}`, 'data-node-id': element.elementId, tabindex: element.type === 'control' ? undefined : 0, 'aria-label': element.name },
      h('h2', {}, element.name),
      body,
    );
    if (element.type !== 'control') {
      card.addEventListener('click', () => selectElement(element.elementId, true));
      card.addEventListener('keydown', (event) => event.key === 'Enter' && selectElement(element.elementId, true));
    }
    return card;
  }

  const grid = h('div', { class: 'page', role: 'tabpanel' });
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Pages' });

  function drawPage(): void {
    refreshers.length = 0;
    if (!page) {
      grid.replaceChildren(h('section', { class: 'element control' }, h('h2', {}, words.ask), h('p', {}, words.askHint)));
      return;
    }
    grid.replaceChildren(...page.elements.map(elementCard));
    for (const tab of tabs.querySelectorAll('button')) tab.setAttribute('aria-selected', String(tab.dataset.pageId === page.pageId));
    if (selected) selectElement(selected, false);
  }

  function showPage(pageId: string, notify: boolean): void {
    const next = pages.find((p) => p.pageId === pageId);
    if (!next || next === page) return;
    page = next;
    selected = undefined;
    drawPage();
    if (view.workbook && view.target.kind === 'workbook') {
      history.replaceState(null, '', `${view.workbook.path}${view.target.tag ? `/tag/${view.target.tag}` : ''}/page/${pageId}${location.search}`);
      post('url:onchange', { url: location.pathname });
    }
    if (notify) post('workbook:selectednodeid:onchange', { selectedNodeId: pageId, nodeType: 'page' });
  }

  function selectElement(elementId: string, notify: boolean): void {
    const owner = pages.find((p) => p.elements.some((e) => e.elementId === elementId));
    if (!owner) return;
    if (owner !== page) showPage(owner.pageId, false);
    selected = elementId;
    for (const card of grid.querySelectorAll<HTMLElement>('[data-node-id]')) card.classList.toggle('selected', card.dataset.nodeId === elementId);
    if (notify) post('workbook:selectednodeid:onchange', { selectedNodeId: elementId, nodeType: 'element' });
  }

  function setVariables(update: Record<string, string>, notify: boolean): void {
    Object.assign(variables, update);
    for (const draw of refreshers) draw();
    if (notify) post('workbook:variables:onchange', { workbook: { variables: { ...variables } } });
  }

  window.addEventListener('message', (event: MessageEvent) => {
    // Inbound commands count only from the page that embeds us (in a <webview>, the page itself: the relay posts there).
    if (event.source !== window.parent) return;
    const data = event.data as { type?: unknown; variables?: unknown; selectedNodeId?: unknown; nodeType?: unknown };
    if (!data || typeof data.type !== 'string') return;
    if (data.type === 'workbook:variables:update' && data.variables && typeof data.variables === 'object') {
      const update = Object.fromEntries(Object.entries(data.variables).map(([k, v]) => [k, String(v)]));
      setVariables(update, true);
    } else if (data.type === 'workbook:variables:list') {
      post('workbook:variables:current', { variables: { ...variables } });
    } else if (data.type === 'workbook:selectednodeid:update' && typeof data.selectedNodeId === 'string') {
      if (data.nodeType === 'page') showPage(data.selectedNodeId, true);
      else selectElement(data.selectedNodeId, true);
    }
  });

  function tick(): boolean {
    // Whole seconds left, rounded up: the host calls a token expired only once exp has passed.
    const left = Math.ceil(Number(claims.exp) - Date.now() / 1000);
    if (left > 0) {
      const hours = Math.floor(left / 3600);
      const clock = `${String(Math.floor((left % 3600) / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
      countdown.textContent = hours ? `${hours}:${clock}` : clock;
      return true;
    }
    countdown.textContent = '0:00';
    app.append(h('div', { class: 'expired', role: 'alert' }, words.expired));
    post('workbook:error', { code: 'EINVAL', message: words.expired });
    return false;
  }

  if (view.workbook && view.target.kind === 'workbook' && pages.length > 1) {
    for (const p of pages) {
      const tab = h('button', { type: 'button', role: 'tab', 'data-page-id': p.pageId }, p.name);
      tab.addEventListener('click', () => showPage(p.pageId, true));
      tabs.append(tab);
    }
  }
  app.replaceChildren(
    ...[menu('top'), sessionBar(), notes(), tabs.childElementCount ? tabs : null, grid, menu('bottom'), tooltip].filter((n): n is HTMLElement => n !== null),
  );
  // Before the first drawing, which highlights the selected element.
  if (view.elementId) selected = view.elementId;
  drawPage();

  if (option('responsive_height') === 'true') {
    let last = 0;
    new ResizeObserver(() => {
      const pageHeight = document.documentElement.scrollHeight;
      if (pageHeight !== last) post('workbook:pageheight:onchange', { pageHeight: (last = pageHeight) });
    }).observe(document.body);
  }
  post('workbook:loaded', { workbook: { variables: { ...variables } } });
  post('url:onchange', { url: location.pathname });
  requestAnimationFrame(() => post('workbook:dataloaded'));
  if (tick()) {
    const timer = setInterval(() => tick() || clearInterval(timer), 1000);
  }
}
