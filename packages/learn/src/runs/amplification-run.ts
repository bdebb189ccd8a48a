/**
 * A B-tree vs LSM lesson's run: the comparison of `dbplay btree-vs-lsm` on one workload,
 * shown as its table, with the answer read from the report: a path such as
 * `lsm.writeAmplification`, or `higher:writeAmplification` for the side (`btree` or `lsm`)
 * whose figure is higher.
 */
import { BadInputError } from '@dbplay/core';
import { compareStorage } from '../amplification/compare-storage.ts';
import { renderComparison } from '../amplification/render-comparison.ts';
import type { WorkloadName } from '../amplification/workload.ts';
import type { AmplificationRun } from '../lessons/lesson.ts';
import type { RunOutput } from './run-output.ts';

const figures = ['writeAmplification', 'readAmplification', 'spaceAmplification'] as const;

export async function runAmplification(run: AmplificationRun): Promise<RunOutput> {
  const report = await compareStorage({ workload: run.workload as WorkloadName, n: run.n });
  const higher = /^higher:(\w+)$/.exec(run.answer);
  const path = /^(btree|lsm)\.(\w+)$/.exec(run.answer);
  let value: string | number;
  if (higher !== null && (figures as readonly string[]).includes(higher[1] as string)) {
    const figure = higher[1] as (typeof figures)[number];
    value = report.btree[figure] > report.lsm[figure] ? 'btree' : 'lsm';
  } else if (path !== null && (figures as readonly string[]).includes(path[2] as string)) {
    value = report[path[1] as 'btree' | 'lsm'][path[2] as (typeof figures)[number]];
  } else {
    throw new BadInputError(
      `'${run.answer}' is not an answer a comparison gives: btree.<figure>, lsm.<figure> or higher:<figure>, with the figures ${figures.join(', ')}`,
    );
  }
  return { text: renderComparison(report), value, details: report };
}
