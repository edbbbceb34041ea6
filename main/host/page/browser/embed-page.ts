/**
 * The script of the local embed host's pages, in the embedded frame. It draws the demo
 * workbook from the config the host wrote into the page, and speaks Sigma's whole postMessage
 * protocol (sigma-embed.md §5): every outbound event, posted when the user does what triggers it
 * in Sigma, and every inbound command, obeyed only from the parent (protocol.ts reads them).
 */
import type { DemoElement, DemoPage, Row } from '../../demo-org';
import { REGIONS, REGION_CONTROL } from '../../demo-org';
import type { EmbedView, PageConfig } from '../view';
import { BookmarkError, Bookmarks } from './bookmarks';
import { h } from './dom';
import { barChart, button, pivotTable, table, type DrawContext } from './elements';
import { wordsFor } from './i18n';
import { CLOCK_ADVANCE } from '../../../../shared/preview';
import { post, readCommand, type Command, type ModalType, type Mode } from './protocol';
import { drawModal, drawWorkbookBar } from './workbook-bar';

const config = JSON.parse(document.getElementById('embed-config')!.textContent!) as PageConfig;

if (config.kind === 'refusal') {
  const { code, title, reason } = config.refusal;
  post('workbook:error', { code, message: title, reason });
} else {
  startWorkbook(config.view);
}

