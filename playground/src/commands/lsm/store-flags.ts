/**
 * The options every `dbplay lsm` store command takes: where the store is, how it is shaped
 * when it is created, and whether to show the steps.
 *
 * A store remembers its settings in its manifest, so they only need giving when it is
 * created (or to change one); `--strategy` can only repeat the store's own.
 */
import type { LsmOptions } from '@dbplay/lsm';
import {
  type CompactionStrategyName,
  compactionStrategyNames,
  defaultCompactionStrategy,
} from '@dbplay/lsm/vocabulary';
import { type Command, Option } from 'commander';
import { addHtmlOption } from '../../html-output.ts';
import { pathArgument, wholeNumber } from '../../options.ts';
import { addStrategyFlags, anyStrategyFlag, checkStrategy, strategyParameters } from './compaction-flags.ts';

export interface StoreFlags extends Record<string, unknown> {
  dir: string;
  strategy?: string;
  memtableSize?: number;
  sstSize?: number;
  blockSize?: number;
  bloomBits?: number;
  sync?: boolean;
  trace?: boolean;
  step?: boolean;
  html?: string;
}

/** Adds the store options (and, with `stepping`, --trace and --step) to a command. */
export function addStoreFlags(command: Command, stepping = true): Command {
  command
    .requiredOption('--dir <dir>', 'the store directory (created on first use)', pathArgument)
    .option(
      '--strategy <name>',
      `compaction strategy when creating: ${compactionStrategyNames.join(', ')} (default ${defaultCompactionStrategy})`,
    )
    .option(
      '--memtable-size <bytes>',
      'memtable limit before a flush (default 4 MiB)',
      wholeNumber('--memtable-size', { min: 0 }),
    )
    .option(
      '--sst-size <bytes>',
      'target size of tables written by compaction (default 2 MiB)',
      wholeNumber('--sst-size', { min: 0 }),
    )
    .option(
      '--block-size <bytes>',
      'target size of a data block (default 4 KiB)',
      wholeNumber('--block-size', { min: 0 }),
    )
    .option(
      '--bloom-bits <n>',
      'bloom filter bits per key, 0 for none (default 10)',
      wholeNumber('--bloom-bits', { min: 0 }),
    )
    .option('--sync', 'fsync the log after every write');
  addStrategyFlags(command);
  if (stepping) {
    command
      .addOption(new Option('--trace', 'print every step, narrated').conflicts('step'))
      .option('--step', 'show each step with a drawing and wait for Enter');
    addHtmlOption(command);
  }
  return command;
}

/**
 * The library options for these flags. Strategy parameters without `--strategy` are for
 * the store's own strategy (`stored`), or the default one for a new store.
 */
export function storeOptions(flags: StoreFlags, stored?: CompactionStrategyName): LsmOptions {
  const options: { -readonly [K in keyof LsmOptions]: LsmOptions[K] } = { dir: flags.dir };
  if (flags.memtableSize !== undefined) options.memtableSize = flags.memtableSize;
  if (flags.sstSize !== undefined) options.sstSize = flags.sstSize;
  if (flags.blockSize !== undefined) options.blockSize = flags.blockSize;
  if (flags.bloomBits !== undefined) options.bloomBitsPerKey = flags.bloomBits;
  if (flags.sync === true) options.sync = true;
  if (flags.strategy !== undefined) {
    const strategy = checkStrategy(flags.strategy);
    options.compaction = { strategy, ...strategyParameters(strategy, flags) } as LsmOptions['compaction'];
  } else if (anyStrategyFlag(flags)) {
    const strategy = stored ?? defaultCompactionStrategy;
    const why = stored === undefined ? ', the default strategy' : `, this store's strategy`;
    options.compaction = strategyParameters(strategy, flags, why);
  }
  return options;
}
