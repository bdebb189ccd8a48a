/**
 * The browser side of a B+tree page: the tree as SVG.
 *
 * Layout is the textbook one, done in one walk: leaves side by side from left to right
 * (they all sit on the bottom level, which is what a B+tree guarantees), each internal
 * node centred over its children, every level on its own row. Edges leave a parent from
 * the gap between the two separators that route to the child, so the picture says which
 * key range each child covers; arrows between neighbouring leaves are the sibling links a
 * range scan follows.
 *
 * Each step highlights the nodes it touched (hatched, thick frame, `data-touched`) and the
 * trail of the operation so far (dashed frames and edges). A split, merge, borrow or a
 * change of root draws the tree before the step above the tree after it. A wide tree
 * scrolls sideways to the first touched node; "fit" shrinks it to the frame instead.
 */
export const btreeScript = String.raw`
function dbplayDraw(data, picture, extra) {
  var nodes = data.nodes;
  var KEY_LIMIT = 8;
  var fit = false;
  var current = 0;
  extra.insertAdjacentHTML('afterbegin',
    '<p class="legend"><span><i class="swatch hatched"></i>touched by this step</span>' +
    '<span><i class="swatch dashed"></i>the way the operation has gone so far</span>' +
    '<span>→ sibling link between leaves</span><span>#n: the node id the narration names</span></p>' +
    '<label class="fit-toggle"><input type="checkbox" id="fit"> fit the tree to the frame</label>');
  document.getElementById('fit').addEventListener('change', function (event) { fit = event.target.checked; draw(current); });

  function label(version) {
    var keys = version.keys;
    var count = version.count || keys.length;
    if (count <= KEY_LIMIT) return keys.join(' · ');
    return keys.slice(0, 3).join(' · ') + ' … ' + keys.slice(-2).join(' · ') + ' (' + count + ')';
  }
  function layout(rootVersion) {
    var boxes = [];
    var leaves = [];
    var x = 10;
    var depthOf = 0;
    function place(vi, depth) {
      var v = nodes[vi];
      var text = label(v);
      var w = Math.max(44, text.length * 7.3 + 14);
      var box = { v: v, vi: vi, depth: depth, w: w, text: text, kids: [] };
      if (v.leaf || !v.children) {
        box.x = x;
        x += w + 16;
        leaves.push(box);
      } else {
        box.kids = v.children.map(function (c) { return place(c, depth + 1); });
        var first = box.kids[0], last = box.kids[box.kids.length - 1];
        box.x = (first.x + last.x + last.w) / 2 - w / 2;
      }
      depthOf = Math.max(depthOf, depth);
      boxes.push(box);
      return box;
    }
    var root = place(rootVersion, 0);
    var minX = Math.min.apply(null, boxes.map(function (b) { return b.x; }));
    var shift = minX < 10 ? 10 - minX : 0;
    boxes.forEach(function (b) { b.x += shift; b.y = 24 + b.depth * 78; });
    var width = Math.max.apply(null, boxes.map(function (b) { return b.x + b.w; })) + 10;
    return { root: root, boxes: boxes, leaves: leaves, width: width, height: 24 + (depthOf + 1) * 78 };
  }
  function svgOf(rootVersion, step, caption) {
    var l = layout(rootVersion);
    var touched = {};
    step.touched.forEach(function (id) { touched[id] = true; });
    var trail = {};
    step.trail.forEach(function (id) { trail[id] = true; });
    var parts = [];
    var H = 36;
    l.boxes.forEach(function (b) {
      b.kids.forEach(function (kid, i) {
        var fromX = b.x + ((i + 0.5) / b.kids.length) * b.w;
        var onTrail = trail[b.v.id] && trail[kid.v.id];
        parts.push('<path class="edge' + (onTrail ? ' trail' : '') + '" d="M' + fromX.toFixed(1) + ',' + (b.y + H) +
          ' L' + (kid.x + kid.w / 2).toFixed(1) + ',' + kid.y + '"></path>');
      });
    });
    for (var i = 0; i + 1 < l.leaves.length; i++) {
      var a = l.leaves[i], b2 = l.leaves[i + 1];
      var hop = trail[a.v.id] && trail[b2.v.id];
      parts.push('<path class="link' + (hop ? ' trail' : '') + '" d="M' + (a.x + a.w).toFixed(1) + ',' + (a.y + H / 2) +
        ' L' + (b2.x - 1).toFixed(1) + ',' + (b2.y + H / 2) + '"></path>');
    }
    l.boxes.forEach(function (b) {
      var cls = 'node' + (touched[b.v.id] ? ' touched' : '') + (trail[b.v.id] ? ' trail' : '');
      parts.push('<g class="' + cls + '" data-node="' + b.v.id + '"' + (touched[b.v.id] ? ' data-touched="true"' : '') +
        (trail[b.v.id] ? ' data-trail="true"' : '') + '>' +
        '<title>' + (b.v.leaf ? 'leaf ' : 'node ') + b.v.id + ': ' + dbplayEscape(b.v.keys.join(' ')) + '</title>' +
        '<rect class="frame" x="' + b.x.toFixed(1) + '" y="' + b.y + '" width="' + b.w.toFixed(1) + '" height="' + H + '" rx="4"></rect>' +
        (touched[b.v.id] ? '<rect class="hatch" x="' + b.x.toFixed(1) + '" y="' + (b.y + H - 6) + '" width="' + b.w.toFixed(1) + '" height="6"></rect>' : '') +
        '<text class="id" x="' + (b.x + 4).toFixed(1) + '" y="' + (b.y + 12) + '">#' + b.v.id + (touched[b.v.id] ? ' ★' : '') + '</text>' +
        '<text x="' + (b.x + b.w / 2).toFixed(1) + '" y="' + (b.y + 28) + '" text-anchor="middle">' + dbplayEscape(b.text) + '</text></g>');
    });
    var scale = fit ? ' style="width:100%;height:auto"' : '';
    return '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="' + dbplayEscape(caption) + '" width="' + l.width.toFixed(0) +
      '" height="' + l.height + '" viewBox="0 0 ' + l.width.toFixed(0) + ' ' + l.height + '"' + scale + '>' + dbplaySvgDefs() +
      '<text class="caption" x="10" y="16">' + dbplayEscape(caption) + '</text>' + parts.join('') + '</svg>';
  }
  function draw(index) {
    current = index;
    var step = data.steps[index];
    var root = step.root;
    if (root === null) { picture.innerHTML = '<p>No picture was recorded for this step.</p>'; return; }
    var html;
    if (step.before !== undefined) {
      var none = { touched: [], trail: [] };
      html = '<div class="pair">' + svgOf(step.before, none, 'Before') + svgOf(root, step, 'After: ' + step.kind) + '</div>';
    } else {
      html = svgOf(root, step, 'The tree after step ' + (index + 1));
    }
    picture.innerHTML = html;
    var first = picture.querySelector('[data-touched]') || picture.querySelector('[data-trail]');
    if (first && !fit) {
      var frame = picture.getBoundingClientRect();
      var box = first.getBoundingClientRect();
      picture.scrollLeft += box.left - frame.left - frame.width / 2 + box.width / 2;
    }
  }
  return {
    show: draw,
    prefix: function (index) {
      var op = data.steps[index].operation;
      return op >= 0 ? '<span class="operation">' + dbplayEscape(data.operations[op]) + ':</span>' : '';
    },
  };
}
`;
