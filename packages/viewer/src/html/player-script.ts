/**
 * The browser side of every page: moving between steps. Plain JavaScript (ES2020, no
 * library), kept as text because it runs in the page, not in Node.
 *
 * The player owns the controls — previous and next buttons, ← and → (and Home, End), the
 * slider, the step number, the narration — and the address: `#step-12` opens the page at
 * step 12, and stepping writes the step back into the address (with `replaceState`, so
 * the Back button leaves the page rather than undoing steps). The drawing script of the
 * page's kind defines `dbplayDraw(data, picture, extra)`, returning `{ show(index) }`, and
 * may use the helpers below (`dbplayEscape`, `dbplayTable`, `dbplaySvgDefs`).
 *
 * For the tests, the body carries `data-step` (1-based) and each drawn element the step
 * touched carries `data-touched`, so a test can check what is highlighted without pixels.
 */
export const playerScript = String.raw`
'use strict';
function dbplayEscape(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
function dbplayTable(table, numeric) {
  var head = '<tr>' + table.columns.map(function (c, i) {
    return '<th' + (numeric && i > 0 ? ' class="num"' : '') + '>' + dbplayEscape(c) + '</th>';
  }).join('') + '</tr>';
  var body = table.rows.map(function (row) {
    return '<tr>' + row.map(function (c, i) {
      return '<td' + (numeric && i > 0 ? ' class="num"' : '') + '>' + dbplayEscape(c) + '</td>';
    }).join('') + '</tr>';
  }).join('');
  return '<h2>' + dbplayEscape(table.title) + '</h2><table class="figures">' + head + body + '</table>';
}
function dbplaySvgDefs() {
  return '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    '<rect width="2.5" height="6" style="fill: var(--hatch)"></rect></pattern>' +
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
    '<path d="M0,0 L10,5 L0,10 z"></path></marker></defs>';
}
function dbplayStart() {
  var data = JSON.parse(document.getElementById('dbplay-data').textContent);
  var picture = document.getElementById('picture');
  var extra = document.getElementById('extra');
  var narration = document.getElementById('narration');
  var number = document.getElementById('step-number');
  var kind = document.getElementById('step-kind');
  var prev = document.getElementById('prev');
  var next = document.getElementById('next');
  var slider = document.getElementById('slider');
  var total = data.steps.length;
  var view = dbplayDraw(data, picture, extra);
  var tables = (data.tables || []).map(function (t) { return dbplayTable(t, true); }).join('');
  var notes = data.notes && data.notes.length > 0
    ? '<h2>Notes</h2><ul class="notes">' + data.notes.map(function (n) { return '<li>' + dbplayEscape(n) + '</li>'; }).join('') + '</ul>'
    : '';
  if (tables || notes) extra.insertAdjacentHTML('beforeend', tables + notes);
  var current = -1;
  function clamp(i) { return Math.max(0, Math.min(total - 1, i)); }
  function fromAddress() {
    var match = /^#step-(\d+)$/.exec(location.hash);
    return match ? clamp(Number(match[1]) - 1) : null;
  }
  function show(index, writeAddress) {
    if (total === 0) { narration.textContent = 'This trace has no steps.'; return; }
    index = clamp(index);
    current = index;
    var step = data.steps[index];
    view.show(index);
    narration.innerHTML = (view.prefix ? view.prefix(index) : '') + dbplayEscape(step.narration);
    number.textContent = 'Step ' + (index + 1) + ' of ' + total;
    kind.textContent = step.kind;
    slider.value = String(index + 1);
    prev.disabled = index === 0;
    next.disabled = index === total - 1;
    document.body.setAttribute('data-step', String(index + 1));
    if (writeAddress) {
      try { history.replaceState(null, '', '#step-' + (index + 1)); } catch (e) { /* some file:// views refuse; the page still works */ }
    }
  }
  prev.addEventListener('click', function () { show(current - 1, true); });
  next.addEventListener('click', function () { show(current + 1, true); });
  slider.addEventListener('input', function () { show(Number(slider.value) - 1, true); });
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target === slider) return; // the slider moves itself with the arrow keys
    var to = null;
    if (event.key === 'ArrowRight' || event.key === 'PageDown') to = current + 1;
    else if (event.key === 'ArrowLeft' || event.key === 'PageUp') to = current - 1;
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = total - 1;
    if (to === null) return;
    event.preventDefault();
    show(to, true);
  });
  window.addEventListener('hashchange', function () {
    var at = fromAddress();
    if (at !== null && at !== current) show(at, false);
  });
  var start = fromAddress();
  show(start === null ? 0 : start, false);
}
`;
