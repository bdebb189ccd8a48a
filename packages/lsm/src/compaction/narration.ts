/**
 * Why a compaction was picked, in one sentence: the trigger that fired, with its numbers.
 *
 * Used by the tree's narrated steps and by the compaction simulator's transcript, so the
 * store and the simulator explain the same decision the same way.
 */

import { formatBytes } from '../view/display-text.ts';
import type { CompactionTask, CompactionTrigger } from './task.ts';

export function describeTrigger(trigger: CompactionTrigger): string {
  switch (trigger.kind) {
    case 'level0-file-count':
      return `L0 holds ${plural(trigger.files, 'table')}, reaching the trigger of ${trigger.trigger}`;
    case 'level-size-ratio':
      return `L${trigger.lower} holds ${plural(trigger.lowerFiles, 'file')}, less than ${trigger.limitPercent}% of L${trigger.upper}'s ${trigger.upperFiles}`;
    case 'level-over-target':
      return trigger.targetBytes === 0
        ? `L${trigger.level} holds ${formatBytes(trigger.actualBytes)} but lies above the base level, where no data should stay`
        : `L${trigger.level} holds ${formatBytes(trigger.actualBytes)}, ${trigger.score.toFixed(2)}× its target of ${formatBytes(trigger.targetBytes)}, the most of any level`;
    case 'space-amplification':
      return `the tiers above the last hold ${round(trigger.percent)}% as many files as the last tier, at least the ${trigger.limitPercent}% allowed`;
    case 'tier-size-ratio':
      return `the tier after the first ${plural(trigger.tiers, 'tier')} holds ${round(trigger.percent)}% of their files, more than ${trigger.limitPercent}%`;
    case 'reduce-sorted-runs':
      return `there are ${trigger.tiers} tiers, reaching the limit of ${trigger.numTiers}, and no other rule fired`;
    case 'manual':
      return 'a full compaction was asked for';
  }
}

/** What the task merges, e.g. `L0 [4, 6] with L1 [3] into L1`. */
export function describeTaskInputs(task: CompactionTask): string {
  switch (task.kind) {
    case 'levels': {
      const upper = `L${task.upperLevel} ${ids(task.upperTables)}`;
      return task.lowerTables.length === 0
        ? `${upper} into L${task.lowerLevel} (nothing there to merge with)`
        : `${upper} with L${task.lowerLevel} ${ids(task.lowerTables)} into L${task.lowerLevel}`;
    }
    case 'tiers':
      return `${task.tiers.map((tier) => `tier ${tier.id} ${ids(tier.tables)}`).join(', ')} into one tier`;
    case 'full':
      return `all ${plural(task.runs.flat().length, 'table')} in ${plural(task.runs.length, 'sorted run')} into a single sorted run at the bottom`;
  }
}

export function ids(list: readonly number[]): string {
  return `[${list.join(', ')}]`;
}

/** `1 table`, `3 tables`; `plural(2, 'entry', 'entries')` for irregular words. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function round(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value)) : '∞';
}
