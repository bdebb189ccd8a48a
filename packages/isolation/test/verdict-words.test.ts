/**
 * The verdict in words and the matrix cell, from hand-made facts: what each serial order
 * would have read, how the engine intervened, and what a false positive looks like.
 */
import { describeCell, type PermutationOutcome, type Verdict } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { classifyVerdict } from '../src/judge/classify-outcome.ts';
import { explainVerdict, type VerdictFacts } from '../src/judge/explain-verdict.ts';
import { cellText } from '../src/render/render-matrix.ts';
import { lockEngine } from './lock-engine.ts';

const outcome: PermutationOutcome = {
  permutation: [],
  steps: [],
  events: [],
  sessions: [],
  commitOrder: [],
  final: [],
  setupErrors: [],
  skipped: null,
};

const facts = (overrides: Partial<VerdictFacts>): VerdictFacts => ({
  serializable: false,
  committed: ['T1', 'T2'],
  aborted: [],
  serialOrder: null,
  orders: [],
  committedReads: null,
  prevention: [],
  ssi: null,
  anomaly: null,
  outcome,
  engine: lockEngine(),
  level: 'serializable-2pl',
  ...overrides,
});

const value = (v: number) => ({ columns: ['value'], rows: [[v]] });

describe('explainVerdict', () => {
  it('says which reads no serial order produces', () => {
    expect(
      explainVerdict(
        facts({
          orders: [
            {
              order: ['T1', 'T2'],
              mismatch: {
                kind: 'read',
                step: 's2r',
                session: 'T2',
                replayed: value(11),
                observed: value(10),
                ordered: false,
              },
            },
            {
              order: ['T2', 'T1'],
              mismatch: {
                kind: 'final',
                replayed: [{ table: 't', columns: ['v'], rows: [[21]] }],
                observed: [{ table: 't', columns: ['v'], rows: [[22]] }],
              },
            },
          ],
          anomaly: { name: 'G2-item', observed: true },
        }),
      ),
    ).toEqual([
      'Not serializable: no serial order of T1, T2 gives these reads and this final state.',
      'In T1→T2, T2 would have read value=11 at s2r (it read value=10).',
      'In T2→T1, the final state would be t: (v=21) (it is t: (v=22)).',
      'So this run shows G2-item: write skew: a dependency cycle with anti-dependency (rw) edges on items.',
    ]);
  });

  it('names how the engine intervened, and labels a false positive', () => {
    expect(
      explainVerdict(
        facts({
          serializable: true,
          committed: ['T1'],
          aborted: ['T2'],
          serialOrder: ['T1'],
          prevention: [
            {
              kind: 'waited',
              step: 's2w',
              session: 'T2',
              waitedFor: ['T1'],
              until: 's1c',
              outcome: 'failed',
            },
            {
              kind: 'failed',
              step: 's2w',
              session: 'T2',
              code: '40001',
              message: 'could not serialize',
              cause: 'ssi',
            },
          ],
          ssi: {
            level: 'repeatable-read',
            falsePositive: true,
            serializable: true,
            allCommitted: true,
            order: ['T1', 'T2'],
          },
          anomaly: { name: 'none', observed: false },
        }),
      ),
    ).toEqual([
      'Serializable: only T1 committed (T2 did not commit, so it does not count), and running it alone gives the same reads and final state.',
      's2w (T2) waited for T1, then failed after s1c.',
      's2w (T2) failed with 40001: could not serialize. Serializable snapshot isolation saw a dangerous structure of read/write dependencies and rolled T2 back.',
      "At repeatable-read, where the same snapshots run without SSI's checks, the same schedule commits every transaction with the outcome of T1→T2: this abort was a false positive (SSI's read locks covered more than the rows that mattered, or the dependencies formed no cycle).",
    ]);
  });

  it('tells a committed-reads anomaly from a schedule that is merely not serializable', () => {
    const lines = (problems: NonNullable<VerdictFacts['committedReads']>['problems']) =>
      explainVerdict(
        facts({
          committedReads: { ok: problems.length === 0, problems },
          anomaly: { name: 'G1b', observed: problems.length > 0 },
        }),
      ).slice(1);
    expect(lines([])).toEqual([
      'Every read saw committed data, and no later read saw an older state than an earlier one (monotonic atomic view), so G1b did not happen; what makes the outcome non-serializable is another anomaly.',
    ]);
    expect(lines([{ kind: 'uncommitted', step: 's2r', session: 'T2', observed: value(101) }])).toEqual([
      "T2's s2r read value=101, which no committed state held when it ran: it saw data that was not (yet, or ever) committed (G1).",
    ]);
    expect(
      lines([{ kind: 'went-back', step: 's3r', session: 'T3', observed: value(10), earlierStep: 's3q' }]),
    ).toEqual([
      "T3's s3r read value=10, a state older than what s3q had already seen: a transaction it had observed vanished (OTV).",
    ]);
  });
});

describe('matrix cells', () => {
  const verdict = (overrides: Partial<Verdict>): Verdict => ({
    serializable: true,
    committed: [],
    aborted: [],
    explanation: [],
    serialOrder: null,
    orders: [],
    committedReads: null,
    prevention: [],
    ssi: null,
    falsePositive: false,
    anomaly: null,
    ...overrides,
  });

  it('classifies a run: anomaly, prevented by abort or by waiting, serializable', () => {
    const anomaly = classifyVerdict(
      verdict({ serializable: false, anomaly: { name: 'P4', observed: true } }),
    );
    expect([anomaly.kind, describeCell(anomaly, 'P4'), cellText(anomaly)]).toEqual([
      'anomaly',
      'anomaly (P4)',
      'anomaly',
    ]);

    const abort = classifyVerdict(
      verdict({
        prevention: [{ kind: 'failed', step: 'c', session: 'T2', code: '40001', message: '', cause: 'ssi' }],
        falsePositive: true,
      }),
    );
    expect([abort.kind, describeCell(abort, 'none'), cellText(abort)]).toEqual([
      'prevented-by-abort',
      'prevented by abort (40001), a false positive',
      '40001 (fp)',
    ]);

    const waits = classifyVerdict(
      verdict({
        prevention: [
          { kind: 'waited', step: 'w', session: 'T2', waitedFor: ['T1'], until: 'c', outcome: 'resumed' },
        ],
      }),
    );
    expect([waits.kind, cellText(waits)]).toEqual(['prevented-by-waiting', 'waits']);

    const other = classifyVerdict(
      verdict({ serializable: false, anomaly: { name: 'G1c', observed: false } }),
    );
    expect([other.kind, other.otherAnomaly, describeCell(other, 'G1c'), cellText(other)]).toEqual([
      'serializable',
      true,
      'no G1c, but the outcome is not serializable',
      'prevented *',
    ]);
    expect(cellText(null)).toBe('n/a');
  });
});
