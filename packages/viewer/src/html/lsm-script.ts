/**
 * The browser side of an LSM page: the memtable as a gauge, then one row per level or tier
 * with its tables placed on a common key axis (a table spans its first to last key) and
 * drawn as tall as its size, so a level's tables tile the key space while L0's overlap —
 * which is why a get must look in each L0 table but in only one table per deeper level.
 *
 * The key axis ranks every key that bounds a table anywhere in the trace, so it does not
 * shift while stepping. Tables a step touched are hatched and labelled with their role
 * ("in" for a compaction's inputs, "out" for its outputs, "new" for a flush, "read" for a
 * probe); below, a small chart plots the three amplifications step by step.
 */
export const lsmScript = String.raw`
function dbplayDraw(data, picture, extra) {
  var keys = {};
  var maxBytes = 1;
  data.shapes.forEach(function (runs) {
    runs.forEach(function (run) {
      run.tables.forEach(function (t) { keys[t.firstKey] = true; keys[t.lastKey] = true; maxBytes = Math.max(maxBytes, t.bytes); });
    });
  });
  var sorted = Object.keys(keys).sort(function (a, b) {
    var na = Number(a), nb = Number(b);
    if (a !== '' && b !== '' && !isNaN(na) && !isNaN(nb)) return na - nb;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  var rank = {};
  sorted.forEach(function (k, i) { rank[k] = i; });
  var roleWord = { input: 'in', output: 'out', flushed: 'new', probed: 'read' };
  function bytes(n) {
    if (n >= 1048576) return (n / 1048576).toFixed(1) + ' MiB';
    if (n >= 1024) return (n / 1024).toFixed(1) + ' KiB';
    return n + ' B';
  }
  extra.insertAdjacentHTML('afterbegin',
    '<p class="legend"><span><i class="swatch hatched"></i>touched by this step, labelled in / out / new / read</span>' +
    '<span>tables span their first to last key; height is size</span></p><div id="chart"></div>');
  var chart = document.getElementById('chart');
  var W = 980, X0 = 90, X1 = W - 20;
  function x(key) { return sorted.length < 2 ? X0 : X0 + (rank[key] / (sorted.length - 1)) * (X1 - X0); }
  function gauge(label, m, y, id) {
    var fill = m.limit > 0 ? Math.min(1, m.bytes / m.limit) : 0;
    return '<g class="node' + '" data-memtable="' + id + '"><text class="run-name" x="10" y="' + (y + 15) + '">' + label + '</text>' +
      '<rect class="frame" x="' + X0 + '" y="' + y + '" width="300" height="20" style="fill: var(--node); stroke: var(--line)"></rect>' +
      '<rect class="memfill" x="' + X0 + '" y="' + y + '" width="' + (300 * fill).toFixed(1) + '" height="20"></rect>' +
      '<text x="' + (X0 + 310) + '" y="' + (y + 15) + '">' + m.entries + ' entries, ' + bytes(m.bytes) + ' of ' + bytes(m.limit) + '</text></g>';
  }
  function draw(index) {
    var step = data.steps[index];
    var runs = data.shapes[step.shape];
    var touched = {};
    step.touched.forEach(function (id) { touched[id] = true; });
    var parts = [];
    var y = 10;
    var memTouched = touched.memtable;
    if (step.memtable) {
      parts.push(gauge('memtable' + (memTouched ? ' ★' : ''), step.memtable, y, 'active'));
      y += 28;
    }
    if (step.immutable) { parts.push(gauge('frozen', step.immutable, y, 'frozen')); y += 28; }
    y += 8;
    runs.forEach(function (run) {
      var lines = run.name === 'L0' ? Math.max(1, run.tables.length) : 1;
      var rowTop = y;
      var rowHeight = 0;
      run.tables.forEach(function (t, i) {
        var h = 10 + 26 * (t.bytes / maxBytes);
        var top = run.name === 'L0' ? y + i * 40 : y;
        var left = x(t.firstKey);
        var width = Math.max(8, x(t.lastKey) - left);
        var hit = touched[t.id];
        rowHeight = Math.max(rowHeight, top - y + 40);
        parts.push('<g class="table' + (hit ? ' touched' : '') + '" data-table="' + t.id + '"' + (hit ? ' data-touched="true"' : '') + '>' +
          '<title>table #' + t.id + ' (' + dbplayEscape(run.name) + '): ' + dbplayEscape(t.firstKey) + ' … ' + dbplayEscape(t.lastKey) + ', ' + bytes(t.bytes) +
          (t.entries ? ', ' + t.entries + ' entries' : '') + '</title>' +
          '<rect class="frame" x="' + left.toFixed(1) + '" y="' + (top + 36 - h).toFixed(1) + '" width="' + width.toFixed(1) + '" height="' + h.toFixed(1) + '"></rect>' +
          (hit ? '<rect class="hatch" x="' + left.toFixed(1) + '" y="' + (top + 36 - h).toFixed(1) + '" width="' + width.toFixed(1) + '" height="' + h.toFixed(1) + '" opacity="0.5"></rect>' : '') +
          '<text x="' + (left + 2).toFixed(1) + '" y="' + (top + 36 - h - 2).toFixed(1) + '" style="font-size:10px">#' + t.id +
          (hit && step.role ? ' <tspan class="role">' + roleWord[step.role] + '</tspan>' : '') + '</text></g>');
      });
      if (lines === 1 && run.tables.length === 0) rowHeight = 40;
      parts.push('<text class="run-name" x="10" y="' + (rowTop + 30) + '">' + dbplayEscape(run.name) + '</text>' +
        '<text x="10" y="' + (rowTop + 42) + '" style="font-size:10px; fill: var(--muted)">' + run.tables.length + ' · ' +
        bytes(run.tables.reduce(function (s, t) { return s + t.bytes; }, 0)) + '</text>' +
        '<line class="axis" x1="' + X0 + '" x2="' + X1 + '" y1="' + (rowTop + rowHeight - 3) + '" y2="' + (rowTop + rowHeight - 3) + '"></line>');
      y += rowHeight + 6;
    });
    if (sorted.length >= 2) {
      parts.push('<text x="' + X0 + '" y="' + (y + 12) + '" style="font-size:10px">' + dbplayEscape(sorted[0]) + '</text>' +
        '<text x="' + X1 + '" y="' + (y + 12) + '" text-anchor="end" style="font-size:10px">' + dbplayEscape(sorted[sorted.length - 1]) + '</text>' +
        '<text x="' + ((X0 + X1) / 2) + '" y="' + (y + 12) + '" text-anchor="middle" class="caption">key →</text>');
      y += 18;
    }
    picture.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="levels after step ' + (index + 1) +
      '" width="' + W + '" height="' + (y + 6) + '" viewBox="0 0 ' + W + ' ' + (y + 6) + '" style="max-width:100%;height:auto">' +
      dbplaySvgDefs() + parts.join('') + '</svg>';
    drawChart(index);
  }
  function drawChart(index) {
    var n = data.steps.length;
    var CW = 420, CH = 120, L = 34, B = 20;
    var top = 1;
    data.steps.forEach(function (s) { top = Math.max(top, s.amplification.write, s.amplification.read, s.amplification.space); });
    function px(i) { return L + (n < 2 ? 0 : (i / (n - 1)) * (CW - L - 8)); }
    function py(v) { return CH - B - (v / top) * (CH - B - 8); }
    function line(name) {
      return '<polyline class="chart-line ' + name + '" points="' + data.steps.map(function (s, i) {
        return px(i).toFixed(1) + ',' + py(s.amplification[name]).toFixed(1);
      }).join(' ') + '"></polyline>';
    }
    var a = data.steps[index].amplification;
    chart.innerHTML = '<h2>Amplification so far</h2><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="amplification chart" width="' + CW + '" height="' + CH +
      '" style="max-width:100%;height:auto" viewBox="0 0 ' + CW + ' ' + CH + '">' +
      '<line class="axis" x1="' + L + '" x2="' + CW + '" y1="' + (CH - B) + '" y2="' + (CH - B) + '"></line>' +
      '<line class="axis" x1="' + L + '" x2="' + L + '" y1="4" y2="' + (CH - B) + '"></line>' +
      '<text x="4" y="12" style="font-size:10px">' + top.toFixed(1) + '</text><text x="4" y="' + (CH - B) + '" style="font-size:10px">0</text>' +
      '<text x="' + L + '" y="' + (CH - 4) + '" style="font-size:10px">step 1</text><text x="' + (CW - 8) + '" y="' + (CH - 4) + '" text-anchor="end" style="font-size:10px">step ' + n + '</text>' +
      line('write') + line('read') + line('space') +
      '<line class="now" x1="' + px(index).toFixed(1) + '" x2="' + px(index).toFixed(1) + '" y1="4" y2="' + (CH - B) + '"></line></svg>' +
      '<table class="figures"><tr><th>line</th><th class="num">now</th><th>meaning</th></tr>' +
      '<tr><td>━ write</td><td class="num" data-figure="write">' + a.write.toFixed(2) + '</td><td>' + dbplayEscape(data.amplificationNotes.write) + '</td></tr>' +
      '<tr><td>╍ read</td><td class="num" data-figure="read">' + a.read + '</td><td>' + dbplayEscape(data.amplificationNotes.read) + '</td></tr>' +
      '<tr><td>┈ space</td><td class="num" data-figure="space">' + a.space.toFixed(2) + '</td><td>' + dbplayEscape(data.amplificationNotes.space) + '</td></tr></table>';
  }
  return { show: draw };
}
`;
