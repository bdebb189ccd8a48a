/**
 * `dbplay lsm put|get|delete|scan|flush|compact|stats|draw --dir DIR`: one operation on a
 * store kept in a directory, so a learner can poke at it command after command.
 *
 * Each command opens the store (creating it on first use), runs one library call, closes
 * it, and prints the result, its steps (`--trace`, `--step`) or one JSON document.
 */
import { renderTable } from '@dbplay/core';
import type { LsmSnapshot } from '@dbplay/lsm';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { wholeNumber } from './compaction-flags.ts';
import { renderMetrics } from './render-metrics.ts';
import { addStoreFlags, type StoreFlags } from './store-flags.ts';
import { showSteps, withSteps, withStore } from './store-session.ts';

const quote = (text: string): string => JSON.stringify(text);

export function registerStoreCommands(lsm: Command, io: CliIo): void {
  addStoreFlags(
    lsm.command('put').description('write a key and its value').argument('<key>').argument('<value>'),
  )
    .addHelpText(
      'after',
      examples('put apple red', 'put apple green --trace', 'put k v --memtable-size 4096 --strategy tiered'),
    )
    .action(async (key: string, value: string, flags: StoreFlags, command: Command) => {
      const context = contextFor(command, io);
      const { result: change, steps } = await withStore(flags, (tree) => {
        const before = tree.counters();
        tree.put(key, value);
        return changes(before, tree.counters(), tree.snapshot());
      });
      await showSteps(steps, flags, context);
      if (context.json)
        context.printJson(
          withSteps({ ok: true, operation: 'put', key, value, ...summary(change) }, steps, flags),
        );
      else context.print(`stored ${quote(key)}${describeChange(change)}`);
    });

  addStoreFlags(lsm.command('delete').description('delete a key (writes a tombstone)').argument('<key>'))
    .addHelpText('after', examples('delete apple', 'delete apple --trace'))
    .action(async (key: string, flags: StoreFlags, command: Command) => {
      const context = contextFor(command, io);
      const { result: change, steps } = await withStore(flags, (tree) => {
        const before = tree.counters();
        tree.delete(key);
        return changes(before, tree.counters(), tree.snapshot());
      });
      await showSteps(steps, flags, context);
      if (context.json)
        context.printJson(
          withSteps({ ok: true, operation: 'delete', key, ...summary(change) }, steps, flags),
        );
      else context.print(`deleted ${quote(key)}: a tombstone hides it${describeChange(change)}`);
    });

  addStoreFlags(lsm.command('get').description('read the value of a key').argument('<key>'))
    .addHelpText('after', examples('get apple', 'get apple --trace', 'get apple --step'))
    .action(async (key: string, flags: StoreFlags, command: Command) => {
      const context = contextFor(command, io);
      const { result: value, steps } = await withStore(flags, (tree) => tree.get(key));
      await showSteps(steps, flags, context);
      if (context.json)
        context.printJson(withSteps({ key, found: value !== undefined, value: value ?? null }, steps, flags));
      else context.print(value ?? context.palette.dim('(not found)'));
    });

  addStoreFlags(lsm.command('scan').description('list entries in key order, from ≤ key < to'))
    .option('--from <key>', 'first key (inclusive)')
    .option('--to <key>', 'end key (exclusive)')
    .option('--limit <n>', 'most entries to print (default 100)', wholeNumber('--limit'), 100)
    .addHelpText('after', examples('scan', 'scan --from b --to d', 'scan --json --limit 1000'))
    .action(async (flags: StoreFlags & { from?: string; to?: string; limit: number }, command: Command) => {
      const context = contextFor(command, io);
      const { result, steps } = await withStore(flags, (tree) => {
        const entries: [string, string][] = [];
        let more = false;
        for (const entry of tree.scan(flags.from, flags.to)) {
          if (entries.length === flags.limit) {
            more = true;
            break;
          }
          entries.push(entry);
        }
        return { entries, more };
      });
      await showSteps(steps, flags, context);
      if (context.json) {
        const entries = result.entries.map(([key, value]) => ({ key, value }));
        context.printJson(
          withSteps({ entries, count: entries.length, truncated: result.more }, steps, flags),
        );
        return;
      }
      const footer = result.more
        ? `(the first ${result.entries.length} entries; --limit shows more)`
        : `(${result.entries.length} ${result.entries.length === 1 ? 'entry' : 'entries'})`;
      context.print(renderTable(['key', 'value'], result.entries, { palette: context.palette, footer }));
    });

  addStoreFlags(lsm.command('flush').description('write the memtable out as a table now'))
    .addHelpText('after', examples('flush', 'flush --trace'))
    .action(async (flags: StoreFlags, command: Command) => {
      const context = contextFor(command, io);
      const { result, steps } = await withStore(flags, (tree) => {
        const before = tree.counters();
        const entries = tree.snapshot().memtable.entries;
        tree.flush();
        return { entries, ...changes(before, tree.counters(), tree.snapshot()) };
      });
      await showSteps(steps, flags, context);
      if (context.json) {
        context.printJson(withSteps({ ok: true, operation: 'flush', ...result }, steps, flags));
        return;
      }
      const { renderLsm } = await import('@dbplay/lsm');
      const what =
        result.flushes === 0
          ? 'nothing to flush: the memtable is empty'
          : `flushed the memtable (${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}) to a table${result.compactions > 0 ? `, then ${result.compactions} ${result.compactions === 1 ? 'compaction' : 'compactions'} ran` : ''}`;
      context.print(`${what}\n\n${renderLsm(result.snapshot, { palette: context.palette })}`);
    });

  addStoreFlags(lsm.command('compact').description('merge every table into one sorted run at the bottom'))
    .addHelpText('after', examples('compact', 'compact --trace'))
    .action(async (flags: StoreFlags, command: Command) => {
      const context = contextFor(command, io);
      const { result, steps } = await withStore(flags, (tree) => {
        const before = tree.counters();
        const tables = tree.snapshot().runs.reduce((sum, run) => sum + run.tables.length, 0);
        tree.compact();
        return { tablesBefore: tables, ...changes(before, tree.counters(), tree.snapshot()) };
      });
      await showSteps(steps, flags, context);
      if (context.json) {
        context.printJson(withSteps({ ok: true, operation: 'compact', ...result }, steps, flags));
        return;
      }
      const { renderLsm } = await import('@dbplay/lsm');
      const tablesAfter = result.snapshot.runs.reduce((sum, run) => sum + run.tables.length, 0);
      const merged = result.tablesBefore + result.flushes;
      const first = result.flushes > 0 ? ' (the memtable was flushed first)' : '';
      const what =
        merged === 0
          ? 'nothing to compact: the store is empty'
          : `merged ${merged} ${merged === 1 ? 'table' : 'tables'} into ${tablesAfter}${first}`;
      context.print(`${what}\n\n${renderLsm(result.snapshot, { palette: context.palette })}`);
    });

  addStoreFlags(
    lsm.command('stats').description('write, read and space amplification, bloom filter accuracy, levels'),
    false,
  )
    .addHelpText('after', examples('stats', 'stats --json'))
    .action(async (flags: StoreFlags, command: Command) => {
      const context = contextFor(command, io);
      const { result: metrics } = await withStore(flags, (tree) => tree.metrics());
      if (context.json) context.printJson(metrics);
      else context.print(renderMetrics(metrics, context.palette));
    });

  addStoreFlags(lsm.command('draw').description('draw the memtable and the levels with their tables'), false)
    .addHelpText('after', examples('draw', 'draw --json'))
    .action(async (flags: StoreFlags, command: Command) => {
      const context = contextFor(command, io);
      const { result: snapshot } = await withStore(flags, (tree) => tree.snapshot());
      if (context.json) {
        context.printJson(snapshot);
        return;
      }
      const { renderLsm } = await import('@dbplay/lsm');
      context.print(renderLsm(snapshot, { palette: context.palette }));
    });
}

