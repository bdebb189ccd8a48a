/**
 * The direct serialization graph of a finished run (Adya 1999, "Weak Consistency", chapter 3;
 * Adya, Liskov and O'Neil 2000): one node per committed transaction, an edge wherever one
 * transaction's operation had to come before another's.
 *
 * - ww (write-depends): Tj installed the version of a row right after Ti's;
 * - wr (read-depends): Tj read a version Ti installed; for a predicate read, Ti's version is
 *   the newest one that changed which rows match (predicate read-dependency);
 * - rw (anti-depends): Ti read a version and Tj installed the next one (item); or Ti read a
 *   predicate and Tj installed a later version that changes which rows match it (predicate).
 *
 * The version order of a row is the order its committed versions were installed: the model
 * knows it exactly (a black-box checker such as Elle has to infer it). Versions a transaction
 * replaced itself before committing are collapsed into its last one; a read of one of those
 * (G1b, intermediate read), of an aborted transaction's version (G1a, aborted read), or of a
 * version whose writer had not committed yet (P1, dirty read) is not a cycle but is reported
 * too. The scenario's setup is the initial state: it has edges only out,
 * and is left out of the graph.
 */
import type { Value } from '../../run/outcome.ts';
import type { TupleVersion } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';

export type DependencyKind = 'ww' | 'wr' | 'rw';

export interface DsgEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: DependencyKind;
  /** A predicate dependency (a predicate read's), rather than an item one. */
  readonly predicate: boolean;
  /** What it is about: `test id=1`, or `test where value % 3 = 0`. */
  readonly object: string;
  /** The edge in a sentence. */
  readonly sentence: string;
}

export interface DsgNode {
  readonly name: string;
  readonly session: string;
  readonly xid: number | null;
}

export interface DirectSerializationGraph {
  /** Committed transactions, in commit order. */
  readonly nodes: readonly DsgNode[];
  readonly edges: readonly DsgEdge[];
  /** Reads of aborted (G1a) or intermediate (G1b) versions by committed transactions. */
  readonly phenomena: readonly string[];
}

interface Installed {
  readonly xact: ModelTransaction;
  /** The version installed, or the version deleted (for a delete). */
  readonly version: TupleVersion;
  readonly deleted: boolean;
  /** The row's values after this install; null after a delete. */
  readonly after: readonly Value[] | null;
}

/** A row's committed history: who installed each version, oldest first (setup's included). */
interface RowHistory {
  readonly label: string;
  readonly installs: readonly Installed[];
}

