/**
 * Golden step-by-step transcripts of the model engine, with its internals after every
 * scenario step (tuple versions with xmin and xmax, snapshots, row locks and waits, SIREAD
 * locks and rw-conflicts with the pivot named, the transaction status table), then the
 * ordinary transcript with the verdict and its dependency cycle:
 *
 * - write skew at repeatable read (it happens) and at serializable (SSI's pivot fails at commit);
 * - a lost update at read committed (the second writer waits, then overwrites);
 * - the read-only transaction anomaly at serializable (a read-only report turns the writer
 *   into a pivot);
 * - write skew under two-phase locking (a deadlock instead of a 40001).
 *
 * Regenerate with `pnpm test:update` after a deliberate change, and review the diff.
 */
import { findScenario, runScenario, startModelEngine } from '@dbplay/isolation';
import { renderTracedTranscript } from '@dbplay/isolation/render';
import { describe, expect, it } from 'vitest';

const engine = await startModelEngine();

describe('golden model transcripts with internals', () => {
  it.each([
    ['g2-item', 'repeatable-read'],
    ['g2-item', 'serializable'],
    ['p4', 'read-committed'],
    ['read-only-anomaly', 'serializable'],
    ['g2-item', 'serializable-2pl'],
  ] as const)('%s at %s', async (id, level) => {
    const scenario = await findScenario(id);
    const report = await runScenario({ engine, scenario, level, trace: true });
    await expect(renderTracedTranscript(report)).toMatchFileSnapshot(`golden-model/${id}-${level}.txt`);
  });
});
