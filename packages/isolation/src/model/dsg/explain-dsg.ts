/**
 * The dependency graph of a model run in sentences, for the verdict: the cycle that makes the
 * outcome non-serializable, written as "T1 -rw(x)-> T2 -rw(y)-> T1" and named by Adya's class,
 * then one sentence per edge saying why one transaction had to come before the next; or, when
 * there is no cycle, the serial order the dependencies allow.
 */
import { anomalyNamed } from '../../judge/anomaly-names.ts';
import type { DirectSerializationGraph } from './build-dsg.ts';
import { type DependencyCycle, serialOrderOf, singleAntiDependencyShape } from './classify-cycle.ts';

export function explainDsg(graph: DirectSerializationGraph, cycle: DependencyCycle | null): string[] {
  const lines: string[] = [];
  if (cycle !== null) {
    const definition = anomalyNamed(cycle.anomaly)?.definition.split(':')[0] ?? cycle.anomaly;
    const shape =
      cycle.anomaly === 'G-single'
        ? `, here in the shape of a ${singleAntiDependencyShape(cycle.edges)}`
        : '';
    lines.push(`The dependency graph has a cycle, ${cycle.anomaly} (${definition}${shape}): ${cycle.text}.`);
    for (const edge of cycle.edges)
      lines.push(`${edge.from} -${edge.kind}(${edge.object})-> ${edge.to}: ${edge.sentence}`);
    lines.push(
      'Each edge says which transaction must come first; around a cycle that cannot be, so no serial order fits.',
    );
  } else if (graph.nodes.length > 1) {
    const order = serialOrderOf(graph) ?? graph.nodes.map((node) => node.name);
    lines.push(
      graph.edges.length === 0
        ? `The dependency graph has no edges between the committed transactions: they touched nothing in common.`
        : `The dependency graph (${graph.edges.map((edge) => `${edge.from} -${edge.kind}-> ${edge.to}`).join(', ')}) has no cycle: it allows the serial order ${order.join('→')}.`,
    );
  }
  lines.push(...graph.phenomena);
  return lines;
}
