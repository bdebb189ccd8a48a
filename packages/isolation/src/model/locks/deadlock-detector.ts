/**
 * Finding deadlocks in the waits-for graph, and choosing the victim as PostgreSQL does
 * (src/backend/storage/lmgr/deadlock.c, and CheckDeadLock in proc.c).
 *
 * PostgreSQL does not look for deadlocks when a wait begins: a waiter sets a timer
 * (deadlock_timeout), and only when it fires does that backend search the waits-for graph
 * for a cycle through itself. If it finds one it rolls itself back with 40P01; if not, it
 * keeps waiting and never looks again. So the victim is the member of the cycle whose timer
 * fires first. dbplay's PostgreSQL runner gives each session, once when it connects, a
 * deadlock_timeout 300 ms longer than the session before it (postgres-engine.ts: T1 400 ms, T2
 * 700 ms …), far more than the milliseconds between steps, so the first session in the
 * scenario's order finds the cycle and is the victim whatever the machine's load; the model
 * picks the same: the member of the cycle that comes first in the scenario, then the one whose
 * wait began first.
 */

export interface WaitingSession {
  readonly session: string;
  /** Its deadlock_timeout (milliseconds), or anything that orders the sessions' timeouts alike. */
  readonly timeoutRank: number;
  /** When its current wait began, in the run's own clock. */
  readonly since: number;
  readonly blockedBy: readonly string[];
  /** What it waits for, in the words of PostgreSQL's deadlock report: `ShareLock on a transaction`. */
  readonly lock: string;
}

export interface Deadlock {
  readonly victim: string;
  /** The cycle, starting at the victim. */
  readonly cycle: readonly WaitingSession[];
  /** PostgreSQL's DETAIL, one line per edge, with sessions instead of process ids. */
  readonly detail: string;
}

export function findDeadlock(waiting: readonly WaitingSession[]): Deadlock | null {
  const bySession = new Map(waiting.map((w) => [w.session, w]));
  const candidates = [...waiting].sort((a, b) => a.timeoutRank - b.timeoutRank || a.since - b.since);
  for (const candidate of candidates) {
    const cycle = cycleThrough(candidate, bySession);
    if (cycle === null) continue;
    const detail = cycle
      .map((member, i) => {
        const next = cycle[(i + 1) % cycle.length] as WaitingSession;
        return `Session ${member.session} waits for ${member.lock}; blocked by session ${next.session}.`;
      })
      .join('\n');
    return { victim: candidate.session, cycle, detail };
  }
  return null;
}

/** The shortest path of waits from `start` back to itself, or null (breadth-first). */
function cycleThrough(
  start: WaitingSession,
  bySession: ReadonlyMap<string, WaitingSession>,
): WaitingSession[] | null {
  const previous = new Map<string, string>();
  const queue: string[] = [start.session];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    for (const next of bySession.get(at)?.blockedBy ?? []) {
      if (next === start.session) {
        const path: WaitingSession[] = [];
        for (let node: string | undefined = at; node !== undefined; node = previous.get(node)) {
          const member = bySession.get(node);
          if (member !== undefined) path.unshift(member);
          if (node === start.session) break;
        }
        return path;
      }
      if (!previous.has(next) && next !== start.session && bySession.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}