/** A command the embed cannot carry out: the sentence goes to the parent as workbook:error. */
class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
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

  // What the user has done to the workbook in this page (Sigma keeps it server-side; here a reload forgets it).
  let workbookId = view.workbook?.workbookId;
  let mode: Mode = 'view';
  let exploreKey: string | null = null;
  let exploreChanged = false;
  const sortedBy = new Map<string, string>();
  let fullscreen: string | null = null;
  let modal: ModalType | undefined;
  let sharing: { link: string | null; explorationLink: string | null } = { link: null, explorationLink: null };
  let published = false;
  const bookmarks = workbookId ? new Bookmarks(workbookId, view.target.tag ?? null, () => drawBar()) : undefined;

  const selectedRegions = () => new Set((variables[REGION_CONTROL] ?? '').split(',').filter(Boolean));
  const visible = (element: DemoElement): Row[] => {
    const chosen = selectedRegions();
    const where = Object.entries(element.where ?? {});
    return view.data[element.dataset].filter((row) => (!chosen.size || chosen.has(row.region)) && where.every(([column, value]) => row[column] === value));
  };

  const shareItem = h('span', { 'data-testid': 'share' });
  function menu(position: 'top' | 'bottom') {
    if ((option('menu_position') ?? 'none') !== position || option('hide_menu') === 'true') return null;
    return h(
      'nav',
      { class: `menu ${position}`, 'aria-label': 'Embed menu' },
      h('span', { class: 'title' }, view.workbook?.name ?? words.ask),
      option('hide_bookmarks') === 'true' ? null : h('span', {}, words.bookmarks),
      option('hide_folder_navigation') === 'true' ? null : h('span', {}, words.folders),
      shareItem,
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

  const tooltip = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });

  /** An element's body from its rows; as it loads (`first`), posts workbook:chart:error or document:element:nodata if that is what it shows. */
  function elementBody(element: DemoElement, first: boolean): HTMLElement {
    if (element.type === 'control') return control();
    if (element.failure) {
      if (first) post('workbook:chart:error', { nodeId: element.elementId, code: element.failure.code, message: element.failure.message });
      return h('p', { class: 'failure', role: 'alert' }, `${element.failure.code}: ${element.failure.message}`);
    }
    const rows = visible(element);
    if (rows.length === 0) {
      // When the element loads (its page opens), not when a filter empties it later: what Sigma
      // does then, and the payload beyond nodeId, are not documented (sigma-embed.md §5.2).
      if (first) post('document:element:nodata', { nodeId: element.elementId });
      return h('p', { class: 'empty' }, words.noRows);
    }
    const ctx: DrawContext = { lang, words, sortedBy: sortedBy.get(element.elementId), onHeader: (column) => exploreChange(element, column) };
    if (element.type === 'table') return table(element, rows, ctx);
    if (element.type === 'pivot-table') return pivotTable(element, rows, ctx);
    return barChart(element, rows, ctx, option('hide_tooltip') === 'true' ? null : tooltip);
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
    body.append(elementBody(element, true));
    refreshers.push(() => body.replaceChildren(elementBody(element, false)));
    const heading = h('header', {}, h('h2', {}, element.name));
    if (element.type !== 'control') {
      heading.append(
        button(words.fullScreen, { class: 'fullscreen-toggle', 'aria-pressed': String(fullscreen === element.elementId) }, () =>
          setFullscreen(fullscreen === element.elementId ? null : element.elementId),
        ),
      );
    }
    const card = h(
      'section',
      {
        class: `element ${element.type}${fullscreen === element.elementId ? ' fullscreen' : ''}`,
        'data-node-id': element.elementId,
        tabindex: element.type === 'control' ? undefined : 0,
        'aria-label': element.name,
      },
      heading,
      body,
    );
    if (element.type !== 'control') {
      card.addEventListener('click', () => selectElement(element.elementId, true));
      card.addEventListener('keydown', (event) => event.key === 'Enter' && selectElement(element.elementId, true));
    }
    return card;
  }

  const bar = h('section', { class: 'workbook-bar', 'aria-label': 'Workbook' });
  function drawBar(): void {
    shareItem.replaceChildren(`${words.share}: `, sharing.link ?? words.notShared);
    if (!workbookId || !bookmarks) return;
    drawWorkbookBar(bar, { workbookId, mode, published, sharing, bookmarks }, { setMode, publish, saveAs, deleteWorkbook, updateBookmark, act }, words);
  }

  const modalBox = h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true', hidden: true });
  function toggleModal(next: ModalType | undefined): void {
    modal = next;
    drawModal(modalBox, modal, words, () => toggleModal(undefined));
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

  const elementById = (elementId: string) => pages.flatMap((p) => p.elements).find((e) => e.elementId === elementId);

  function showPage(pageId: string, notify: boolean): void {
    const next = pages.find((p) => p.pageId === pageId);
    if (!next || next === page) return;
    page = next;
    selected = undefined;
    // Full screen belongs to an element of the page left.
    if (fullscreen) setFullscreen(null);
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

  /** Goes to a page or an element by id, or says there is none. */
  function navigate(nodeId: string, nodeType?: 'page' | 'element'): void {
    const isPage = pages.some((p) => p.pageId === nodeId);
    const isElement = Boolean(elementById(nodeId));
    if ((nodeType === 'page' && !isPage) || (nodeType === 'element' && !isElement) || (!isPage && !isElement)) {
      throw new Refused('ENOENT', `No ${nodeType ?? 'page or element'} "${nodeId}" in this embed; ${nodeIds()}.`);
    }
    if (isPage && nodeType !== 'element') showPage(nodeId, true);
    else selectElement(nodeId, true);
  }
  const nodeIds = () =>
    `its pages: ${pages.map((p) => p.pageId).join(', ') || 'none'}; its elements: ${pages.flatMap((p) => p.elements.map((e) => e.elementId)).join(', ') || 'none'}`;

  function setVariables(update: Record<string, string>, notify: boolean): void {
    Object.assign(variables, update);
    for (const draw of refreshers) draw();
    if (notify) post('workbook:variables:onchange', { workbook: { variables: { ...variables } } });
  }

  function setFullscreen(nodeId: string | null): void {
    if (nodeId !== null) {
      const element = elementById(nodeId);
      if (!element || element.type === 'control') throw new Refused('ENOENT', `No element "${nodeId}" to show full screen; ${nodeIds()}.`);
      selectElement(nodeId, false);
    }
    if (nodeId === fullscreen) return;
    fullscreen = nodeId;
    for (const card of grid.querySelectorAll<HTMLElement>('[data-node-id]')) {
      const on = card.dataset.nodeId === nodeId;
      card.classList.toggle('fullscreen', on);
      card.querySelector('.fullscreen-toggle')?.setAttribute('aria-pressed', String(on));
    }
    post('workbook:fullscreen:onchange', { fullScreen: nodeId !== null });
  }

  function setMode(next: Mode): void {
    if (next === mode) return;
    const leavingExplore = mode === 'explore';
    mode = next;
    if (next === 'explore') newExploreKey();
    else if (leavingExplore) {
      exploreKey = null;
      exploreChanged = false;
      post('workbook:exploreKey:onchange', { exploreKey: null });
    }
    published = false;
    drawBar();
  }

  function newExploreKey(): void {
    exploreKey = crypto.randomUUID();
    post('workbook:exploreKey:onchange', { exploreKey });
  }

  /** A column header clicked: in explore mode, sorting by it is an explore change, with a new key. */
  function exploreChange(element: DemoElement, column: string): void {
    if (mode !== 'explore') return;
    sortedBy.set(element.elementId, column);
    exploreChanged = true;
    for (const draw of refreshers) draw();
    newExploreKey();
  }

  function updateBookmark(): void {
    bookmarks!.update(exploreChanged);
    exploreChanged = false;
  }

  function publish(): void {
    published = true;
    post('workbook:published', { workbookId });
    drawBar();
  }

  function saveAs(): void {
    const saved = crypto.randomUUID();
    // As the outbound reference names them (its own table spells the second savedWorkbookID).
    post('workbook:saveas', { workbookId, saveWorkbookId: saved });
    workbookId = saved;
    post('workbook:id:onchange', { id: saved });
    drawBar();
  }

  function deleteWorkbook(): void {
    post('workbook:ondelete', { id: workbookId });
    app.append(h('div', { class: 'expired', role: 'alert' }, words.deleted));
  }

  /** Does what the user asked in the page; a refusal goes to the parent as workbook:error. */
  function act(action: () => void): void {
    try {
      action();
    } catch (error) {
      if (!(error instanceof Refused || error instanceof BookmarkError)) throw error;
      post('workbook:error', { code: error.code, message: error.message });
    }
  }

  const needBookmarks = () => {
    if (!bookmarks) throw new Refused('EINVAL', 'Bookmarks need a workbook embed; this embed shows no workbook.');
    return bookmarks;
  };

  function obey(command: Command): void {
    switch (command.type) {
      case 'workbook:variables:update':
        return setVariables(command.variables, true);
      case 'workbook:variables:list':
        return post('workbook:variables:current', { variables: { ...variables } });
      case 'workbook:selectednodeid:update':
        return navigate(command.selectedNodeId, command.nodeType);
      case 'document:navigateto':
        return navigate(command.nodeId);
      case 'workbook:fullscreen:update':
        return setFullscreen(command.nodeId);
      case 'workbook:mode:update':
        if (!workbookId) throw new Refused('EINVAL', 'Modes need a workbook embed; this embed shows no workbook.');
        return setMode(command.mode);
      case 'workbook:modal:toggle':
        return toggleModal(command.modalType);
      case 'workbook:bookmark:create':
        return void needBookmarks().create(command.name, command.isDefault, command.isShared);
      case 'workbook:bookmark:update':
        needBookmarks();
        return updateBookmark();
      case 'workbook:bookmark:select':
        return needBookmarks().select(command.bookmarkId);
      case 'workbook:bookmark:delete':
        return needBookmarks().delete(command.bookmarkId);
      case 'workbook:sharinglink:update':
        sharing = { link: command.sharingLink, explorationLink: command.sharingExplorationLink };
        return drawBar();
      case CLOCK_ADVANCE:
        skew += command.seconds;
        return tick();
    }
  }

  window.addEventListener('message', (event: MessageEvent) => {
    // Inbound commands count only from the page that embeds us (in a <webview>, the page itself: the relay posts there).
    if (event.source !== window.parent) return;
    const read = readCommand(event.data);
    if (read.ok === 'ignored') return;
    if (!read.ok) return post('workbook:error', { code: 'EINVAL', message: read.error });
    act(() => obey(read.command));
  });

  // This page's clock: the parent may move it on (CLOCK_ADVANCE) to see the session end now.
  let skew = 0;
  let ended = false;
  function tick(): void {
    if (ended) return;
    // Whole seconds left, rounded up: the host calls a token expired only once exp has passed.
    const left = Math.ceil(Number(claims.exp) - Date.now() / 1000 - skew);
    if (left > 0) {
      const hours = Math.floor(left / 3600);
      const clock = `${String(Math.floor((left % 3600) / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
      countdown.textContent = hours ? `${hours}:${clock}` : clock;
      return;
    }
    ended = true;
    countdown.textContent = '0:00';
    app.append(h('div', { class: 'expired', role: 'alert' }, words.expired));
    post('workbook:error', { code: 'EINVAL', message: words.expired });
  }

  if (view.workbook && view.target.kind === 'workbook' && pages.length > 1) {
    for (const p of pages) {
      const tab = h('button', { type: 'button', role: 'tab', 'data-page-id': p.pageId }, p.name);
      tab.addEventListener('click', () => showPage(p.pageId, true));
      tabs.append(tab);
    }
  }
  drawBar();
  app.replaceChildren(
    ...[menu('top'), sessionBar(), bookmarks ? bar : null, notes(), tabs.childElementCount ? tabs : null, grid, menu('bottom'), tooltip, modalBox].filter(
      (n): n is HTMLElement => n !== null,
    ),
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
  tick();
  const timer = setInterval(() => (tick(), ended && clearInterval(timer)), 1000);
}
