/** The look of the local embed host's pages: plain, Sigma-like, light and dark. */
export const PAGE_CSS = `
:root { color-scheme: light dark; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
/* A claim or control value of thousands of characters wraps, whole, instead of widening the page. */
body { margin: 0; background: var(--bg); color: var(--fg); overflow-wrap: anywhere; }
.theme-light { --bg: #f7f8fa; --fg: #1d2330; --card: #fff; --muted: #5b6475; --line: #e2e6ee; --accent: #2f6bff; --accent-fg: #fff; --warn: #8a5a00; --warn-bg: #fff5db; }
.theme-dark { --bg: #14171f; --fg: #e7eaf1; --card: #1d222d; --muted: #9aa3b5; --line: #2c3340; --accent: #6d97ff; --accent-fg: #0b1020; --warn: #ffcf70; --warn-bg: #3a2f12; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
.menu { display: flex; gap: 16px; align-items: center; padding: 8px 16px; background: var(--card); border-bottom: 1px solid var(--line); }
.menu.bottom { border-top: 1px solid var(--line); border-bottom: 0; }
.menu .title { font-weight: 600; margin-right: auto; }
.menu span { color: var(--muted); }
.session { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 10px 16px; color: var(--muted); border-bottom: 1px solid var(--line); }
.session strong { color: var(--fg); }
.chips { display: inline-flex; gap: 4px; flex-wrap: wrap; }
.chip { max-width: 100%; border: 1px solid var(--line); border-radius: 999px; padding: 1px 8px; background: var(--card); color: var(--fg); font: inherit; }
button.chip { cursor: pointer; }
button.chip[aria-pressed="true"] { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
button.chip:disabled { opacity: .4; cursor: not-allowed; }
.notes { margin: 10px 16px 0; padding: 8px 12px; border-radius: 6px; background: var(--warn-bg); color: var(--warn); }
.notes p { margin: 2px 0; }
.tabs { display: flex; gap: 2px; padding: 10px 16px 0; }
.tabs button { font: inherit; border: 1px solid var(--line); border-bottom: 0; border-radius: 6px 6px 0 0; padding: 6px 14px; background: transparent; color: var(--muted); cursor: pointer; }
.tabs button[aria-selected="true"] { background: var(--card); color: var(--fg); font-weight: 600; }
.page { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 14px; padding: 14px 16px 18px; }
.element { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; outline: none; cursor: pointer; overflow-x: auto; }
.element.selected, .element:focus-visible { border-color: var(--accent); box-shadow: 0 0 0 2px color-mix(in srgb, var(--accent) 35%, transparent); }
.element.control { grid-column: 1 / -1; cursor: default; }
.element h2 { font-size: 13px; margin: 0 0 8px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
td.num, th.num { text-align: right; }
.bars { display: grid; gap: 6px; }
.bar { display: grid; grid-template-columns: 60px 1fr 90px; gap: 8px; align-items: center; }
.bar .fill { height: 16px; border-radius: 3px; background: var(--accent); }
.bar .value { text-align: right; font-variant-numeric: tabular-nums; }
.empty { color: var(--muted); font-style: italic; }
.tooltip { position: fixed; pointer-events: none; background: var(--fg); color: var(--bg); padding: 3px 8px; border-radius: 4px; font-size: 12px; }
.expired { position: fixed; inset: 0; display: grid; place-items: center; background: color-mix(in srgb, var(--bg) 85%, transparent); font-size: 18px; font-weight: 600; }
.refusal, .index { max-width: 720px; margin: 12vh auto; padding: 0 20px; }
.refusal h1 { font-size: 20px; }
.refusal .reason { padding: 10px 14px; border-left: 3px solid #d14343; background: var(--card); }
.refusal .meta { color: var(--muted); }
.index li { margin: 6px 0; }
.workbook-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 18px; padding: 8px 16px; color: var(--muted); border-bottom: 1px solid var(--line); }
.workbook-bar > span { display: inline-flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.workbook-bar code { color: var(--fg); word-break: break-all; }
.bookmark { display: inline-flex; gap: 1px; }
.element header { display: flex; align-items: baseline; gap: 8px; }
.element header h2 { margin-right: auto; }
.fullscreen-toggle, .action { font: 12px system-ui, sans-serif; border: 1px solid var(--line); border-radius: 4px; background: transparent; color: var(--muted); cursor: pointer; padding: 1px 8px; }
.fullscreen-toggle[aria-pressed="true"] { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
.element.fullscreen { position: fixed; inset: 0; z-index: 5; border-radius: 0; overflow: auto; }
.element.pivot-table { grid-column: 1 / -1; }
th { cursor: default; }
.element th, .element td { cursor: pointer; }
th[aria-sort] { color: var(--accent); }
.failure { margin: 0; padding: 8px 10px; border-left: 3px solid #d14343; background: var(--bg); }
.modal { position: fixed; top: 35%; left: 50%; transform: translateX(-50%); z-index: 10; width: min(420px, 90vw); padding: 14px 18px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; box-shadow: 0 10px 40px rgb(0 0 0 / 25%); }
.modal h2 { margin: 0 0 8px; font-size: 16px; }
.modal button { font: inherit; padding: 4px 14px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); cursor: pointer; }
`;
