/**
 * The page's style sheet. System fonts only (nothing to download), colours from two small
 * palettes chosen by `prefers-color-scheme`, and never colour alone: what a step touched
 * is hatched and outlined thick, a search path is dashed, an error carries its SQLSTATE in
 * words, so a page printed in black and white or read by someone who does not tell red from
 * green says the same. The layout is one column that narrows to a phone's width; wide
 * pictures scroll sideways inside their frame rather than squeezing the text.
 */
export const pageStyle = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #8c959f; --panel: #f6f8fa;
  --node: #ffffff; --touched: #fff1b8; --trail: #0b5cad; --accent: #0b5cad;
  --bad: #b42318; --good: #1a7f37; --warn: #9a6700; --hatch: #9a6700;
  --shade: #0b5cad;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #6e7681; --panel: #161b22;
    --node: #0d1117; --touched: #3d2e00; --trail: #58a6ff; --accent: #58a6ff;
    --bad: #ff7b72; --good: #3fb950; --warn: #d29922; --hatch: #d29922; --shade: #58a6ff;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.45; }
header { padding: 12px 16px 0; }
h1 { font-size: 1.25rem; margin: 0; }
h2 { font-size: 1rem; margin: 16px 0 6px; }
.subtitle { color: var(--muted); margin: 2px 0 0; font-size: 0.9rem; }
#controls { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; align-items: center; gap: 8px;
  padding: 8px 16px; background: var(--bg); border-bottom: 1px solid var(--line); }
#controls button { font: inherit; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--panel); color: var(--fg); cursor: pointer; }
#controls button:disabled { opacity: 0.4; cursor: default; }
#controls button:focus-visible, #slider:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
#slider { flex: 1 1 160px; min-width: 120px; }
#step-number { font-variant-numeric: tabular-nums; min-width: 8.5em; }
.step-kind { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85rem;
  border: 1px solid var(--line); border-radius: 4px; padding: 1px 6px; }
main { padding: 8px 16px 16px; max-width: 100%; }
#picture { overflow: auto; border: 1px solid var(--line); border-radius: 6px; background: var(--panel);
  max-height: 62vh; min-height: 120px; padding: 6px; }
