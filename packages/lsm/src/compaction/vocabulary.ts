/**
 * The words of compaction, as data: the strategies' names, each parameter with the
 * strategies it belongs to, its range, its mini-lsm default and a line saying what it
 * does.
 *
 * Everything that names a strategy or a parameter reads it from here: checking options
 * (strategy.ts), the CLI's flags, help and did-you-mean, `dbplay lsm simulate`. The
 * parameters are mini-lsm's (mini-lsm-starter/src/compact/*.rs, `*CompactionOptions`),
 * so a learner can paste the course's command lines. This module holds no code that runs
 * the store, and imports nothing heavy, so the CLI can declare its flags from it when it
 * starts (the package exports it alone as `@dbplay/lsm/vocabulary`).
 */

/** The compaction strategies: simple leveled, tiered (RocksDB's universal), leveled with dynamic level sizes. */
export const compactionStrategyNames = ['simple', 'tiered', 'leveled'] as const;

export type CompactionStrategyName = (typeof compactionStrategyNames)[number];

/** The strategy a store gets when none is named (LevelDB's and RocksDB's default, leveled). */
export const defaultCompactionStrategy: CompactionStrategyName = 'leveled';

/** Every parameter of every strategy. */
export type CompactionParameterName =
  | 'sizeRatioPercent'
  | 'level0FileNumCompactionTrigger'
  | 'maxLevels'
  | 'numTiers'
  | 'maxSizeAmplificationPercent'
  | 'sizeRatio'
  | 'minMergeWidth'
  | 'maxMergeWidth'
  | 'levelSizeMultiplier'
  | 'baseLevelSize';

export interface CompactionParameter {
  readonly name: CompactionParameterName;
  /** What it is called in error messages ("the number of levels must be …"). */
  readonly what: string;
  /** One line for help text. */
  readonly description: string;
  /** The strategies that take it, with its default in each (undefined: no limit). */
  readonly defaults: Readonly<Partial<Record<CompactionStrategyName, number | undefined>>>;
  /** The smallest and largest value accepted. */
  readonly min: number;
  readonly max: number;
  /** Bytes, so a command line may also give it in MiB. */
  readonly bytes?: true;
}

export const compactionParameters: readonly CompactionParameter[] = [
  {
    name: 'level0FileNumCompactionTrigger',
    what: 'level-0 file trigger',
    description: 'L0 tables that start a compaction',
    defaults: { simple: 2, leveled: 2 },
    min: 1,
    max: 10_000,
  },
  {
    name: 'maxLevels',
    what: 'number of levels',
    description: 'levels below L0',
    defaults: { simple: 3, leveled: 4 },
    min: 1,
    max: 64,
  },
  {
    name: 'sizeRatioPercent',
    what: 'size ratio percent',
    description: 'a level must hold this % of the files above it',
    defaults: { simple: 200 },
    min: 1,
    max: 100_000,
  },
  {
    name: 'numTiers',
    what: 'number of tiers',
    description: 'tiers before any compaction',
    defaults: { tiered: 8 },
    min: 2,
    max: 10_000,
  },
  {
    name: 'maxSizeAmplificationPercent',
    what: 'max size amplification percent',
    description: 'upper tiers as % of the last that force a full merge',
    defaults: { tiered: 200 },
    min: 1,
    max: 1_000_000,
  },
  {
    name: 'sizeRatio',
    what: 'size ratio',
    description: 'size ratio trigger, percent over 100',
    defaults: { tiered: 1 },
    min: 0,
    max: 1_000_000,
  },
  {
    name: 'minMergeWidth',
    what: 'min merge width',
    description: 'fewest tiers a size-ratio merge takes',
    defaults: { tiered: 2 },
    min: 2,
    max: 10_000,
  },
  {
    name: 'maxMergeWidth',
    what: 'max merge width',
    description: 'most tiers a sorted-run reduction takes',
    defaults: { tiered: undefined },
    min: 2,
    max: 10_000,
  },
  {
    name: 'levelSizeMultiplier',
    what: 'level size multiplier',
    description: 'each level this many times the one above',
    defaults: { leveled: 2 },
    min: 2,
    max: 10_000,
  },
  {
    name: 'baseLevelSize',
    what: 'base level size',
    description: 'smallest target of the last level',
    defaults: { leveled: 128 * 1024 * 1024 },
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    bytes: true,
  },
];

/** Whether `strategy` takes `parameter`. */
export function takesParameter(strategy: CompactionStrategyName, parameter: CompactionParameter): boolean {
  return Object.hasOwn(parameter.defaults, strategy);
}

/** The parameters each strategy takes, by name. */
export const compactionParameterNames: Readonly<
  Record<CompactionStrategyName, readonly CompactionParameterName[]>
> = {
  simple: parameterNamesOf('simple'),
  tiered: parameterNamesOf('tiered'),
  leveled: parameterNamesOf('leveled'),
};

function parameterNamesOf(strategy: CompactionStrategyName): CompactionParameterName[] {
  return compactionParameters.filter((p) => takesParameter(strategy, p)).map((p) => p.name);
}

/** The strategies that take a parameter, for messages ("a parameter of tiered compaction"). */
export function strategiesTaking(parameter: CompactionParameter): CompactionStrategyName[] {
  return compactionStrategyNames.filter((strategy) => takesParameter(strategy, parameter));
}

/**
 * A strategy's parameters with their defaults (a parameter without one is left out), typed
 * as that strategy's options by the controller that asks.
 */
export function strategyDefaults<Options extends object>(strategy: CompactionStrategyName): Options {
  const defaults: Partial<Record<CompactionParameterName, number>> = {};
  for (const parameter of compactionParameters) {
    const value = parameter.defaults[strategy];
    if (value !== undefined) defaults[parameter.name] = value;
  }
  return defaults as Options;
}
