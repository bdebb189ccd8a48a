/**
 * The verdict in sentences, the way a teacher would say it.
 *
 * First whether the outcome is serializable and, if not, what each serial order would have
 * given instead ("in T1→T2, T2 would have read value=11 at s2r (it read 10)"): the reads no
 * serial order produces are the anomaly. Then, for the anomalies about what a transaction
 * could see, whether every read saw committed data. For the model engine, which knows the
 * exact version order, the cycle of the dependency graph, edge by edge (model/dsg/). Then how
 * the engine intervened: who
 * waited for whom, who failed with which code and what that code means. Last, for an abort
 * by serializable snapshot isolation, whether it prevented anything.
 */

import type { IsolationEngine } from '../engines/engine.ts';
import type { IsolationLevel } from '../engines/levels.ts';
import type { ErrorCause, PermutationOutcome } from '../run/outcome.ts';
import { anomalyNamed } from './anomaly-names.ts';
import type { CommittedReadsCheck } from './check-committed-reads.ts';
import type { Mismatch, OrderCheck } from './check-serializable.ts';
import { describeResult, describeTables } from './describe-rows.ts';
import type { Prevention } from './prevention.ts';
import { formatOrder } from './serial-orders.ts';
import type { SsiCheck } from './ssi-check.ts';

export interface VerdictFacts {
  readonly serializable: boolean;
  readonly committed: readonly string[];
  readonly aborted: readonly string[];
  readonly serialOrder: readonly string[] | null;
  readonly orders: readonly OrderCheck[];
  readonly committedReads: CommittedReadsCheck | null;
  readonly prevention: readonly Prevention[];
  readonly ssi: SsiCheck | null;
  readonly anomaly: { readonly name: string; readonly observed: boolean } | null;
  /** The dependency graph in sentences, from an engine that knows it (the model); else empty. */
  readonly dependencies?: readonly string[];
  readonly outcome: PermutationOutcome;
  readonly engine: IsolationEngine;
  readonly level: IsolationLevel;
}

export function explainVerdict(facts: VerdictFacts): string[] {
  const lines: string[] = [headline(facts)];
  if (!facts.serializable) {
    for (const check of facts.orders) {
      if (check.mismatch !== null)
        lines.push(`In ${formatOrder(check.order)}, ${describeMismatch(check.mismatch)}.`);
    }
  }
  lines.push(...(facts.dependencies ?? []));
  if (facts.committedReads !== null)
    lines.push(...explainCommittedReads(facts.committedReads, facts.anomaly?.name));
  for (const prevention of facts.prevention) lines.push(explainPrevention(prevention));
  if (facts.ssi !== null) lines.push(explainSsi(facts.ssi));
  const anomaly = facts.anomaly === null ? undefined : anomalyNamed(facts.anomaly.name);
  // The committed-reads sentence has already said whether a G1 anomaly or OTV happened.
  if (facts.anomaly !== null && anomaly !== undefined && anomaly.family === 'serializability') {
    lines.push(
      facts.anomaly.observed
        ? `So this run shows ${anomaly.name}: ${anomaly.definition}.`
        : `So ${anomaly.name} (${anomaly.definition.split(':')[0]}) did not happen here.`,
    );
  }
  return lines;
}

function headline(facts: VerdictFacts): string {
  const { committed } = facts;
  const aborted =
    facts.aborted.length === 0
      ? ''
      : ` (${facts.aborted.join(', ')} did not commit, so ${facts.aborted.length === 1 ? 'it does' : 'they do'} not count)`;
  if (committed.length === 0) {
    return facts.serializable
      ? `Serializable: no transaction committed${aborted}, and the tables are as the setup left them.`
      : `Not serializable: no transaction committed${aborted}, yet the tables differ from the setup.`;
  }
  if (facts.serializable) {
    const order = facts.serialOrder ?? committed;
    return committed.length === 1
      ? `Serializable: only ${committed[0]} committed${aborted}, and running it alone gives the same reads and final state.`
      : `Serializable: the outcome is that of the serial order ${formatOrder(order)}${aborted}.`;
  }
  return `Not serializable: no serial order of ${committed.join(', ')} gives these reads and this final state${aborted}.`;
}

