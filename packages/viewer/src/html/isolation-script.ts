/**
 * The browser side of an isolation page: swim lanes as a table, one column per session,
 * one row per run event, filled in up to the current step. A wait names its blocker with
 * an arrow pointing at the blocker's column (and the blocker's cell says whom it blocks);
 * errors show their SQLSTATE in a badge, commits and rollbacks likewise, so nothing
 * depends on colour.
 *
 * For a model run, the model's internals after the step are drawn under the lanes: each
 * session's snapshot, every tuple version with xmin and xmax, the row locks and waits,
 * SIREAD locks, rw-conflicts and pivots, two-phase locks, and the transaction status
 * table. The last step draws the dependency graph, the edges of its cycle thick and dashed.
 */
export const isolationScript = String.raw`
function dbplayDraw(data, picture, extra) {
  var sessions = data.sessions.map(function (s) { return s.name; });
  var column = {};
  sessions.forEach(function (s, i) { column[s] = i; });
  var esc = dbplayEscape;
  function badge(cls, text) { return '<span class="badge ' + cls + '">' + esc(text) + '</span>'; }
  function cell(row, rowIndex, session) {
    if (row.session === session) {
      var parts = [];
      if (row.event === 'wait' || row.event === 'step' || row.event === 'postpone') parts.push('<div class="sql">' + esc(row.sql) + '</div>');
      else parts.push('<div class="sql result">(' + esc(row.step) + ' ' + (row.event === 'finish' ? 'resumes' : 'is cancelled') + ')</div>');
      if (row.event === 'wait') {
        row.waitsFor.forEach(function (b) {
          var arrow = column[b] > column[session] ? 'waits for ' + b + ' ⟶' : '⟵ waits for ' + b;
          parts.push(badge('wait', 'WAIT') + '<span class="waits" data-waits-for="' + esc(b) + '">' + esc(arrow) + '</span>');
        });
      } else if (row.error) {
        parts.push(badge('error', 'ERROR ' + row.error.code) + '<span class="result">' + esc(row.error.message) + '</span>');
      } else if (row.result) {
        parts.push('<span class="result">' + esc(row.result) + '</span>');
      }
      if (row.ended) parts.push(' ' + badge(row.ended, row.ended === 'commit' ? 'COMMITTED' : 'ROLLED BACK'));
      return '<td class="cell" data-session="' + esc(session) + '">' + parts.join(' ') + '</td>';
    }
    if (row.waitsFor.indexOf(session) >= 0) {
      var back = column[row.session] > column[session] ? '⟵ blocks ' + row.session : 'blocks ' + row.session + ' ⟶';
      return '<td data-session="' + esc(session) + '"><span class="waits" data-blocks="' + esc(row.session) + '">' + esc(back) + '</span></td>';
    }
    return '<td data-session="' + esc(session) + '"></td>';
  }
  function lanes(index) {
    var step = data.steps[index];
    var reached = -1;
    for (var i = 0; i <= index; i++) if (data.steps[i].row !== null && data.steps[i].row > reached) reached = data.steps[i].row;
    var head = '<tr><th>#</th>' + data.sessions.map(function (s) {
      var done = index === data.steps.length - 1 ? ' ' + badge(s.status === 'committed' ? 'commit' : 'abort', s.status) : '';
      return '<th>' + esc(s.name) + done + '</th>';
    }).join('') + '</tr>';
    var body = data.rows.map(function (row, r) {
      var cls = (r === step.row ? 'current' : '') + (r > reached ? ' future' : '');
      return '<tr class="' + cls + '" data-row="' + r + '"' + (r === step.row ? ' data-touched="true"' : '') + '><td class="seq">' + (r + 1) + '</td>' +
        sessions.map(function (s) { return cell(row, r, s); }).join('') + '</tr>';
    }).join('');
    return '<table class="lanes">' + head + body + '</table>';
  }
  function table(title, columns, rows) {
    if (rows.length === 0) return '<div><h3>' + esc(title) + '</h3><p class="result">none</p></div>';
    return '<div><h3>' + esc(title) + '</h3><table><tr>' + columns.map(function (c) { return '<th>' + esc(c) + '</th>'; }).join('') + '</tr>' +
      rows.map(function (r) { return '<tr' + (r.cls ? ' class="' + r.cls + '"' : '') + '>' + r.cells.map(function (c) { return '<td>' + esc(c) + '</td>'; }).join('') + '</tr>'; }).join('') + '</table></div>';
  }
  function internals(state, touched) {
    var parts = [];
    parts.push(table('Sessions and snapshots', ['session', 'state', 'level', 'xid', 'snapshot', 'waits for'], state.sessions.map(function (s) {
      var snap = s.snapshot ? 'xmin ' + s.snapshot.xmin + ', xmax ' + s.snapshot.xmax + ', in progress [' + s.snapshot.xip.join(', ') + ']' : '—';
      return { cls: touched[s.session] ? 'touched' : '', cells: [s.session + (touched[s.session] ? ' ★' : ''), s.state, s.isolation || '—', s.xid === null ? '—' : String(s.xid), snap, s.waiting || '—'] };
    })));
    state.tables.forEach(function (t) {
      parts.push(table('Tuple versions of ' + t.table, ['version', 'tid', t.columns.join(', '), 'xmin', 'xmax', 'locks', 'visible to'], t.versions.map(function (v) {
        return { cls: v.xmax !== null && v.xmaxStatus === 'committed' ? 'dead' : '', cells: [v.id, v.tid, '(' + v.values.map(function (x) { return x === null ? 'NULL' : String(x); }).join(', ') + ')',
          v.xmin + ' ' + v.createdBy + ' (' + v.xminStatus + ')',
          v.xmax === null ? '—' : v.xmax + ' ' + (v.deletedBy || '') + ' (' + (v.xmaxStatus || '') + (v.ending ? ', ' + v.ending : '') + ')',
          v.locks.join('; ') || '—', v.visibleTo.join(', ') || 'nobody'] };
      })));
      // Pruning and VACUUM (the model's mvcc/vacuum.ts): freed line pointers, and the last clean-up.
      if (t.linePointers || t.maintenance) {
        parts.push(table('Clean-up of ' + t.table, ['what', ''], (t.linePointers || []).map(function (l) { return { cells: ['line pointer', l] }; })
          .concat(t.maintenance ? [{ cells: ['last VACUUM or pruning', t.maintenance] }] : [])));
      }
    });
    parts.push(table('Row locks', ['table', 'tid', 'holder', 'mode'], state.rowLocks.map(function (l) { return { cells: [l.table, l.tid, l.holder, l.mode] }; })));
    parts.push(table('Waits for', ['waiter', 'holders', 'why'], state.waitsFor.map(function (w) { return { cells: [w.waiter, w.holders.join(', '), w.reason] }; })));
    if (state.sireadLocks.length || state.rwConflicts.length || state.pivots.length) {
      parts.push(table('SIREAD locks', ['holder', 'target'], state.sireadLocks.map(function (l) { return { cells: [l.holder, l.target] }; })));
      parts.push(table('rw-conflicts (reader -rw-> writer)', ['reader', 'writer'], state.rwConflicts.map(function (c) { return { cells: [c.reader, '-rw-> ' + c.writer] }; })));
      parts.push(table('Dangerous structures', ['in', 'pivot', 'out'], state.pivots.map(function (p) { return { cells: [p.tin, p.pivot, p.tout] }; })));
    }
    if (state.twoPhaseLocks.length) parts.push(table('Two-phase locks', ['holder', 'lock'], state.twoPhaseLocks.map(function (l) { return { cells: [l.holder, l.lock] }; })));
    parts.push(table('Transactions (commit log)', ['xid', 'session', 'status'], state.transactions.map(function (t) { return { cells: [String(t.xid), t.session, t.status] }; })));
    return '<h2>Inside the model after this step</h2><div class="internals">' + parts.join('') + '</div>';
  }
  function graph() {
    var g = data.graph;
    var n = g.nodes.length;
    var R = 110, C = 150;
    var at = {};
    g.nodes.forEach(function (node, i) {
      var angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
      at[node.name] = { x: C + R * Math.cos(angle), y: C + R * Math.sin(angle) };
    });
    var inCycle = {};
    g.edges.forEach(function (e) { if (e.inCycle) { inCycle[e.from] = true; inCycle[e.to] = true; } });
    var edges = g.edges.map(function (e, i) {
      var a = at[e.from], b = at[e.to];
      if (!a || !b) return '';
      var mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
      var dx = b.y - a.y, dy = a.x - b.x;
      var len = Math.max(1, Math.sqrt(dx * dx + dy * dy));
      var bend = 30 + 12 * (i % 3);
      var cx = mx + (dx / len) * bend, cy = my + (dy / len) * bend;
      var ux = b.x - cx, uy = b.y - cy, ul = Math.max(1, Math.sqrt(ux * ux + uy * uy));
      var ex = b.x - (ux / ul) * 24, ey = b.y - (uy / ul) * 24;
      return '<path class="gedge' + (e.inCycle ? ' cycle' : '') + '"' + (e.inCycle ? ' data-touched="true"' : '') + ' d="M' + a.x.toFixed(1) + ',' + a.y.toFixed(1) +
        ' Q' + cx.toFixed(1) + ',' + cy.toFixed(1) + ' ' + ex.toFixed(1) + ',' + ey.toFixed(1) + '"><title>' + esc(e.label) + '</title></path>' +
        '<text x="' + cx.toFixed(1) + '" y="' + cy.toFixed(1) + '" text-anchor="middle" style="font-size:11px">' + esc(e.kind) + (e.inCycle ? ' (cycle)' : '') + '</text>';
    }).join('');
    var nodes = g.nodes.map(function (node) {
      var p = at[node.name];
      return '<g class="gnode' + (inCycle[node.name] ? ' cycle' : '') + '"><circle cx="' + p.x.toFixed(1) + '" cy="' + p.y.toFixed(1) + '" r="22"></circle>' +
        '<text x="' + p.x.toFixed(1) + '" y="' + (p.y + 4).toFixed(1) + '" text-anchor="middle">' + esc(node.name) + '</text></g>';
    }).join('');
    var list = '<ul class="notes">' + g.edges.map(function (e) {
      return '<li>' + (e.inCycle ? '<b>cycle</b> ' : '') + esc(e.from + ' → ' + e.to + ' ' + e.label) + '</li>';
    }).join('') + '</ul>';
    return '<h2>Dependency graph of the committed transactions</h2>' + (g.cycle ? '<p><b>Cycle (' + esc(g.cycle.anomaly) + '):</b> <code>' + esc(g.cycle.text) + '</code></p>' : '<p>No cycle.</p>') +
      '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="dependency graph" width="300" height="300" viewBox="0 0 300 300">' + dbplaySvgDefs() + edges + nodes + '</svg>' + list;
  }
  var below = document.createElement('div');
  extra.insertBefore(below, extra.firstChild);
  function draw(index) {
    var step = data.steps[index];
    picture.innerHTML = lanes(index);
    var current = picture.querySelector('tr.current');
    if (current) current.scrollIntoView({ block: 'nearest' });
    var touched = {};
    step.touched.forEach(function (id) { touched[id] = true; });
    var html = '';
    if (step.graph && data.graph) html += graph();
    else if (step.internals !== undefined) html += internals(data.internals[step.internals], touched);
    below.innerHTML = html;
  }
  return {
    show: draw,
    prefix: function (index) {
      var row = data.steps[index].row;
      return row === null || row === undefined ? '' : '<span class="operation">' + esc(data.rows[row].session + ' · ' + data.rows[row].step) + ':</span>';
    },
  };
}
`;
