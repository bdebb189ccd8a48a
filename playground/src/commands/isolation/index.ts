/**
 * `dbplay isolation …`: isolation anomalies on real engines and on the model engine.
 *
 * The subcommands live in commands/isolation/, one file each; the work is in
 * @dbplay/isolation, which every action imports when it runs, so `dbplay --help` never
 * loads a database driver.
 */
import type { Command } from 'commander';
import type { CliIo } from '../../io.ts';
import { registerIsolationCompare } from './compare.ts';
import { registerIsolationConformance } from './conformance.ts';
import { registerIsolationList } from './list.ts';
import { registerIsolationMatrix } from './matrix.ts';
import { registerIsolationRun } from './run.ts';
import { registerIsolationShow } from './show.ts';

export function register(isolation: Command, io: CliIo): void {
  isolation.addHelpText(
    'after',
    `
Scenarios are PostgreSQL isolation-tester spec files (exercises/isolation/*.spec): sessions
of named steps and the orders (permutations) to interleave them in. Each run is judged by
replaying every serial order of the committed transactions on the same engine. The model
engine (--engine model) shows why: tuple versions, snapshots, locks, SSI's conflicts.

Examples:
  $ dbplay isolation list
  $ dbplay isolation show g2-item
  $ dbplay isolation run g2-item --level repeatable-read
  $ dbplay isolation run g2-item --level serializable --json
  $ dbplay isolation run p4 --engine sqlite --level deferred
  $ dbplay isolation run g2-item --engine model --level serializable --step
  $ dbplay isolation compare g2-item --all-permutations
  $ dbplay isolation matrix --engine postgres,sqlite,model`,
  );
  registerIsolationList(isolation, io);
  registerIsolationShow(isolation, io);
  registerIsolationRun(isolation, io);
  registerIsolationMatrix(isolation, io);
  registerIsolationCompare(isolation, io);
  registerIsolationConformance(isolation, io);
}
