/**
 * Choosing a compaction strategy by name, with its parameters checked and defaulted.
 *
 * Three strategies, one interface (controller.ts): `simple` (simple leveled),
 * `tiered` (RocksDB's universal) and `leveled` (leveled with dynamic level sizes). Their
 * parameters and defaults are mini-lsm's, so that the store, `dbplay lsm simulate` and the
 * course's compaction simulator all speak of the same numbers. A misspelt name gets a
 * suggestion, and a parameter outside its range an error naming it.
 */
import { BadInputError, didYouMean } from '@dbplay/core';
import type { CompactionController, CompactionStrategyName } from './controller.ts';
import { LeveledController, type LeveledOptions, leveledDefaults } from './leveled.ts';
import {
  SimpleLeveledController,
  type SimpleLeveledOptions,
  simpleLeveledDefaults,
} from './simple-leveled.ts';
import { TieredController, type TieredOptions, tieredDefaults } from './tiered.ts';

export const compactionStrategyNames: readonly CompactionStrategyName[] = ['simple', 'tiered', 'leveled'];

/** A strategy and any of its parameters; the rest take their defaults. */
export type CompactionOptions =
  | ({ readonly strategy: 'simple' } & Partial<SimpleLeveledOptions>)
  | ({ readonly strategy: 'tiered' } & Partial<TieredOptions>)
  | ({ readonly strategy: 'leveled' } & Partial<LeveledOptions>);

/** A strategy with every parameter filled in and checked. */
export type ResolvedCompactionOptions =
  | ({ readonly strategy: 'simple' } & SimpleLeveledOptions)
  | ({ readonly strategy: 'tiered' } & TieredOptions)
  | ({ readonly strategy: 'leveled' } & LeveledOptions);

/** The strategy name, checked, with a suggestion when it is misspelt. */
export function parseStrategyName(name: string): CompactionStrategyName {
  if ((compactionStrategyNames as readonly string[]).includes(name)) return name as CompactionStrategyName;
  throw new BadInputError(
    `unknown compaction strategy '${name}'${didYouMean(name, compactionStrategyNames)}; the strategies are ${compactionStrategyNames.join(', ')}`,
    { code: 'bad-option' },
  );
}

/** The parameters each strategy takes. */
export const compactionParameterNames: Readonly<Record<CompactionStrategyName, readonly string[]>> = {
  simple: Object.keys(simpleLeveledDefaults),
  tiered: [...Object.keys(tieredDefaults), 'maxMergeWidth'],
  leveled: Object.keys(leveledDefaults),
};

/** Fills in defaults and checks every parameter's range. */
export function resolveCompactionOptions(options: CompactionOptions | string): ResolvedCompactionOptions {
  const given: CompactionOptions =
    typeof options === 'string' ? ({ strategy: parseStrategyName(options) } as CompactionOptions) : options;
  const strategy = parseStrategyName(given.strategy);
  const known = compactionParameterNames[strategy];
  for (const name of Object.keys(defined(given))) {
    if (!known.includes(name)) {
      throw new BadInputError(
        `the ${strategy} strategy has no parameter '${name}'${didYouMean(name, known)}; its parameters are ${known.join(', ')}`,
        { code: 'bad-option' },
      );
    }
  }
  switch (strategy) {
    case 'simple': {
      const o = { ...simpleLeveledDefaults, ...defined(given) };
      return {
        strategy,
        sizeRatioPercent: whole('size ratio percent', o.sizeRatioPercent, 1, 100_000),
        level0FileNumCompactionTrigger: whole(
          'level-0 file trigger',
          o.level0FileNumCompactionTrigger,
          1,
          10_000,
        ),
        maxLevels: whole('number of levels', o.maxLevels, 1, 64),
      };
    }
    case 'tiered': {
      const o = { ...tieredDefaults, ...defined(given) } as TieredOptions;
      const numTiers = whole('number of tiers', o.numTiers, 2, 10_000);
      return {
        strategy,
        numTiers,
        maxSizeAmplificationPercent: whole(
          'max size amplification percent',
          o.maxSizeAmplificationPercent,
          1,
          1_000_000,
        ),
        sizeRatio: whole('size ratio', o.sizeRatio, 0, 1_000_000),
        minMergeWidth: whole('min merge width', o.minMergeWidth, 2, 10_000),
        ...(o.maxMergeWidth === undefined
          ? {}
          : { maxMergeWidth: whole('max merge width', o.maxMergeWidth, 2, 10_000) }),
      };
    }
    case 'leveled': {
      const o = { ...leveledDefaults, ...defined(given) };
      return {
        strategy,
        levelSizeMultiplier: whole('level size multiplier', o.levelSizeMultiplier, 2, 10_000),
        level0FileNumCompactionTrigger: whole(
          'level-0 file trigger',
          o.level0FileNumCompactionTrigger,
          1,
          10_000,
        ),
        maxLevels: whole('number of levels', o.maxLevels, 1, 64),
        baseLevelSize: whole('base level size', o.baseLevelSize, 1, Number.MAX_SAFE_INTEGER),
      };
    }
  }
}

/** The controller for a resolved strategy. */
export function createController(options: ResolvedCompactionOptions): CompactionController {
  switch (options.strategy) {
    case 'simple':
      return new SimpleLeveledController(options);
    case 'tiered':
      return new TieredController(options);
    case 'leveled':
      return new LeveledController(options);
  }
}

/** The given parameters without the strategy name and without explicitly undefined ones. */
function defined(options: CompactionOptions): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(options)) {
    if (name !== 'strategy' && value !== undefined) out[name] = value as number;
  }
  return out;
}

/** `value` when it is a whole number in [min, max]; a BadInputError naming `what` otherwise. */
export function whole(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max >= Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw new BadInputError(`the ${what} must be a whole number ${range}; got ${String(value)}`, {
      code: 'bad-option',
    });
  }
  return value;
}
