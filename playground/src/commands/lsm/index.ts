/**
 * `dbplay lsm …`: the LSM-tree from the command line, a store in a directory to poke at
 * (`put`, `get`, `delete`, `scan`, `flush`, `compact`, `stats`, `draw`, `load`) and the
 * compaction simulator (`simulate`).
 *
 * This file only declares the commands, their options and help. What each one does lives
 * in modules imported inside its action (lsm-store-actions.ts, lsm-load.ts,
 * lsm-simulate.ts), which import @dbplay/lsm in turn, so `dbplay --help` loads none of it:
 * the flags come from `@dbplay/lsm/vocabulary`, the compaction words as data and nothing more.
 */

import { formatCount } from '@dbplay/core';
import { compactionStrategyNames } from '@dbplay/lsm/vocabulary';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import { addHtmlOption } from '../../html-output.ts';
import type { CliIo } from '../../io.ts';
import { wholeNumber } from '../../options.ts';
import { addStrategyFlags } from './compaction-flags.ts';
import { loadBounds } from './load-bounds.ts';
import { addStoreFlags, type StoreFlags } from './store-flags.ts';

export function register(lsm: Command, io: CliIo): void {
  lsm.addHelpText(
    'after',
    `
A store lives in a directory (created on first use) and keeps its settings, so they only
need giving when it is created. Small sizes make flushes and compactions easy to watch.

Examples:
  $ dbplay lsm put --dir my-store --memtable-size 256 apple red
  $ dbplay lsm get --dir my-store apple --trace
  $ dbplay lsm load --dir my-store --n 200
  $ dbplay lsm draw --dir my-store
  $ dbplay lsm stats --dir my-store
  $ dbplay lsm simulate tiered --num-tiers 3`,
  );
  const actions = () => import('./lsm-store-actions.ts');

  storeCommand(lsm, 'put <key> <value>', 'write a key and its value', [
    'put apple red',
    'put apple green --trace',
    'put k v --memtable-size 4096 --strategy tiered',
  ]).action(async (key: string, value: string, flags: StoreFlags, command: Command) =>
    (await actions()).put(key, value, flags, contextFor(command, io)),
  );

  storeCommand(lsm, 'delete <key>', 'delete a key (writes a tombstone)', [
    'delete apple',
    'delete apple --trace',
  ]).action(async (key: string, flags: StoreFlags, command: Command) =>
    (await actions()).remove(key, flags, contextFor(command, io)),
  );

  storeCommand(lsm, 'get <key>', 'read the value of a key', [
    'get apple',
    'get apple --trace',
    'get apple --step',
  ]).action(async (key: string, flags: StoreFlags, command: Command) =>
    (await actions()).get(key, flags, contextFor(command, io)),
  );

  storeCommand(lsm, 'scan', 'list entries in key order, from ≤ key < to', [
    'scan',
    'scan --from b --to d',
    'scan --json --limit 1000',
  ])
    .option('--from <key>', 'first key (inclusive)')
    .option('--to <key>', 'end key (exclusive)')
    .option('--limit <n>', 'most entries to print', wholeNumber('--limit', { min: 0 }), 100)
    .action(async (flags: StoreFlags & { from?: string; to?: string; limit: number }, command: Command) =>
      (await actions()).scan(flags, contextFor(command, io)),
    );

  storeCommand(lsm, 'flush', 'write the memtable out as a table now', ['flush', 'flush --trace']).action(
    async (flags: StoreFlags, command: Command) => (await actions()).flush(flags, contextFor(command, io)),
  );

  storeCommand(lsm, 'compact', 'merge every table into one sorted run at the bottom', [
    'compact',
    'compact --trace',
  ]).action(async (flags: StoreFlags, command: Command) =>
    (await actions()).compact(flags, contextFor(command, io)),
  );

  storeCommand(
    lsm,
    'stats',
    'write, read and space amplification, bloom filter accuracy, levels',
    ['stats', 'stats --json'],
    false,
  ).action(async (flags: StoreFlags, command: Command) =>
    (await actions()).stats(flags, contextFor(command, io)),
  );

  storeCommand(
    lsm,
    'draw',
    'draw the memtable and the levels with their tables',
    ['draw', 'draw --json'],
    false,
  ).action(async (flags: StoreFlags, command: Command) =>
    (await actions()).draw(flags, contextFor(command, io)),
  );

  addStoreFlags(lsm.command('load').description('write N random keys, then show the metrics'))
    .requiredOption(
      '--n <count>',
      `how many keys to write (1 to ${formatCount(loadBounds.maxKeys)}, and what fits on the disk)`,
      wholeNumber('--n', { min: 0 }),
    )
    .option('--seed <seed>', 'seed of the random keys and values', '1')
    .option(
      '--value-size <bytes>',
      `bytes per value (at most ${loadBounds.maxValueSize})`,
      wholeNumber('--value-size', { min: 0 }),
      100,
    )
    .option(
      '--key-size <bytes>',
      `bytes per key (${loadBounds.minKeySize} to ${loadBounds.maxKeySize})`,
      wholeNumber('--key-size', { min: 0 }),
      16,
    )
    .addHelpText(
      'after',
      `
Keys and values are random letters and digits from the seed; the same seed writes the
same keys, so a second load with the same seed overwrites them all.

Examples:
  $ dbplay lsm load --dir my-store --n 100000
  $ dbplay lsm load --dir small --n 2000 --memtable-size 4096 --strategy tiered
  $ dbplay lsm load --dir my-store --n 50 --memtable-size 1024 --trace`,
    )
    .action(async (flags, command: Command) =>
      (await import('./lsm-load.ts')).load(flags as never, contextFor(command, io)),
    );

  const simulate = lsm
    .command('simulate')
    .description('flush pretend tables and watch a compaction strategy shape the tree (mini-lsm’s simulator)')
    .argument('<strategy>', compactionStrategyNames.join(' | '))
    .option(
      '--iterations <n>',
      'tables to flush, one per iteration',
      wholeNumber('--iterations', { min: 0 }),
      50,
    )
    .option(
      '--sst-size-mb <n>',
      'pretend size of every table, MiB (leveled)',
      wholeNumber('--sst-size-mb', { min: 0 }),
      32,
    )
    .option('--seed <seed>', 'seed of the pretend key ranges (leveled)', '42')
    .option('--dump-real-id', "show tables' own ids instead of the ids they were written from");
  addHtmlOption(simulate);
  addStrategyFlags(simulate)
    .addHelpText(
      'after',
      `
Each iteration flushes one table, then runs compactions until the strategy asks for none,
each compaction writing one table per input table. After each iteration it prints:
  Write Amplification   tables written (flushes + compaction outputs) / tables flushed
  Maximum Space Usage   most tables alive at once / tables flushed
  Read Amplification    L0 tables + non-empty levels or tiers

Examples:
  $ dbplay lsm simulate simple
  $ dbplay lsm simulate tiered --num-tiers 3 --iterations 20
  $ dbplay lsm simulate leveled --level-size-multiplier 4 --json`,
    )
    .action(async (name: string, flags, command: Command) =>
      (await import('./lsm-simulate.ts')).simulate(name, flags as never, contextFor(command, io)),
    );
}

/** A store subcommand: its usage, the store options, and an Examples section. */
function storeCommand(
  lsm: Command,
  usage: string,
  description: string,
  examples: string[],
  stepping = true,
): Command {
  const command = lsm.command(usage).description(description);
  addStoreFlags(command, stepping);
  const lines = examples.map((line) => `  $ dbplay lsm ${line.replace(/^(\S+)/, '$1 --dir my-store')}`);
  return command.addHelpText('after', `\nExamples:\n${lines.join('\n')}`);
}