export function buildDsg(
  transactions: readonly ModelTransaction[],
  setup: readonly ModelTransaction[],
  describeRow: (version: TupleVersion) => string,
): DirectSerializationGraph {
  const committed = transactions
    .filter((xact) => xact.status === 'committed' && !setup.includes(xact))
    .sort((a, b) => commitPosition(a) - commitPosition(b));
  const names = nameTransactions(committed);
  const byXid = new Map<number, ModelTransaction>();
  for (const xact of [...setup, ...transactions]) if (xact.xid !== null) byXid.set(xact.xid, xact);
  const rows = rowHistories([...setup, ...transactions], describeRow);
  const edges: DsgEdge[] = [];
  const phenomena: string[] = [];
  const seenEdges = new Set<string>();
  const add = (edge: DsgEdge) => {
    const key = `${edge.from}|${edge.to}|${edge.kind}|${edge.predicate}|${edge.object}`;
    if (edge.from === edge.to || seenEdges.has(key)) return;
    seenEdges.add(key);
    edges.push(edge);
  };
  const nameOf = (xact: ModelTransaction) => names.get(xact) ?? null;

  // ww: consecutive committed installs of a row by different transactions.
  for (const row of rows.values()) {
    for (let i = 1; i < row.installs.length; i++) {
      const before = row.installs[i - 1] as Installed;
      const after = row.installs[i] as Installed;
      const from = nameOf(before.xact);
      const to = nameOf(after.xact);
      if (from === null || to === null) continue;
      add({
        from,
        to,
        kind: 'ww',
        predicate: false,
        object: row.label,
        sentence: `${to} ${after.deleted ? 'deleted' : 'overwrote'} the version of ${row.label} that ${from} installed, ${describeValues(before.after)}${after.deleted ? '' : `, with ${describeValues(after.after)}`}, so ${from} comes first.`,
      });
    }
  }

  for (const reader of committed) {
    const readerName = nameOf(reader) as string;
    for (const { version, dirty } of reader.history.reads) {
      const writer = byXid.get(version.xmin);
      if (writer === undefined || writer === reader) continue;
      const row = rows.get(rowKey(version));
      if (dirty && writer.status === 'committed') {
        phenomena.push(
          `P1 (dirty read): ${readerName} read ${describeRow(version)} as ${describeValues(version.values)} while ${writer.session}, which wrote it, had not committed yet.`,
        );
      }
      if (writer.status === 'aborted') {
        phenomena.push(
          `G1a (aborted read): ${readerName} read ${describeRow(version)}, written by ${writer.session}, which rolled back.`,
        );
        continue;
      }
      if (writer.status !== 'committed' || row === undefined) continue;
      const position = row.installs.findIndex((install) => install.xact === writer && !install.deleted);
      const install = row.installs[position];
      if (install !== undefined && install.version !== version) {
        phenomena.push(
          `G1b (intermediate read): ${readerName} read ${describeRow(version)}, a version ${writer.session} replaced before it committed.`,
        );
      }
      const writerName = nameOf(writer);
      if (writerName !== null) {
        add({
          from: writerName,
          to: readerName,
          kind: 'wr',
          predicate: false,
          object: row.label,
          sentence: `${readerName} read the version of ${row.label} that ${writerName} installed, ${describeValues(version.values)}, so ${writerName} comes first.`,
        });
      }
    }
    // rw (item): the next committed version after the one read.
    for (const { version } of reader.history.reads) {
      const row = rows.get(rowKey(version));
      const writer = byXid.get(version.xmin);
      if (row === undefined || writer === undefined) continue;
      const position = row.installs.findIndex((install) => install.xact === writer && !install.deleted);
      const next = position === -1 ? undefined : row.installs[position + 1];
      if (next === undefined || next.xact === reader) continue;
      const to = nameOf(next.xact);
      if (to === null) continue;
      add({
        from: readerName,
        to,
        kind: 'rw',
        predicate: false,
        object: row.label,
        sentence: `${readerName} read ${row.label} as ${describeValues(version.values)} and ${to} ${next.deleted ? 'deleted it' : `installed its next version ${describeValues(next.after)}`}, which ${readerName} did not see: ${readerName} must come before ${to}.`,
      });
    }
    // Predicate dependencies.
    for (const read of reader.history.predicateReads) {
      const label = read.text;
      const matches = (values: readonly Value[] | null) => {
        if (values === null) return false;
        if (read.predicate === null) return true;
        try {
          return read.predicate.evaluate(values) === true;
        } catch {
          return true;
        }
      };
      for (const row of rows.values()) {
        if (!row.installs.some((install) => install.version.table === read.table)) continue;
        const seen = read.seen.get(row.installs[0]?.version.row ?? -1);
        const owner = (xid: number | null) => (xid === null ? undefined : byXid.get(xid));
        let position = -1;
        if (seen !== undefined && seen.visible !== null) {
          const creator = owner(seen.visible.xmin);
          position = row.installs.findIndex((install) => install.xact === creator && !install.deleted);
          if (position === -1) continue;
        } else if (seen !== undefined && seen.base !== null) {
          const deleter = owner(seen.base.xmax);
          position = row.installs.findIndex((install) => install.xact === deleter && install.deleted);
        }
        let lastChange: Installed | null = null;
        row.installs.forEach((install, i) => {
          const before = i === 0 ? null : (row.installs[i - 1] as Installed).after;
          const changes = matches(before) !== matches(install.after);
          if (!changes) return;
          if (i <= position) {
            lastChange = install;
            return;
          }
          if (install.xact === reader) return;
          const to = nameOf(install.xact);
          if (to === null) return;
          add({
            from: readerName,
            to,
            kind: 'rw',
            predicate: true,
            object: label,
            sentence: `${readerName} read ${label}, and ${to} then ${install.deleted ? `deleted ${describeValues(before)}, which matched` : before === null ? `inserted ${describeValues(install.after)}, which matches` : `changed ${describeValues(before)} to ${describeValues(install.after)}, which ${matches(install.after) ? 'now matches' : 'no longer matches'}`}: ${readerName} did not see that, so ${readerName} must come before ${to}.`,
          });
        });
        const changer = lastChange as Installed | null;
        if (changer !== null && changer.xact !== reader) {
          const from = nameOf(changer.xact);
          if (from !== null) {
            add({
              from,
              to: readerName,
              kind: 'wr',
              predicate: true,
              object: label,
              sentence: `${readerName} read ${label} and saw ${from}'s change of ${row.label} to ${describeValues(changer.after)}, so ${from} comes first.`,
            });
          }
        }
      }
    }
  }
  return {
    nodes: committed.map((xact) => ({ name: nameOf(xact) as string, session: xact.session, xid: xact.xid })),
    edges,
    phenomena: [...new Set(phenomena)],
  };
}

