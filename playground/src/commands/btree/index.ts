/**
 * `dbplay btree …`: the B+tree lessons. `insert` and `delete` change a tree and show each
 * split, borrow and merge; `find` and `range` trace a read; `xray` sets the toy tree beside PostgreSQL's and SQLite's.
 */
import type { Command } from 'commander';
import type { CliIo } from '../../io.ts';
import { registerEditCommand } from './edit-tree.ts';
import { registerLookupCommands } from './lookup-tree.ts';
import { registerXrayCommand } from './xray-command.ts';

export function register(group: Command, io: CliIo): void {
  group.addHelpText(
    'after',
    `
Examples:
  $ dbplay btree insert 5 12 7 20 25 --order 4 --step
  $ dbplay btree delete 20 --keys 10..40 --trace
  $ dbplay btree range 10 20 --keys 1..40 --html range.html
  $ dbplay btree xray --n 10000 --insert-order random`,
  );
  registerEditCommand(group, io, 'insert');
  registerEditCommand(group, io, 'delete');
  registerLookupCommands(group, io);
  registerXrayCommand(group, io);
}
