/**
 * What `dbplay lsm put|get|delete|scan|flush|compact|stats|draw` do once parsed: open the
 * store (creating it on first use), run one library call, close it, and print the result,
 * its steps (`--trace`, `--step`) or one JSON document. Loaded only when one of them runs.
 */
import { renderTable } from '@dbplay/core';
import type { LsmSnapshot } from '@dbplay/lsm';
import type { CommandContext } from '../../context.ts';
import { renderMetrics } from './render-metrics.ts';
import type { StoreFlags } from './store-flags.ts';
import { showSteps, withSteps, withStore } from './store-session.ts';

const quote = (text: string): string => JSON.stringify(text);

export async function put(
  key: string,
  value: string,
  flags: StoreFlags,
  context: CommandContext,
): Promise<void> {
  const { result: change, steps } = await withStore(flags, (tree) => {
    const before = tree.counters();
    tree.put(key, value);
    return changes(before, tree.counters(), tree.snapshot());
  });
  await showSteps(steps, flags, context);
  if (context.json) {
    context.printJson(withSteps({ operation: 'put', key, value, ...summary(change) }, steps, flags));
  } else {
    context.print(`stored ${quote(key)}${describeChange(change)}`);
  }
}

export async function remove(key: string, flags: StoreFlags, context: CommandContext): Promise<void> {
  const { result: change, steps } = await withStore(flags, (tree) => {
    const before = tree.counters();
    tree.delete(key);
    return changes(before, tree.counters(), tree.snapshot());
  });
  await showSteps(steps, flags, context);
  if (context.json) {
    context.printJson(withSteps({ operation: 'delete', key, ...summary(change) }, steps, flags));
  } else {
    context.print(`deleted ${quote(key)}: a tombstone hides it${describeChange(change)}`);
  }
}

export async function get(key: string, flags: StoreFlags, context: CommandContext): Promise<void> {
  const { result: value, steps } = await withStore(flags, (tree) => tree.get(key), true);
  await showSteps(steps, flags, context);
  if (context.json)
    context.printJson(withSteps({ key, found: value !== undefined, value: value ?? null }, steps, flags));
  else context.print(value ?? context.palette.dim('(not found)'));
}

export interface ScanFlags extends StoreFlags {
  from?: string;
  to?: string;
  limit: number;
}

export async function scan(flags: ScanFlags, context: CommandContext): Promise<void> {
  const { result, steps } = await withStore(
    flags,
    (tree) => {
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
    },
    true,
  );
  await showSteps(steps, flags, context);
  if (context.json) {
    const entries = result.entries.map(([key, value]) => ({ key, value }));
    context.printJson(withSteps({ entries, count: entries.length, truncated: result.more }, steps, flags));
    return;
  }
  const footer = result.more
    ? `(the first ${result.entries.length} entries; --limit shows more)`
    : `(${result.entries.length} ${result.entries.length === 1 ? 'entry' : 'entries'})`;
  context.print(renderTable(['key', 'value'], result.entries, { palette: context.palette, footer }));
}

export async function flush(flags: StoreFlags, context: CommandContext): Promise<void> {
  const { result, steps } = await withStore(flags, (tree) => {
    const before = tree.counters();
    const entries = tree.snapshot().memtable.entries;
    tree.flush();
    return { entries, ...changes(before, tree.counters(), tree.snapshot()) };
  });
  await showSteps(steps, flags, context);
  if (context.json) {
    context.printJson(withSteps({ operation: 'flush', ...result }, steps, flags));
    return;
  }
  const { renderLsm } = await import('@dbplay/lsm');
  const compactions =
    result.compactions > 0
      ? `, then ${result.compactions} ${result.compactions === 1 ? 'compaction' : 'compactions'} ran`
      : '';
  const what =
    result.flushes === 0
      ? 'nothing to flush: the memtable is empty'
      : `flushed the memtable (${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}) to a table${compactions}`;
  context.print(`${what}\n\n${renderLsm(result.snapshot, { palette: context.palette })}`);
}

export async function compact(flags: StoreFlags, context: CommandContext): Promise<void> {
  const { result, steps } = await withStore(flags, (tree) => {
    const before = tree.counters();
    const tables = tree.snapshot().runs.reduce((sum, run) => sum + run.tables.length, 0);
    tree.compact();
    return { tablesBefore: tables, ...changes(before, tree.counters(), tree.snapshot()) };
  });
  await showSteps(steps, flags, context);
  if (context.json) {
    context.printJson(withSteps({ operation: 'compact', ...result }, steps, flags));
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
}

export async function stats(flags: StoreFlags, context: CommandContext): Promise<void> {
  const { result: metrics } = await withStore(flags, (tree) => tree.metrics(), true);
  if (context.json) context.printJson(metrics);
  else context.print(renderMetrics(metrics, context.palette, context.width));
}

export async function draw(flags: StoreFlags, context: CommandContext): Promise<void> {
  const { result: snapshot } = await withStore(flags, (tree) => tree.snapshot(), true);
  if (context.json) {
    context.printJson(snapshot);
    return;
  }
  const { renderLsm } = await import('@dbplay/lsm');
  context.print(renderLsm(snapshot, { palette: context.palette }));
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

/** ` (memtable: …); the memtable was flushed, and 2 compactions ran` when the write triggered them. */
function describeChange(change: Change): string {
  const parts: string[] = [];
  if (change.flushes > 0) {
    parts.push(
      change.flushes === 1
        ? 'the memtable was flushed to a table'
        : `${change.flushes} memtables were flushed`,
    );
  }
  if (change.compactions > 0) {
    parts.push(`${change.compactions} ${change.compactions === 1 ? 'compaction' : 'compactions'} ran`);
  }
  const memtable = change.snapshot.memtable;
  const fill = ` (memtable: ${memtable.entries} ${memtable.entries === 1 ? 'entry' : 'entries'}, ${memtable.bytes} of ${change.snapshot.memtableLimit} bytes)`;
  return parts.length === 0 ? fill : `${fill}; ${parts.join(', and ')}`;
}