function describeMismatch(mismatch: Mismatch): string {
  switch (mismatch.kind) {
    case 'read': {
      // Without ORDER BY the row order means nothing, so both sides are described sorted.
      const ordered = mismatch.ordered;
      return `${mismatch.session} would have read ${describeResult(mismatch.replayed, { sorted: !ordered })} at ${mismatch.step} (it read ${describeResult(mismatch.observed, { sorted: !ordered })})`;
    }
    case 'failed':
      return `${mismatch.step} would have failed with ${mismatch.error.code}: ${mismatch.error.message}`;
    case 'final':
      return `the final state would be ${describeTables(mismatch.replayed)} (it is ${describeTables(mismatch.observed)})`;
  }
}

function explainCommittedReads(check: CommittedReadsCheck, anomaly: string | undefined): string[] {
  if (check.ok) {
    return [
      `Every read saw committed data, and no later read saw an older state than an earlier one (monotonic atomic view), so ${anomaly ?? 'no G1 anomaly'} did not happen; what makes the outcome non-serializable is another anomaly.`,
    ];
  }
  return check.problems.map((problem) =>
    problem.kind === 'uncommitted'
      ? `${problem.session}'s ${problem.step} read ${describeResult(problem.observed, { sorted: true })}, which no committed state held when it ran: it saw data that was not (yet, or ever) committed (G1).`
      : `${problem.session}'s ${problem.step} read ${describeResult(problem.observed, { sorted: true })}, a state older than what ${problem.earlierStep} had already seen: a transaction it had observed vanished (OTV).`,
  );
}

function explainPrevention(prevention: Prevention): string {
  if (prevention.kind === 'waited') {
    const whom = prevention.waitedFor.length === 0 ? 'another session' : prevention.waitedFor.join(' and ');
    const after = prevention.until === null ? '' : ` after ${prevention.until}`;
    switch (prevention.outcome) {
      case 'resumed':
        return `${prevention.step} (${prevention.session}) waited for ${whom} and went on${after}.`;
      case 'failed':
        return `${prevention.step} (${prevention.session}) waited for ${whom}, then failed${after}.`;
      case 'never finished':
        return `${prevention.step} (${prevention.session}) waited for ${whom} until the end, and was cancelled.`;
    }
  }
  return `${prevention.step} (${prevention.session}) failed with ${prevention.code}: ${prevention.message}. ${causeMeaning(prevention.cause, prevention.session)}`;
}

function causeMeaning(cause: ErrorCause, session: string): string {
  switch (cause) {
    case 'ssi':
      return `Serializable snapshot isolation saw a dangerous structure of read/write dependencies and rolled ${session} back.`;
    case 'write-conflict':
      return `First updater wins: ${session} tried to change a row that a transaction committed after ${session}'s snapshot had changed.`;
    case 'deadlock':
      return `The sessions waited for each other; the deadlock detector rolled ${session} back so the others could go on.`;
    case 'busy':
      return `Another connection held SQLite's write lock.`;
    case 'busy-snapshot':
      return `${session}'s snapshot is older than another transaction's commit, so SQLite will not let it write; it has to roll back and retry.`;
    default:
      return '';
  }
}

function explainSsi(ssi: SsiCheck): string {
  const where = `At ${ssi.level}, where the same snapshots run without SSI's checks,`;
  if (ssi.falsePositive) {
    return `${where} the same schedule commits every transaction with the outcome of ${formatOrder(ssi.order ?? [])}: this abort was a false positive (SSI's read locks covered more than the rows that mattered, or the dependencies formed no cycle).`;
  }
  if (!ssi.serializable)
    return `${where} the same schedule is not serializable: this abort prevented a real anomaly.`;
  return `${where} the same schedule also fails, so SSI's abort is not the only thing that stopped it.`;
}
