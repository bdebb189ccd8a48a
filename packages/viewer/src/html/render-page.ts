/**
 * One self-contained HTML page: the data as JSON, the style, and the script that draws it.
 *
 * Nothing is fetched: no external script, style sheet or font, and a Content Security
 * Policy of `default-src 'none'` makes sure of it, so the page opens from `file://`, works
 * offline, and can be mailed to someone. The data sits in a
 * `<script type="application/json">` element, escaped so that no key or narration can end
 * it early (`<` becomes `\u003c`); the tests read it back from there.
 *
 *   page data ──► JSON in the page ──► player script ──► the kind's drawing script
 *                                        (buttons, keys,        (SVG tree, levels,
 *                                         slider, #step-k)       swim lanes, plan boxes)
 *
 * Only the drawing script of the page's kind is included, which keeps a page small.
 */
import type { PageData, PageKind } from '../page-data.ts';
import { btreeScript } from './btree-script.ts';
import { explainScript } from './explain-script.ts';
import { isolationScript } from './isolation-script.ts';
import { lsmScript } from './lsm-script.ts';
import { pageStyle } from './page-style.ts';
import { playerScript } from './player-script.ts';

const drawingScripts: Record<PageKind, string> = {
  btree: btreeScript,
  lsm: lsmScript,
  isolation: isolationScript,
  explain: explainScript,
};

/** The id of the element holding the page's data. */
export const dataElementId = 'dbplay-data';

/** The whole page, as text to write to a `.html` file. */
export function renderPage(data: PageData): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="dbplay">
<title>${escapeHtml(data.title)} · dbplay</title>
<style>${pageStyle}</style>
</head>
<body class="kind-${data.kind}">
<header>
<h1>${escapeHtml(data.title)}</h1>
<p class="subtitle">${escapeHtml(data.subtitle)}</p>
</header>
<nav id="controls" aria-label="steps">
<button id="prev" type="button" aria-keyshortcuts="ArrowLeft" title="previous step (←)">◀ Previous</button>
<span id="step-number" aria-live="polite">Step 1 of ${data.steps.length}</span>
<button id="next" type="button" aria-keyshortcuts="ArrowRight" title="next step (→)">Next ▶</button>
<input id="slider" type="range" min="1" max="${Math.max(1, data.steps.length)}" value="1" aria-label="step">
<span id="step-kind" class="step-kind"></span>
</nav>
<main>
<section id="picture" aria-label="picture of the state after the step"></section>
<p id="narration" aria-live="polite"></p>
<section id="extra"></section>
</main>
<footer>Made by dbplay. ← and → step, Home and End jump; add #step-12 to the address to open at step 12.</footer>
<script type="application/json" id="${dataElementId}">${jsonForScript(data)}</script>
<script>${playerScript}
${drawingScripts[data.kind]}
dbplayStart();</script>
</body>
</html>
`;
}

/**
 * JSON that can sit inside a `<script>` element: `<`, `>` and `&` are written as escapes, so
 * no string in the data can close the element or open a comment. JSON.parse reads them back.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Reads a page's data back from its text: what the tests check, and what another tool could reuse. */
export function readPageData(html: string): PageData {
  const start = html.indexOf(`<script type="application/json" id="${dataElementId}">`);
  if (start < 0) throw new Error('not a dbplay page: no embedded data');
  const from = html.indexOf('>', start) + 1;
  const to = html.indexOf('</script>', from);
  return JSON.parse(html.slice(from, to)) as PageData;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
