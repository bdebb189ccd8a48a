/**
 * `dbplay lsm …`: the LSM-tree from the command line, a store in a directory to poke at
 * (`put`, `get`, `delete`, `scan`, `flush`, `compact`, `stats`, `draw`, `load`) and the
 * compaction simulator (`simulate`). Every command imports @dbplay/lsm inside its action,
 * so `dbplay --help` does not load it.
 */
import type { Command } from 'commander';
import type { CliIo } from '../../io.ts';
import { registerLoad } from './lsm-load.ts';
import { registerSimulate } from './lsm-simulate.ts';
import { registerStoreCommands } from './lsm-store-commands.ts';

export function registerLsm(program: Command, io: CliIo): void {
  const lsm = program
    .command('lsm')
    .description('an LSM-tree: write, read and compact a store in a directory; simulate compaction')
    .addHelpText(
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
  registerStoreCommands(lsm, io);
  registerLoad(lsm, io);
  registerSimulate(lsm, io);
}