function commitPosition(xact: ModelTransaction): number {
  return xact.commitOrder ?? Number.MAX_SAFE_INTEGER;
}

/** A session's committed transaction is named after the session; a second one gets `#2`. */
function nameTransactions(committed: readonly ModelTransaction[]): Map<ModelTransaction, string> {
  const names = new Map<ModelTransaction, string>();
  const count = new Map<string, number>();
  for (const xact of committed) {
    const n = (count.get(xact.session) ?? 0) + 1;
    count.set(xact.session, n);
    names.set(xact, n === 1 ? xact.session : `${xact.session}#${n}`);
  }
  return names;
}

function rowKey(version: TupleVersion): string {
  return `${version.table}\u0000${version.row}`;
}

function rowHistories(
  transactions: readonly ModelTransaction[],
  describeRow: (version: TupleVersion) => string,
): Map<string, RowHistory> {
  const installs = new Map<string, Installed[]>();
  for (const xact of transactions) {
    if (xact.status !== 'committed') continue;
    for (const install of xact.history.installs) {
      const key = rowKey(install.version);
      const list = installs.get(key) ?? [];
      installs.set(key, list);
      list.push({
        xact,
        version: install.version,
        deleted: install.kind === 'delete',
        after: install.kind === 'delete' ? null : install.version.values,
      });
    }
  }
  const rows = new Map<string, RowHistory>();
  for (const [key, list] of installs) {
    // Install order is version order; a delete comes after the version it ended.
    list.sort((a, b) => a.version.id - b.version.id || Number(a.deleted) - Number(b.deleted));
    // A transaction's own successive versions collapse into its last.
    const collapsed: Installed[] = [];
    for (const install of list) {
      const last = collapsed[collapsed.length - 1];
      if (last !== undefined && last.xact === install.xact) collapsed[collapsed.length - 1] = install;
      else collapsed.push(install);
    }
    const first = collapsed[0];
    if (first === undefined) continue;
    rows.set(key, { label: describeRow(first.version), installs: collapsed });
  }
  return rows;
}

export function describeValues(values: readonly Value[] | null): string {
  if (values === null) return 'nothing';
  return `(${values.map((value) => (value === null ? 'null' : typeof value === 'string' ? `'${value}'` : String(value))).join(', ')})`;
}
