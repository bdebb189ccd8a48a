/**
 * The browser side of an EXPLAIN page: the plan as a tree of boxes, each child indented
 * under its parent (as psql indents, but boxed). A bar behind each box is as wide as the
 * node's own share of the plan's cost, or of its time with ANALYZE, and the share is also
 * printed, so the shading is never the only sign. Estimated and actual rows sit side by
 * side; a misestimate gets a "⚠ N× off" flag in words; the analyser's notes sit inside the
 * box of the node they concern. The step's node is outlined and hatched.
 */
export const explainScript = String.raw`
function dbplayDraw(data, picture, extra) {
  var esc = dbplayEscape;
  function number(n) { return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2); }
  function box(plan, node, touched) {
    var share = Math.round(node.share * 1000) / 10;
    var figures = ['cost ' + node.totalCost.toFixed(2), 'est. ' + number(node.estimatedRows) + ' rows'];
    if (node.actualRows !== null) figures.push('actual ' + number(node.actualRows) + ' rows × ' + node.loops + (node.loops === 1 ? ' loop' : ' loops'));
    if (node.actualMs !== null) figures.push(node.actualMs.toFixed(3) + ' ms per loop');
    figures.push(share + '% of the ' + plan.shareOf + ' is its own');
    var flag = node.misestimate !== null ? ' <span class="misestimate" data-misestimate="' + node.misestimate + '">⚠ estimate ' + node.misestimate + '× off</span>' : '';
    var notes = plan.notes.filter(function (n) { return n.nodeId === node.id; })
      .map(function (n) { return '<div class="note">✎ ' + esc(n.text) + '</div>'; }).join('');
    return '<div class="pnode' + (touched ? ' touched' : '') + '" data-node="' + node.id + '"' + (touched ? ' data-touched="true"' : '') +
      ' style="margin-left:' + (node.depth * 22) + 'px">' +
      '<div class="bar" style="width:' + Math.max(0, Math.min(100, share)) + '%"></div>' +
      '<div class="name">' + (node.parent === null ? '' : '↳ ') + esc(node.name) + (touched ? ' ★' : '') + flag + '</div>' +
      '<div class="figures">' + esc(figures.join(' · ')) + '</div>' +
      node.details.map(function (d) { return '<div class="detail">' + esc(d) + '</div>'; }).join('') + notes + '</div>';
  }
  function draw(index) {
    var step = data.steps[index];
    var plan = data.plans[step.plan];
    var head = '<h2>' + esc(plan.label) + (data.plans.length > 1 ? ' (plan ' + (step.plan + 1) + ' of ' + data.plans.length + ')' : '') + '</h2>' +
      (plan.sql ? '<pre class="sql">' + esc(plan.sql) + '</pre>' : '');
    picture.innerHTML = head + '<div class="plan">' + plan.nodes.map(function (node) { return box(plan, node, node.id === step.node); }).join('') + '</div>';
    var current = picture.querySelector('.pnode.touched');
    if (current) current.scrollIntoView({ block: 'nearest' });
  }
  extra.insertAdjacentHTML('afterbegin', '<p class="legend"><span><i class="swatch hatched"></i>the node this step reads</span>' +
    '<span>bar behind a box: its own share of the cost (of the time with ANALYZE)</span><span>⚠ an estimate ' + data.misestimateFactor + '× off or more</span><span>✎ a note about the node</span></p>');
  return { show: draw };
}
`;
