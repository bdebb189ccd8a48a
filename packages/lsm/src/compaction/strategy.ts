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
import type { CompactionController } from './controller.ts';
import { LeveledController, type LeveledOptions } from './leveled.ts';
import { SimpleLeveledController, type SimpleLeveledOptions } from './simple-leveled.ts';
import { TieredController, type TieredOptions } from './tiered.ts';
import {
  type CompactionParameter,
  type CompactionStrategyName,
  compactionParameterNames,
  compactionParameters,
  compactionStrategyNames,
  strategiesTaking,
  takesParameter,
} from './vocabulary.ts';

/** A strategy and any of its parameters; the rest take their defaults. */
export type CompactionOptions =
  | ({ readonly strategy: 'simple' } & Partial<SimpleLeveledOptions>)
  | ({ readonly strategy: 'tiered' } & Partial<TieredOptions>)
  | ({ readonly strategy: 'leveled' } & Partial<LeveledOptions>);

/**
 * Parameters without a strategy: they are for the store's own strategy (the default one
 * for a new store), and an error names the strategy a parameter belongs to otherwise.
 */
export type CompactionParameters = { readonly strategy?: undefined } & Partial<
  SimpleLeveledOptions & TieredOptions & LeveledOptions
>;

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

/** Fills in defaults and checks every parameter's range. */
export function resolveCompactionOptions(options: CompactionOptions | string): ResolvedCompactionOptions {
  const given: CompactionOptions =
    typeof options === 'string' ? ({ strategy: parseStrategyName(options) } as CompactionOptions) : options;
  const strategy = parseStrategyName(given.strategy);
  const values = defined(given);
  checkParameterNames(strategy, Object.keys(values));
  const resolved: Record<string, unknown> = { strategy };
  for (const parameter of compactionParameters) {
    if (!takesParameter(strategy, parameter)) continue;
    const value = values[parameter.name] ?? parameter.defaults[strategy];
    // A parameter without a default (tiered's maxMergeWidth) stays absent: no limit.
    if (value === undefined) continue;
    resolved[parameter.name] = whole(parameter.what, value, parameter.min, parameter.max);
  }
  return resolved as unknown as ResolvedCompactionOptions;
}

/**
 * Throws unless `strategy` takes every one of `names`: a parameter of another strategy
 * is named with the strategies it belongs to, a misspelt one gets a suggestion.
 */
export function checkParameterNames(strategy: CompactionStrategyName, names: readonly string[]): void {
  const known = compactionParameterNames[strategy];
  for (const name of names) {
    if ((known as readonly string[]).includes(name)) continue;
    const elsewhere = compactionParameters.find((p) => p.name === name);
    if (elsewhere !== undefined) {
      throw new BadInputError(
        `${name} is a parameter of ${strategiesTaking(elsewhere).join(' and ')} compaction, not of ${strategy}; ${strategy}'s parameters are ${known.join(', ')}`,
        { code: 'bad-option' },
      );
    }
    throw new BadInputError(
      `the ${strategy} strategy has no parameter '${name}'${didYouMean(name, known)}; its parameters are ${known.join(', ')}`,
      { code: 'bad-option' },
    );
  }
}

/** The parameter's entry in the vocabulary. */
export function compactionParameter(name: string): CompactionParameter | undefined {
  return compactionParameters.find((p) => p.name === name);
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
function defined(options: CompactionOptions | CompactionParameters): Record<string, number> {
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