interface Change {
  readonly flushes: number;
  readonly compactions: number;
  readonly snapshot: LsmSnapshot;
}

function changes(
  before: { flushes: number; compactions: number },
  after: { flushes: number; compactions: number },
  snapshot: LsmSnapshot,
): Change {
  return {
    flushes: after.flushes - before.flushes,
    compactions: after.compactions - before.compactions,
    snapshot,
  };
}

/** What a write did, for --json: flushes and compactions it caused, and the memtable after it. */
function summary(change: Change): Record<string, unknown> {
  return { flushes: change.flushes, compactions: change.compactions, memtable: change.snapshot.memtable };
}

/** `; the memtable was flushed, and 2 compactions ran` when the write triggered them. */
function describeChange(change: Change): string {
  const parts: string[] = [];
  if (change.flushes > 0)
    parts.push(
      change.flushes === 1
        ? 'the memtable was flushed to a table'
        : `${change.flushes} memtables were flushed`,
    );
  if (change.compactions > 0)
    parts.push(`${change.compactions} ${change.compactions === 1 ? 'compaction' : 'compactions'} ran`);
  const memtable = change.snapshot.memtable;
  const fill = ` (memtable: ${memtable.entries} ${memtable.entries === 1 ? 'entry' : 'entries'}, ${memtable.bytes} of ${change.snapshot.memtableLimit} bytes)`;
  return parts.length === 0 ? fill : `${fill}; ${parts.join(', and ')}`;
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ dbplay lsm ${line.replace(/^(\S+)/, '$1 --dir my-store')}`).join('\n')}`;
}