#narration { font-size: 1.05rem; margin: 10px 0; max-width: 70em; min-height: 3em; }
.operation { font-weight: 600; margin-right: 6px; }
footer { color: var(--muted); font-size: 0.8rem; padding: 0 16px 16px; }
.legend { color: var(--muted); font-size: 0.85rem; margin: 4px 0; }
.legend span { display: inline-block; margin-right: 14px; }
.swatch { display: inline-block; width: 1.6em; height: 0.9em; vertical-align: middle; border: 1px solid var(--fg); margin-right: 4px; }
.swatch.hatched { background: repeating-linear-gradient(45deg, var(--hatch) 0 2px, transparent 2px 6px); border-width: 3px; }
.swatch.dashed { border: 2px dashed var(--trail); }
table.figures { border-collapse: collapse; margin: 6px 0 12px; font-size: 0.9rem; }
table.figures th, table.figures td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
table.figures td.num, table.figures th.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.notes { margin: 4px 0; padding-left: 1.2em; max-width: 70em; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85em; }
svg text { fill: var(--fg); font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
svg .node rect { fill: var(--node); stroke: var(--line); stroke-width: 1.2; }
svg .node.touched rect.frame { stroke: var(--fg); stroke-width: 3.5; }
svg .node.touched rect.hatch { fill: url(#hatch); stroke: none; }
svg .node.trail rect.frame { stroke: var(--trail); stroke-width: 2.5; stroke-dasharray: 6 3; }
svg .node.touched.trail rect.frame { stroke: var(--fg); stroke-dasharray: 6 3; }
svg .node .id { fill: var(--muted); font-size: 10px; }
svg .edge { stroke: var(--line); stroke-width: 1.2; fill: none; }
svg .edge.trail { stroke: var(--trail); stroke-width: 3.5; stroke-dasharray: 7 3; }
svg .link { stroke: var(--line); stroke-width: 1; fill: none; marker-end: url(#arrow); }
svg .link.trail { stroke: var(--trail); stroke-width: 3; }
svg .caption { fill: var(--muted); font-family: system-ui, sans-serif; font-size: 13px; font-weight: 600; }
svg marker path { fill: var(--line); }
.fit-toggle { font-size: 0.85rem; color: var(--muted); }
.pair { display: flex; flex-direction: column; gap: 4px; }
/* LSM */
svg .table rect { fill: var(--node); stroke: var(--line); }
svg .table.touched rect.frame { stroke: var(--fg); stroke-width: 3; }
svg .table.touched rect.hatch { fill: url(#hatch); }
svg .run-name { font-weight: 700; }
svg .role { font-size: 10px; font-weight: 700; }
svg .memfill { fill: var(--shade); opacity: 0.45; }
svg .chart-line { fill: none; stroke-width: 2; }
svg .chart-line.write { stroke: var(--accent); }
svg .chart-line.read { stroke: var(--warn); stroke-dasharray: 5 3; }
svg .chart-line.space { stroke: var(--good); stroke-dasharray: 1 3; }
svg .axis { stroke: var(--line); }
svg .now { stroke: var(--fg); stroke-dasharray: 2 2; }
/* isolation */
table.lanes { border-collapse: collapse; width: 100%; min-width: 520px; font-size: 0.88rem; table-layout: fixed; }
table.lanes th:first-child { width: 2.5em; }
table.lanes th { position: sticky; top: 0; background: var(--panel); border-bottom: 2px solid var(--line); padding: 4px; text-align: left; }
table.lanes td { border-bottom: 1px solid var(--line); padding: 4px; vertical-align: top; overflow-wrap: anywhere; }
table.lanes td.seq { width: 2.5em; color: var(--muted); text-align: right; font-variant-numeric: tabular-nums; }
table.lanes tr.current td.cell { outline: 3px solid var(--fg); outline-offset: -3px;
  background: repeating-linear-gradient(45deg, var(--touched) 0 6px, transparent 6px 12px); }
table.lanes tr.future { display: none; }
.sql { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; }
.result { color: var(--muted); }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: 4px; padding: 0 4px; font-size: 0.78rem; font-weight: 700; margin-right: 4px; }
.badge.error { color: var(--bad); }
.badge.commit { color: var(--good); }
.badge.rollback, .badge.abort { color: var(--bad); }
.badge.wait { color: var(--warn); border-style: dashed; }
.waits { color: var(--warn); }
.internals { display: flex; flex-wrap: wrap; gap: 8px 20px; margin-top: 8px; align-items: flex-start; }
.internals > div { max-width: 100%; overflow-x: auto; }
.internals h3 { font-size: 0.9rem; margin: 4px 0; }
.internals table { border-collapse: collapse; font-size: 0.8rem; }
.internals td, .internals th { border: 1px solid var(--line); padding: 2px 5px; text-align: left; }
.internals .dead { text-decoration: line-through; color: var(--muted); }
svg .gnode circle { fill: var(--node); stroke: var(--line); stroke-width: 1.5; }
svg .gedge { stroke: var(--line); stroke-width: 1.5; fill: none; marker-end: url(#arrow); }
svg .gedge.cycle { stroke: var(--bad); stroke-width: 4; stroke-dasharray: 8 4; }
svg .gnode.cycle circle { stroke: var(--bad); stroke-width: 4; }
/* EXPLAIN */
.plan { display: flex; flex-direction: column; gap: 6px; min-width: 480px; }
.pnode { border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; background: var(--node); position: relative; }
.pnode .bar { position: absolute; left: 0; top: 0; bottom: 0; background: var(--shade); opacity: 0.22; border-radius: 6px 0 0 6px; }
.pnode > * { position: relative; }
.pnode.touched { border: 3px solid var(--fg); background: repeating-linear-gradient(45deg, var(--touched) 0 6px, var(--node) 6px 12px); }
.pnode .name { font-weight: 600; }
.pnode .figures { font-size: 0.82rem; color: var(--muted); font-variant-numeric: tabular-nums; }
.pnode .detail { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.8rem; }
.pnode .note { font-size: 0.85rem; border-left: 4px double var(--warn); padding-left: 6px; margin-top: 3px; }
.misestimate { color: var(--bad); font-weight: 700; }
@media (max-width: 600px) {
  header { padding: 8px 10px 0; }
  main { padding: 6px 10px 10px; }
  #controls { padding: 6px 10px; }
  #narration { font-size: 1rem; }
  #picture { max-height: 55vh; }
}
@media print { #controls { position: static; } #picture { max-height: none; } }
`;
