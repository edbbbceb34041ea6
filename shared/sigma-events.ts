/**
 * Sigma's postMessage protocol in one table (sigma-embed.md §5): every event an embed posts, with
 * the listener of Sigma's embed SDK (0.7.1) that fires for it, and every command a host sends,
 * with the SDK function that sends it and an example payload. test/sigma-events.test.ts checks
 * these names against the real SDK; nothing here imports it.
 */

/** Outbound events (embed -> host), each with the SDK listeners that fire for it (none: Sigma's reference only). */
export const SDK_LISTENERS: Readonly<Record<string, readonly string[]>> = {
  'workbook:loaded': ['workbookLoadedListener'],
  'workbook:error': ['workbookErrorListener'],
  'workbook:dataloaded': ['workbookDataLoadedListener'],
  'workbook:variables:onchange': ['workbookVariableChangeListener'],
  // The SDK has two listeners for the same event.
  'workbook:variables:current': ['workbookVariableCurrentListener', 'workbookCurrentVariablesListener'],
  'workbook:pageheight:onchange': ['workbookPageHeightListener'],
  'workbook:selectednodeid:onchange': ['workbookSelectedNodeListener'],
  'workbook:fullscreen:onchange': ['workbookFullScreenListener'],
  'workbook:table:oncellselect': ['workbookTableCellSelectListener'],
  'workbook:pivottable:oncellselect': ['workbookPivotTableCellSelectListener'],
  'workbook:chart:onvalueselect': ['workbookChartValueSelectListener'],
  'workbook:chart:error': ['workbookChartErrorListener'],
  'workbook:published': ['workbookPublishedListener'],
  'workbook:id:onchange': ['workbookIdOnChangeListener'],
  'workbook:exploreKey:onchange': ['workbookExploreKeyOnChangeListener'],
  'workbook:bookmark:oncreate': ['workbookBookmarkCreateListener'],
  'workbook:bookmark:onchange': ['workbookBookmarkOnChangeListener'],
  'workbook:bookmark:onupdate': ['workbookBookmarkOnUpdateListener'],
  'workbook:bookmark:ondelete': ['workbookBookmarkOnDeleteListener'],
  'workbook:sharinglink:update': ['workbookLinkSharingUpdateListener'],
  'url:onchange': ['urlOnChangeListener'],
  'action:outbound': ['actionOutboundListener'],
  'workbook:saveas': [],
  'workbook:ondelete': [],
  'document:element:nodata': [],
};

export interface InboundCommand {
  /** The SDK function that sends it, or null: Sigma's inbound reference only. */
  sdk: string | null;
  /** A payload the local embed host acts on (after the commands above it, for bookmarks). */
  example: Record<string, unknown>;
}

/** Inbound commands (host -> embed), in an order where each example acts on the local embed host. */
export const INBOUND_COMMANDS: Readonly<Record<string, InboundCommand>> = {
  'workbook:variables:update': { sdk: 'workbookVariablesUpdate', example: { variables: { Region: 'West' } } },
  'workbook:variables:list': { sdk: 'workbookVariablesList', example: {} },
  'workbook:selectednodeid:update': { sdk: 'workbookSelectedNodeIdUpdate', example: { selectedNodeId: 'orders', nodeType: 'page' } },
  'document:navigateto': { sdk: null, example: { nodeId: 'overview' } },
  'workbook:fullscreen:update': { sdk: 'workbookFullscreenUpdate', example: { nodeId: 'revenue-chart' } },
  'workbook:mode:update': { sdk: null, example: { mode: 'explore' } },
  'workbook:bookmark:create': { sdk: 'workbookBookmarkCreate', example: { name: 'My view', isDefault: false, isShared: false } },
  'workbook:bookmark:select': { sdk: 'workbookBookmarkSelect', example: { bookmarkId: 'bookmark-1' } },
  'workbook:bookmark:update': { sdk: 'workbookBookmarkUpdate', example: {} },
  'workbook:bookmark:delete': { sdk: 'workbookBookmarkDelete', example: { bookmarkId: 'bookmark-1' } },
  'workbook:sharinglink:update': {
    sdk: 'workbookSharingLinkUpdate',
    example: { sharingLink: 'https://app.example.com/reports/sales', sharingExplorationLink: 'https://app.example.com/reports/sales?explore=' },
  },
  'workbook:modal:toggle': { sdk: null, example: { modalType: 'export' } },
};

const REFERENCE_ONLY = "no SDK listener (Sigma's event reference only)";

/** What the Events panel says of an event the embed posted: the SDK listeners that would fire. */
export function listenerLabel(type: string): string {
  const listeners = SDK_LISTENERS[type];
  if (!listeners) return 'not a Sigma event';
  return listeners.length ? listeners.join(', ') : REFERENCE_ONLY;
}

/** What the Events panel says of a command sent: the SDK function that sends it. */
export function commandLabel(type: string): string {
  const command = INBOUND_COMMANDS[type];
  if (!command) return 'not a Sigma command';
  return command.sdk ?? "no SDK function (Sigma's inbound reference only)";
}
