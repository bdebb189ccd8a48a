/**
 * The sorted sources a scan merges: the memtable, the frozen memtable, each L0 table alone
 * (they overlap), then one concatenation per level or tier (its tables are disjoint and in
 * key order, so they read as one sorted run), newest first so that the merge lets the
 * newest version of a key win. LevelDB: `DBImpl::NewInternalIterator` (db/db_impl.cc);
 * mini-lsm: `LsmStorageInner::scan` (week 1, day 5).
 */
import { runName } from '../compaction/shape.ts';
import { ConcatIterator } from './concat-iterator.ts';
import type { EntryIterator } from './entry-iterator.ts';
import type { ReadView } from './point-lookup.ts';

/** Every source positioned at `from` (or the start), newest first, with a name for each. */
export function openSources(
  view: ReadView,
  from: Uint8Array | undefined,
): { sources: EntryIterator[]; names: string[] } {
  const sources: EntryIterator[] = [view.memtable.iterator(from)];
  const names = ['memtable'];
  if (view.immutable !== undefined) {
    sources.push(view.immutable.iterator(from));
    names.push('frozen memtable');
  }
  for (let i = view.shape.l0.length - 1; i >= 0; i--) {
    const id = view.shape.l0[i] as number;
    sources.push(new ConcatIterator([view.tables.reader(id)], from));
    names.push(`L0 #${id}`);
  }
  for (const run of view.shape.levels) {
    if (run.tables.length === 0) continue;
    const readers = run.tables.map((id) => view.tables.reader(id));
    sources.push(new ConcatIterator(readers, from));
    names.push(runName(view.strategy === 'tiered', run.id));
  }
  return { sources, names };
}
