/**
 * The compaction strategies' parameters as command-line flags, named as in mini-lsm's
 * compaction simulator so that a learner can paste the course's command lines.
 *
 * Shared by `dbplay lsm simulate` and the store commands (which apply them when they
 * create a store, or to the store's own strategy when they reopen it).
 */
import { BadInputError } from '@dbplay/core';
import type { Command } from 'commander';
import { wholeNumber } from '../../options.ts';

export const strategyNames = ['simple', 'tiered', 'leveled'] as const;
export type StrategyName = (typeof strategyNames)[number];

interface StrategyFlag {
  /** The flag as commander declares it. */
  readonly flag: string;
  /** The option's key as commander stores it (camelCase of the flag). */
  readonly option: string;
  /** The library's parameter it sets. */
  readonly parameter: string;
  /** Multiplier from the flag's unit to the parameter's (MiB to bytes). */
  readonly scale?: number;
  readonly strategies: readonly StrategyName[];
  readonly description: string;
}

const mib = 1024 * 1024;

export const strategyFlags: readonly StrategyFlag[] = [
  {
    flag: '--level0-file-num-compaction-trigger <n>',
    option: 'level0FileNumCompactionTrigger',
    parameter: 'level0FileNumCompactionTrigger',
    strategies: ['simple', 'leveled'],
    description: 'L0 tables that start a compaction (simple, leveled; default 2)',
  },
  {
    flag: '--max-levels <n>',
    option: 'maxLevels',
    parameter: 'maxLevels',
    strategies: ['simple', 'leveled'],
    description: 'levels below L0 (simple default 3, leveled 4)',
  },
  {
    flag: '--size-ratio-percent <n>',
    option: 'sizeRatioPercent',
    parameter: 'sizeRatioPercent',
    strategies: ['simple'],
    description: 'a level must hold this % of the files above it (simple; default 200)',
  },
  {
    flag: '--num-tiers <n>',
    option: 'numTiers',
    parameter: 'numTiers',
    strategies: ['tiered'],
    description: 'tiers before any compaction (tiered; default 8)',
  },
  {
    flag: '--max-size-amplification-percent <n>',
    option: 'maxSizeAmplificationPercent',
    parameter: 'maxSizeAmplificationPercent',
    strategies: ['tiered'],
    description: 'upper tiers as % of the last that force a full merge (tiered; default 200)',
  },
  {
    flag: '--size-ratio <n>',
    option: 'sizeRatio',
    parameter: 'sizeRatio',
    strategies: ['tiered'],
    description: 'size ratio trigger, percent over 100 (tiered; default 1)',
  },
  {
    flag: '--min-merge-width <n>',
    option: 'minMergeWidth',
    parameter: 'minMergeWidth',
    strategies: ['tiered'],
    description: 'fewest tiers a size-ratio merge takes (tiered; default 2)',
  },
  {
    flag: '--max-merge-width <n>',
    option: 'maxMergeWidth',
    parameter: 'maxMergeWidth',
    strategies: ['tiered'],
    description: 'most tiers a sorted-run reduction takes (tiered; default all)',
  },
  {
    flag: '--level-size-multiplier <n>',
    option: 'levelSizeMultiplier',
    parameter: 'levelSizeMultiplier',
    strategies: ['leveled'],
    description: 'each level this many times the one above (leveled; default 2)',
  },
  {
    flag: '--base-level-size-mb <n>',
    option: 'baseLevelSizeMb',
    parameter: 'baseLevelSize',
    scale: mib,
    strategies: ['leveled'],
    description: 'smallest target of the last level, MiB (leveled; default 128)',
  },
  {
    flag: '--base-level-size <bytes>',
    option: 'baseLevelSize',
    parameter: 'baseLevelSize',
    strategies: ['leveled'],
    description: 'the same in bytes, for small stores (leveled)',
  },
];

/** Declares every strategy flag on `command`. */
export function addStrategyFlags(command: Command): Command {
  for (const f of strategyFlags)
    command.option(f.flag, f.description, wholeNumber(f.flag.split(' ')[0] as string, { min: 0 }));
  return command;
}

/**
 * The strategy parameters given on the command line, for `strategy`; a flag that belongs
 * to another strategy is an error naming the flags this one takes.
 */
export function strategyParameters(
  strategy: StrategyName,
  flags: Record<string, unknown>,
): Record<string, number> {
  const parameters: Record<string, number> = {};
  for (const f of strategyFlags) {
    const value = flags[f.option];
    if (value === undefined) continue;
    const name = f.flag.split(' ')[0] as string;
    if (!f.strategies.includes(strategy)) {
      const own = strategyFlags
        .filter((g) => g.strategies.includes(strategy))
        .map((g) => g.flag.split(' ')[0]);
      throw new BadInputError(
        `${name} is not a parameter of ${strategy} compaction; it takes ${own.join(', ')}`,
      );
    }
    if (parameters[f.parameter] !== undefined) {
      throw new BadInputError('give the base level size once: --base-level-size-mb or --base-level-size');
    }
    parameters[f.parameter] = (value as number) * (f.scale ?? 1);
  }
  return parameters;
}

/** Whether any strategy flag was given. */
export function anyStrategyFlag(flags: Record<string, unknown>): boolean {
  return strategyFlags.some((f) => flags[f.option] !== undefined);
}
