/**
 * Deadlock detection's question: do the waits-for edges form a cycle?
 *
 * Each waiting session has an edge to every session it waits for. A cycle means none of them
 * can ever go on by itself: PostgreSQL's deadlock detector (src/backend/storage/lmgr/deadlock.c,
 * DeadLockCheck) looks for exactly this after deadlock_timeout and cancels one of them; SQLite
 * never waits in a cycle, returning SQLITE_BUSY instead. The scheduler asks the question to
 * know whether waiting longer can help: only an engine with a detector can break a cycle.
 * A depth-first search with the usual three colours (unvisited, on the path, done) finds one.
 */

/** Whether `edges` (a waiting session to the sessions it waits for) contain a cycle. */
export function hasWaitCycle(edges: ReadonlyMap<string, readonly string[]>): boolean {
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (node: string): boolean => {
    if (visiting.has(node)) return true;
    if (done.has(node) || !edges.has(node)) return false;
    visiting.add(node);
    const cyclic = (edges.get(node) ?? []).some(visit);
    visiting.delete(node);
    done.add(node);
    return cyclic;
  };
  return [...edges.keys()].some(visit);
}
