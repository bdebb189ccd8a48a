/**
 * One cell of the anomaly matrix: what happened to a scenario at one level of one engine.
 *
 * Hermitage's table (github.com/ept/hermitage) has two marks: the level prevents the
 * anomaly, or it can occur. dbplay says how it was prevented, since that is what a learner
 * has to design for:
 *
 * - `anomaly`: the run shows the scenario's anomaly;
 * - `prevented-by-abort`: a transaction was refused with a code (40001, 40P01,
 *   SQLITE_BUSY_SNAPSHOT); the application must retry it;
 * - `prevented-by-waiting`: a statement waited for a lock, and the result is serializable;
 * - `serializable`: nothing had to intervene (snapshots alone kept the transactions apart).
 *
 * `otherAnomaly` marks a run that is free of the scenario's anomaly but still not
 * serializable (Hermitage's g1c at snapshot isolation is write skew), and `falsePositive` an
 * SSI abort that prevented nothing.
 */
import type { Verdict } from './verdict.ts';

export type CellKind = 'anomaly' | 'prevented-by-abort' | 'prevented-by-waiting' | 'serializable';

export interface CellOutcome {
  readonly kind: CellKind;
  /** The codes of the refusals, in the order they happened. */
  readonly codes: readonly string[];
  readonly falsePositive: boolean;
  readonly otherAnomaly: boolean;
}

export function classifyVerdict(verdict: Verdict): CellOutcome {
  const codes = [...new Set(verdict.prevention.flatMap((p) => (p.kind === 'failed' ? [p.code] : [])))];
  const observed = verdict.anomaly?.observed ?? !verdict.serializable;
  const waited = verdict.prevention.some((p) => p.kind === 'waited');
  const kind: CellKind = observed
    ? 'anomaly'
    : codes.length > 0
      ? 'prevented-by-abort'
      : waited
        ? 'prevented-by-waiting'
        : 'serializable';
  return {
    kind,
    codes,
    falsePositive: verdict.falsePositive,
    otherAnomaly: !observed && !verdict.serializable,
  };
}

/** Several permutations of one cell: the worst outcome wins (an anomaly in any permutation is an anomaly). */
export function combineCells(cells: readonly CellOutcome[]): CellOutcome {
  const rank: Record<CellKind, number> = {
    anomaly: 3,
    'prevented-by-abort': 2,
    'prevented-by-waiting': 1,
    serializable: 0,
  };
  const worst = cells.reduce<CellOutcome | null>(
    (best, cell) => (best === null || rank[cell.kind] > rank[best.kind] ? cell : best),
    null,
  );
  return {
    kind: worst?.kind ?? 'serializable',
    codes: [...new Set(cells.flatMap((cell) => cell.codes))],
    falsePositive: cells.some((cell) => cell.falsePositive),
    otherAnomaly: cells.some((cell) => cell.otherAnomaly),
  };
}

/** The cell in words: `anomaly (G2-item)`, `prevented by abort (40001), a false positive` … */
export function describeCell(cell: CellOutcome, anomaly: string | null): string {
  const named = anomaly === null || anomaly === 'none' ? null : anomaly;
  let text: string;
  switch (cell.kind) {
    case 'anomaly':
      text = named === null ? 'anomaly' : `anomaly (${named})`;
      break;
    case 'prevented-by-abort':
      text = `prevented by abort (${cell.codes.join(', ')})${cell.falsePositive ? ', a false positive' : ''}`;
      break;
    case 'prevented-by-waiting':
      text = 'prevented by waiting';
      break;
    case 'serializable':
      text = cell.otherAnomaly ? `no ${named ?? 'anomaly'}` : 'serializable';
      break;
  }
  return cell.otherAnomaly ? `${text}, but the outcome is not serializable` : text;
}
