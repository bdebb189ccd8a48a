/**
 * Judging a run: serializable or not, why, and how the engine stepped in.
 *
 * The judgement is engine-independent: it reads a PermutationOutcome and replays schedules
 * through the JudgeContext, so a PostgreSQL run, a SQLite run and a model engine's run are
 * judged by the same rules:
 *
 * - serializable: some serial order of the committed transactions gives every read and the
 *   final state (check-serializable.ts);
 * - for the anomalies about what a transaction could see (G1a, G1b, G1c, OTV), whether each
 *   read saw a committed state, never an older one than before (check-committed-reads.ts);
 * - prevention: which steps waited for which sessions, which failed with which code
 *   (prevention.ts);
 * - false positives: an abort by serializable snapshot isolation (PostgreSQL's SSI,
 *   src/backend/storage/lmgr/predicate.c) is rerun at the level without SSI's checks
 *   (repeatable read, the same snapshot isolation underneath); if there every transaction
 *   commits and the outcome is serializable, the abort prevented nothing (ssi-check.ts).
 */

import type { DependencyCycle } from '../model/dsg/classify-cycle.ts';
import { explainDsg } from '../model/dsg/explain-dsg.ts';
import { modelDetails } from '../model/model-run-details.ts';
import type { PermutationOutcome } from '../run/outcome.ts';
import { anomalyNamed } from './anomaly-names.ts';
import { type CommittedReadsCheck, checkCommittedReads } from './check-committed-reads.ts';
import { checkSerializable, type OrderCheck } from './check-serializable.ts';
import { explainVerdict } from './explain-verdict.ts';
import type { JudgeContext } from './judge-context.ts';
import { type Prevention, preventionOf } from './prevention.ts';
import { committedSessions } from './serial-orders.ts';
import { checkSsiAbort, type SsiCheck } from './ssi-check.ts';

export interface Verdict {
  readonly serializable: boolean;
  readonly committed: readonly string[];
  /** Sessions whose transactions did not commit (failed, rolled back, or left unfinished). */
  readonly aborted: readonly string[];
  readonly explanation: readonly string[];
  /** The serial order the run equals, when it is serializable. */
  readonly serialOrder: readonly string[] | null;
  readonly orders: readonly OrderCheck[];
  readonly committedReads: CommittedReadsCheck | null;
  readonly prevention: readonly Prevention[];
  readonly ssi: SsiCheck | null;
  readonly falsePositive: boolean;
  /** The scenario's anomaly, and whether this run showed it. */
  readonly anomaly: { readonly name: string; readonly observed: boolean } | null;
  /**
   * For an engine that knows its version order (the model), the cycle of the direct
   * serialization graph that makes the outcome non-serializable (null when there is none);
   * undefined for engines that cannot tell.
   */
  readonly cycle?: DependencyCycle | null;
}

export async function judgeOutcome(context: JudgeContext, outcome: PermutationOutcome): Promise<Verdict> {
  const committed = committedSessions(outcome);
  const aborted = outcome.sessions.filter((s) => s.status !== 'committed').map((s) => s.session);
  const serial = await checkSerializable(context, outcome);

  const named =
    context.scenario.metadata.anomaly === null ? undefined : anomalyNamed(context.scenario.metadata.anomaly);
  const committedReads =
    named?.family === 'committed-reads' && !serial.serializable
      ? await checkCommittedReads(context, outcome)
      : null;
  const observed =
    named === undefined
      ? null
      : named.family === 'committed-reads'
        ? committedReads !== null && !committedReads.ok
        : !serial.serializable;

  const prevention = preventionOf(outcome);
  const ssi = await checkSsiAbort(context, outcome);
  const verdict = {
    serializable: serial.serializable,
    committed,
    aborted,
    serialOrder: serial.order,
    orders: serial.orders,
    committedReads,
    prevention,
    ssi,
    falsePositive: ssi?.falsePositive ?? false,
    anomaly: named === undefined || observed === null ? null : { name: named.name, observed },
  };
  const details = modelDetails(outcome);
  const dependencies = details === undefined ? [] : explainDsg(details.dsg, details.cycle);
  return {
    ...verdict,
    ...(details === undefined ? {} : { cycle: details.cycle }),
    explanation: explainVerdict({
      ...verdict,
      dependencies,
      outcome,
      engine: context.engine,
      level: context.level,
    }),
  };
}
