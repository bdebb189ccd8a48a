/**
 * The cycle of a direct serialization graph that names its anomaly, with Adya's classes
 * (Adya 1999, section 4; Elle's classification, github.com/jepsen-io/elle, does the same):
 *
 * - G0 (write cycle): only ww edges;
 * - G1c (circular information flow): ww and wr edges only;
 * - G-single (single anti-dependency cycle): exactly one rw edge. Two of Berenson et al.'s
 *   phenomena (1995) have this shape: a lost update (P4, r1[x] w2[x] c2 w1[x]: T1 -rw(x)-> T2
 *   -ww(x)-> T1, the transaction that missed the write then overwrites it) and read skew (A5A,
 *   r1[x] w2[x] w2[y] c2 r1[y]: the rw and wr edges are on different rows);
 * - G2-item (item anti-dependency cycle, write skew): rw edges, all on items;
 * - G2 (anti-dependency cycle): rw edges, some of them on predicates.
 *
 * A cycle means no serial order exists; which class it has says which isolation level the
 * history violates (G0: PL-1; G1c: PL-2; G-single: PL-2+; G2-item: PL-2.99; G2: PL-3). The
 * graphs are tiny (two or three transactions), so every simple cycle is tried; between two
 * transactions the edge kept on each step is the mildest (ww before wr before rw), and the
 * cycle reported is the one of the mildest class, the shortest among those.
 */
import type { DirectSerializationGraph, DsgEdge } from './build-dsg.ts';

export type CycleClass = 'G0' | 'G1c' | 'G-single' | 'G2-item' | 'G2';

export interface DependencyCycle {
  readonly edges: readonly DsgEdge[];
  readonly anomaly: CycleClass;
  /** `T1 -rw(test id=1)-> T2 -rw(test id=2)-> T1` */
  readonly text: string;
}

const classRank: Record<CycleClass, number> = { G0: 0, G1c: 1, 'G-single': 2, 'G2-item': 3, G2: 4 };

function edgeRank(edge: DsgEdge): number {
  if (edge.kind === 'ww') return 0;
  if (edge.kind === 'wr') return 1;
  return edge.predicate ? 3 : 2;
}

export function classifyCycle(edges: readonly DsgEdge[]): CycleClass {
  const antiDependencies = edges.filter((edge) => edge.kind === 'rw');
  if (antiDependencies.length === 0) return edges.every((edge) => edge.kind === 'ww') ? 'G0' : 'G1c';
  if (antiDependencies.length === 1) return 'G-single';
  return antiDependencies.some((edge) => edge.predicate) ? 'G2' : 'G2-item';
}

/**
 * Which of Berenson et al.'s phenomena a G-single cycle has the shape of: a lost update (P4)
 * when the transaction at the anti-dependency's start later overwrote the very item it read
 * (a ww edge on the same object comes back to it), read skew (A5A) otherwise.
 */
export function singleAntiDependencyShape(edges: readonly DsgEdge[]): 'lost update (P4)' | 'read skew (A5A)' {
  const rw = edges.find((edge) => edge.kind === 'rw');
  const overwrites = edges.some(
    (edge) => rw !== undefined && edge.kind === 'ww' && edge.to === rw.from && edge.object === rw.object,
  );
  return overwrites ? 'lost update (P4)' : 'read skew (A5A)';
}

export function formatCycle(edges: readonly DsgEdge[]): string {
  const first = edges[0];
  if (first === undefined) return '';
  return `${first.from}${edges.map((edge) => ` -${edge.kind}(${edge.object})-> ${edge.to}`).join('')}`;
}

export function findCycle(graph: DirectSerializationGraph): DependencyCycle | null {
  const names = graph.nodes.map((node) => node.name);
  const best = new Map<string, DsgEdge>();
  for (const edge of graph.edges) {
    const key = `${edge.from}\u0000${edge.to}`;
    const known = best.get(key);
    if (known === undefined || edgeRank(edge) < edgeRank(known)) best.set(key, edge);
  }
  let found: DependencyCycle | null = null;
  const consider = (found_path: readonly string[]) => {
    // Read from the transaction named first (T1 before T2), as a learner would tell it.
    const at = found_path.indexOf([...found_path].sort()[0] as string);
    const path = [...found_path.slice(at), ...found_path.slice(0, at)];
    const edges = path.map((from, i) => best.get(`${from}\u0000${path[(i + 1) % path.length]}`) as DsgEdge);
    const anomaly = classifyCycle(edges);
    if (
      found === null ||
      classRank[anomaly] < classRank[found.anomaly] ||
      (classRank[anomaly] === classRank[found.anomaly] && edges.length < found.edges.length)
    ) {
      found = { edges, anomaly, text: formatCycle(edges) };
    }
  };
  // Simple cycles, each found once from its first node in commit order.
  names.forEach((start, startIndex) => {
    const visit = (path: string[]) => {
      const last = path[path.length - 1] as string;
      for (const next of names) {
        if (!best.has(`${last}\u0000${next}`)) continue;
        if (next === start) consider(path);
        else if (names.indexOf(next) > startIndex && !path.includes(next)) visit([...path, next]);
      }
    };
    visit([start]);
  });
  return found;
}

/** A serial order the graph allows (a topological order, commit order breaking ties), or null. */
export function serialOrderOf(graph: DirectSerializationGraph): string[] | null {
  const names = graph.nodes.map((node) => node.name);
  const incoming = new Map(names.map((name) => [name, new Set<string>()]));
  for (const edge of graph.edges) incoming.get(edge.to)?.add(edge.from);
  const order: string[] = [];
  while (order.length < names.length) {
    const next = names.find(
      (name) =>
        !order.includes(name) && [...(incoming.get(name) ?? [])].every((from) => order.includes(from)),
    );
    if (next === undefined) return null;
    order.push(next);
  }
  return order;
}
