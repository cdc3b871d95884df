/** The page's HTML document: the same shell for every `/ui/` page; the browser module renders the rest. */
import { STATUS_COLORS } from './graph/colors';

const CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555555; --line: #d0d0d0; --link: #0b57b0; --focus: #0b57b0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #ffffff; }
header.top { display: flex; gap: 20px; align-items: center; padding: 10px 20px; background: #232f3e; color: #ffffff; }
header.top a { color: #ffffff; text-decoration: none; font-weight: 600; }
header.top nav a { font-weight: 400; margin-right: 16px; }
main { padding: 16px 20px; }
a { color: var(--link); }
h1 { font-size: 20px; margin: 0 0 8px; word-break: break-all; }
h2 { font-size: 16px; margin: 18px 0 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f3f3f3; font-weight: 600; position: sticky; top: 0; }
td.wrap { word-break: break-word; max-width: 420px; }
pre { background: #f6f6f6; border: 1px solid var(--line); padding: 8px; overflow: auto; max-height: 320px; white-space: pre-wrap; word-break: break-word; margin: 4px 0 8px; }
button { font: inherit; padding: 4px 12px; border: 1px solid #5a5a5a; border-radius: 4px; background: #ffffff; color: var(--ink); cursor: pointer; }
button:disabled { color: #6b6b6b; border-color: #b0b0b0; cursor: default; }
button.primary { background: #0b57b0; border-color: #0b57b0; color: #ffffff; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; border: 1px solid; font-size: 12px; font-weight: 600; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 24px; color: var(--muted); margin: 6px 0; }
.meta b { color: var(--ink); font-weight: 600; }
.error-box { border-left: 4px solid ${STATUS_COLORS.failed.stroke}; background: ${STATUS_COLORS.failed.fill}; color: ${STATUS_COLORS.failed.text}; padding: 8px 12px; margin: 8px 0; }
.error-box pre { background: #ffffff; }
.actions { display: flex; gap: 8px; margin: 8px 0; align-items: center; }
.layout { display: grid; grid-template-columns: minmax(420px, 1.1fr) minmax(420px, 1fr); gap: 20px; align-items: start; }
.graph-wrap { border: 1px solid var(--line); border-radius: 6px; overflow: auto; max-height: 78vh; background: #ffffff; }
.graph-wrap svg { display: block; }
.graph-wrap g.state { cursor: pointer; }
.graph-wrap g.state:focus { outline: none; }
.graph-wrap g.state:focus > rect, .graph-wrap g.state.selected > rect { stroke: var(--focus); stroke-width: 3.5; }
.history-wrap { border: 1px solid var(--line); border-radius: 6px; overflow: auto; max-height: 78vh; }
.history-wrap table { font-size: 12.5px; }
.history-wrap tr.failure td { color: ${STATUS_COLORS.failed.text}; background: ${STATUS_COLORS.failed.fill}; }
.legend { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
.details { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin-top: 12px; }
.details h3 { margin: 4px 0; font-size: 15px; }
.details dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; }
.details dt { color: var(--muted); }
.details dd { margin: 0; word-break: break-word; }
.run { border-top: 1px solid var(--line); padding-top: 6px; margin-top: 6px; }
.panel { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
.counts { width: auto; }
.counts td, .counts th { text-align: right; }
.muted { color: var(--muted); }
.notice { padding: 8px 12px; background: #f3f3f3; border-radius: 4px; margin: 8px 0; }
form.inline { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
label { display: inline-flex; gap: 4px; align-items: center; }
input[type=text], select { font: inherit; padding: 3px 6px; border: 1px solid #5a5a5a; border-radius: 4px; }
@media (max-width: 1100px) { .layout { grid-template-columns: 1fr; } }
`;

/** `token`: the server's per-run token for state-changing calls, readable only by pages of this origin. */
export function pageShell(token: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="fanout-token" content="${token}">
<title>fanout</title>
<style>${CSS}</style>
<script src="/ui/assets/elk.js"></script>
<script type="module" src="/ui/assets/web/app"></script>
</head>
<body>
<header class="top"><a href="/ui/">fanout</a><nav aria-label="Pages"><a href="/ui/">Executions</a><a href="/ui/activities">Activities</a><a href="/ui/rules">Event rules</a><a href="/ui/dlq">Dead-letter queue</a></nav></header>
<main id="main" aria-live="polite"><p class="muted">Loading…</p></main>
</body>
</html>
`;
}
