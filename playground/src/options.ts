/**
 * The values a command line carries, read one way everywhere: whole numbers within a range,
 * seeds, names from a list, the PostgreSQL server to use, and paths the user typed.
 *
 * Each function here returns a commander argument parser (`(text) => value`) that throws a
 * BadInputError naming the flag, so a bad value is one line and exit 2 whichever command
 * it was given to. The lists and bounds themselves belong to the packages (an engine's
 * isolation levels, the compaction strategies, a B+tree's order bounds): commands pass the
 * package's exported vocabulary in, and the help, the check and the "did you mean" all read
 * it, so nothing is restated here.
 *
 * Two flags that cannot go together are declared with commander's own
 * `new Option(…).conflicts(…)`, which reports "option '--a' cannot be used with option
 * '--b'" as a usage error (exit 2) before any action runs.
 */
import { isAbsolute, resolve } from 'node:path';
import { BadInputError, didYouMean, formatCount, plural } from '@dbplay/core';
import { redactUrl } from '@dbplay/engines/postgres-server';

/** Bounds of a whole-number flag; `max` absent means no upper bound beyond exactness. */
export interface WholeNumberRange {
  readonly min: number;
  readonly max?: number;
}

/**
 * A whole number from `range.min` to `range.max`, written in digits (`1e3`, `0x10`, `2.0`
 * and `' 5'` are refused, since a learner who typed them meant something else).
 *
 * @example
 * program.option('--order <n>', 'keys per node', wholeNumber('--order', { min: 3, max: 1024 }))
 */
export function wholeNumber(flag: string, range: WholeNumberRange): (text: string) => number {
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const allowed =
    range.max === undefined
      ? `a whole number, at least ${formatCount(range.min)}`
      : `a whole number from ${formatCount(range.min)} to ${formatCount(max)}`;
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < range.min || value > max) {
      throw new BadInputError(`${flag} needs ${allowed}; got '${text}'`);
    }
    return value;
  };
}

/**
 * A seed, with one rule: digits are the number (`--seed 7` seeds with 7, as a library user
 * writing `new SeededRandom(7)` would), anything else is the text itself.
 */
export function seed(text: string): number | string {
  return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/** How a list's items are named in messages: `engine` / `engines`. */
export interface Vocabulary<T extends string> {
  readonly singular: string;
  readonly plural: string;
  readonly names: readonly T[];
}

/**
 * One name of `vocabulary`, suggesting the closest on a typo.
 *
 * @example
 * oneOf({ singular: 'compaction strategy', plural: 'strategies', names: compactionStrategyNames })('tierd')
 * // throws "unknown compaction strategy 'tierd' (did you mean 'tiered'?); the strategies are simple, tiered, leveled"
 */
export function oneOf<T extends string>(vocabulary: Vocabulary<T>): (text: string) => T {
  return (text) => {
    if ((vocabulary.names as readonly string[]).includes(text)) return text as T;
    throw new BadInputError(
      `unknown ${vocabulary.singular} '${text}'${didYouMean(text, vocabulary.names)}; the ${vocabulary.plural} are ${vocabulary.names.join(', ')}`,
    );
  };
}

/** A comma-separated list of names of `vocabulary` (at least one), each checked, duplicates dropped. */
export function listOf<T extends string>(flag: string, vocabulary: Vocabulary<T>): (text: string) => T[] {
  const one = oneOf(vocabulary);
  return (text) => {
    const names = text
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (names.length === 0) throw new BadInputError(`${flag} needs at least one ${vocabulary.singular} name`);
    return [...new Set(names.map(one))];
  };
}

/** A flag that collects every time it is given: `--q a=1 --q b=2`. */
export function collect(text: string, previous: readonly string[] = []): string[] {
  return [...previous, text];
}

/**
 * The PostgreSQL server a command should use, with one rule for every command:
 *
 * - `--url URL` is that server;
 * - `--url ''` is no server: the embedded engine, even when DATABASE_URL is set;
 * - without `--url`, DATABASE_URL when it is set and not empty;
 * - otherwise undefined: the embedded engine.
 *
 * A URL that is not a `postgres://` or `postgresql://` URL is bad input (exit 2), said
 * before anything starts, with where it came from.
 */
export function serverUrl(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (flag !== undefined) return flag === '' ? undefined : checkedUrl(flag, '--url');
  const fromEnv = env.DATABASE_URL;
  return fromEnv === undefined || fromEnv === '' ? undefined : checkedUrl(fromEnv, 'DATABASE_URL');
}

function checkedUrl(url: string, source: string): string {
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new BadInputError(`${source} is not a PostgreSQL URL: '${redactUrl(url)}'`, {
      hint: 'write it as postgres://user:password@host:5432/database',
    });
  }
  return url;
}

/**
 * The absolute path of a path the user typed: relative paths are relative to the folder the
 * user ran the command in. `pnpm dbplay …` runs in the repository's root, but pnpm says
 * where the user was in INIT_CWD; the installed `dbplay` runs where the user is.
 */
export function userPath(text: string, env: Readonly<Record<string, string | undefined>>): string {
  if (isAbsolute(text)) return text;
  const base = env.INIT_CWD !== undefined && env.INIT_CWD !== '' ? env.INIT_CWD : process.cwd();
  return resolve(base, text);
}

/** A commander parser for a path option or argument: {@link userPath}, read from the process's environment. */
export function pathArgument(text: string): string {
  return userPath(text, process.env);
}

/** Counts as the help and the messages print them (`1,024`, `1 hint`): core's, named here for the commands. */
export { formatCount, plural };
