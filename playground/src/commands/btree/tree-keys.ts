/**
 * Reading keys from the command line: `5 12 7`, `1,2,3`, ranges `1..20`, and the trees a
 * lesson starts from (`--keys`, `--random N --seed S`, `--sequential N`).
 *
 * Keys are numbers unless `--key-type string` says otherwise; a word where a number is
 * expected is bad input (exit 2), not a key that silently sorts somewhere odd.
 */
import { BadInputError, formatCount, SeededRandom } from '@dbplay/core';
import { oneOf, seed as seedOf, wholeNumber } from '../../options.ts';

export const keyTypes = ['number', 'string'] as const;
export type KeyType = (typeof keyTypes)[number];
export type CliKey = number | string;

/** The most keys a command line may ask a tree to be built from. */
export const maxGeneratedKeys = 2_000_000;

export const parseKeyType = oneOf({ singular: 'key type', plural: 'key types', names: keyTypes });

function parseNumberKey(text: string): number {
  const key = Number(text);
  if (text.trim() === '' || !Number.isFinite(key)) {
    throw new BadInputError(`the key '${text}' is not a number`, {
      hint: 'this tree orders keys as numbers; use --key-type string for text keys',
    });
  }
  return key;
}

/**
 * Keys from words such as `5`, `1,2,3` or `1..20` (a range of whole numbers, inclusive;
 * numbers only). Empty pieces between commas are ignored.
 */
export function parseKeys(words: readonly string[], keyType: KeyType): CliKey[] {
  const keys: CliKey[] = [];
  for (const piece of words.flatMap((word) => word.split(','))) {
    const text = piece.trim();
    if (text === '') continue;
    const range = /^(-?\d+)\.\.(-?\d+)$/.exec(text);
    if (range !== null && keyType === 'number') {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (to < from) throw new BadInputError(`the range ${text} is empty: it must go from low to high`);
      if (to - from + 1 + keys.length > maxGeneratedKeys) {
        throw new BadInputError(`the range ${text} holds more than ${formatCount(maxGeneratedKeys)} keys`);
      }
      for (let key = from; key <= to; key++) keys.push(key);
    } else {
      keys.push(keyType === 'number' ? parseNumberKey(text) : text);
    }
  }
  return keys;
}

export interface TreeSourceFlags {
  readonly keys?: string;
  readonly random?: string;
  readonly sequential?: string;
  readonly seed?: string;
}

/** The keys the starting tree is built from, in insertion order, and how to say where they came from. */
export function startingKeys(flags: TreeSourceFlags, keyType: KeyType): { keys: CliKey[]; from: string } {
  // --keys, --random and --sequential exclude each other: the commands declare it (Option.conflicts).
  if (flags.seed !== undefined && flags.random === undefined) {
    throw new BadInputError('--seed only applies to --random');
  }
  const asKeys = (numbers: number[]): CliKey[] => (keyType === 'number' ? numbers : numbers.map(String));
  if (flags.keys !== undefined) {
    const keys = parseKeys([flags.keys], keyType);
    return { keys, from: `--keys ${flags.keys}` };
  }
  if (flags.sequential !== undefined) {
    const n = wholeNumber('--sequential', { min: 0, max: maxGeneratedKeys })(flags.sequential);
    return {
      keys: asKeys(Array.from({ length: n }, (_, i) => i + 1)),
      from: `--sequential ${n} (keys 1 to ${n})`,
    };
  }
  if (flags.random !== undefined) {
    const n = wholeNumber('--random', { min: 0, max: maxGeneratedKeys })(flags.random);
    const seed = flags.seed ?? '1';
    const random = new SeededRandom(seedOf(seed));
    // n distinct keys from 1 to 10n, in the order drawn.
    const drawn = new Set<number>();
    while (drawn.size < n) drawn.add(random.int(1, 10 * n));
    return {
      keys: asKeys([...drawn]),
      from: `--random ${n} --seed ${seed} (distinct keys from 1 to ${10 * n})`,
    };
  }
  return { keys: [], from: 'an empty tree' };
}
