/**
 * The compaction strategies' parameters as command-line flags, made from the library's
 * vocabulary (`@dbplay/lsm/vocabulary`): a parameter `numTiers` is the flag `--num-tiers`,
 * which is how mini-lsm's compaction simulator spells it, so a learner can paste the
 * course's command lines. A parameter in bytes also takes `--…-mb`, in MiB.
 *
 * Shared by `dbplay lsm simulate` and the store commands (which apply them when they
 * create a store, or to the store's own strategy when they reopen it).
 */
import { BadInputError, didYouMean } from '@dbplay/core';
import {
  type CompactionParameter,
  type CompactionStrategyName,
  compactionParameters,
  compactionStrategyNames,
  strategiesTaking,
  takesParameter,
} from '@dbplay/lsm/vocabulary';
import type { Command } from 'commander';
import { wholeNumber } from '../../options.ts';

const mib = 1024 * 1024;

/** One flag: the parameter it sets, how commander keys it, and its unit. */
interface StrategyFlag {
  readonly flag: string;
  /** The option's key as commander stores it (camelCase of the flag). */
  readonly option: string;
  readonly parameter: CompactionParameter;
  /** Multiplier from the flag's unit to the parameter's (MiB to bytes). */
  readonly scale: number;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

const strategyFlags: readonly StrategyFlag[] = compactionParameters.flatMap((parameter) => {
  const flag = `--${kebab(parameter.name)}`;
  const own = { flag, option: parameter.name, parameter, scale: 1 };
  if (parameter.bytes !== true) return [own];
  return [{ flag: `${flag}-mb`, option: `${parameter.name}Mb`, parameter, scale: mib }, own];
});

/** The help line of a flag: what it does, which strategies take it, its defaults. */
function describe(f: StrategyFlag): string {
  const strategies = strategiesTaking(f.parameter);
  if (f.scale !== 1) return `${f.parameter.description}, MiB (${strategies.join(', ')})`;
  const shown = (value: number | undefined) =>
    value === undefined ? 'none' : value % mib === 0 && value > 0 ? `${value / mib} MiB` : String(value);
  const values = strategies.map((strategy) => f.parameter.defaults[strategy]);
  const defaults = values.every((value) => value === values[0])
    ? `default ${shown(values[0])}`
    : `default ${strategies.map((strategy, i) => `${strategy} ${shown(values[i])}`).join(', ')}`;
  const unit = f.parameter.bytes === true ? ', bytes' : '';
  return `${f.parameter.description}${unit} (${strategies.join(', ')}; ${defaults})`;
}

/** Declares every strategy flag on `command`. */
export function addStrategyFlags(command: Command): Command {
  for (const f of strategyFlags)
    command.option(`${f.flag} <n>`, describe(f), wholeNumber(f.flag, { min: 0 }));
  return command;
}

/** The strategy name, checked, with a suggestion when it is misspelt. */
export function checkStrategy(name: string): CompactionStrategyName {
  if ((compactionStrategyNames as readonly string[]).includes(name)) return name as CompactionStrategyName;
  throw new BadInputError(
    `unknown compaction strategy '${name}'${didYouMean(name, compactionStrategyNames)}; the strategies are ${compactionStrategyNames.join(', ')}`,
  );
}

/**
 * The strategy parameters given on the command line, for `strategy`; a flag that belongs
 * to another strategy is an error naming that strategy and the flags this one takes.
 * `why` says where `strategy` came from, when the user did not name it.
 */
export function strategyParameters(
  strategy: CompactionStrategyName,
  flags: Record<string, unknown>,
  why = '',
): Record<string, number> {
  const parameters: Record<string, number> = {};
  for (const f of strategyFlags) {
    const value = flags[f.option];
    if (value === undefined) continue;
    if (!takesParameter(strategy, f.parameter)) {
      const own = strategyFlags.filter((g) => takesParameter(strategy, g.parameter)).map((g) => g.flag);
      const owners = strategiesTaking(f.parameter).join(' and ');
      throw new BadInputError(
        `${f.flag} is a parameter of ${owners} compaction, not of ${strategy}${why}; ${strategy} takes ${own.join(', ')}`,
      );
    }
    if (parameters[f.parameter.name] !== undefined) {
      const both = strategyFlags.filter((g) => g.parameter === f.parameter).map((g) => g.flag);
      throw new BadInputError(`give the ${f.parameter.what} once: ${both.join(' or ')}`);
    }
    parameters[f.parameter.name] = (value as number) * f.scale;
  }
  return parameters;
}

/** Whether any strategy flag was given. */
export function anyStrategyFlag(flags: Record<string, unknown>): boolean {
  return strategyFlags.some((f) => flags[f.option] !== undefined);
}
