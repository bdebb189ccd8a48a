/**
 * `dbplay btree-vs-lsm [--workload …] [--n N] [--real] [--json]`: one workload on the
 * B+tree (8 KiB pages, a small buffer pool, a WAL) and on the LSM store, with write, read
 * and space amplification side by side (and, with --real, SQLite's and LevelDB's figures
 * where they can be measured). The work is @dbplay/learn's compareStorage; this file parses
 * flags and prints.
 */
import { BadInputError, didYouMean, formatCount } from '@dbplay/core';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';

const workloads = ['insert', 'update', 'lookup', 'range', 'mixed'] as const;

export function register(command: Command, io: CliIo): void {
  command
    .option('--workload <name>', `the workload: ${workloads.join(', ')}`, 'insert')
    .option('--n <count>', 'how many keys (the measured operations are about as many)', '20000')
    .option('--real', 'also measure SQLite (its WAL and file sizes) and LevelDB (bytes written, its files)')
    .addHelpText(
      'after',
      `
Keys are 16 bytes, values 100. The B+tree's nodes are 8 KiB pages behind a buffer pool
of 32 pages; the LSM store has a 256 KiB memtable and leveled compaction.

Examples:
  $ dbplay btree-vs-lsm
  $ dbplay btree-vs-lsm --workload update --n 50000
  $ dbplay btree-vs-lsm --workload range --real --json`,
    )
    .action((_flags, command: Command) => btreeVsLsmAction(command, io));
}

async function btreeVsLsmAction(command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const flags = command.opts<{ workload: string; n: string; real?: boolean }>();
  const { compareStorage, maxComparisonKeys, renderComparison } = await import('@dbplay/learn');
  if (!(workloads as readonly string[]).includes(flags.workload)) {
    throw new BadInputError(
      `unknown workload '${flags.workload}'${didYouMean(flags.workload, workloads)}; the workloads are ${workloads.join(', ')}`,
    );
  }
  const n = Number(flags.n);
  if (!/^\d+$/.test(flags.n.trim()) || n < 1 || n > maxComparisonKeys) {
    throw new BadInputError(
      `--n must be a whole number from 1 to ${formatCount(maxComparisonKeys)}; got '${flags.n}'`,
    );
  }
  context.progress(`running the ${flags.workload} workload on both structures …`);
  const report = await compareStorage({
    workload: flags.workload as (typeof workloads)[number],
    n,
    real: flags.real === true,
  });
  if (context.json) context.printJson(report);
  else context.print(renderComparison(report, context.palette));
}
