/**
 * The anomalies a scenario can demonstrate, by the names the literature gives them.
 *
 * Adya's thesis (1999) defines them on the direct serialization graph of a history; Berenson
 * et al. ("A Critique of ANSI SQL Isolation Levels", 1995) gave the older P-names; Hermitage
 * (github.com/ept/hermitage) tests each one on real databases. The one-line definitions
 * below are what `dbplay isolation show` prints.
 *
 * How a run is judged depends on the family:
 * - `committed-reads` anomalies (G1a, G1b, G1c, OTV) are about *what a transaction could
 *   see*: reading data that was never committed, or a committed transaction vanishing from
 *   view. A run shows one when some read matches no committed state (check-committed-reads.ts).
 *   The schedules that test them may still be non-serializable for another reason (Hermitage's
 *   g1c is write skew at snapshot isolation), which the verdict reports separately.
 * - every other anomaly shows when the outcome is not serializable (check-serializable.ts).
 */
export interface AnomalyName {
  readonly name: string;
  readonly family: 'committed-reads' | 'serializability' | 'none';
  readonly definition: string;
}

export const anomalyNames: readonly AnomalyName[] = [
  {
    name: 'G0',
    family: 'serializability',
    definition:
      'dirty write: two transactions overwrite each other’s uncommitted writes (a cycle of ww edges)',
  },
  {
    name: 'G1a',
    family: 'committed-reads',
    definition: 'aborted read: a committed transaction read a write of a transaction that later aborted',
  },
  {
    name: 'G1b',
    family: 'committed-reads',
    definition: 'intermediate read: a transaction read a value that was not the writer’s final one',
  },
  {
    name: 'G1c',
    family: 'committed-reads',
    definition:
      'circular information flow: each of two transactions read the other’s write (a cycle of ww and wr edges)',
  },
  {
    name: 'OTV',
    family: 'committed-reads',
    definition:
      'observed transaction vanishes: a transaction saw another’s write, then later missed one of its writes',
  },
  {
    name: 'P2',
    family: 'serializability',
    definition: 'fuzzy (non-repeatable) read: reading the same row twice gives two committed values',
  },
  {
    name: 'P3',
    family: 'serializability',
    definition: 'phantom: running the same predicate twice finds rows another transaction inserted meanwhile',
  },
  {
    name: 'PMP',
    family: 'serializability',
    definition:
      // Adya (1999), PMP: a transaction's predicate reads see different sets of preceding
      // transactions, e.g. a second read of the same predicate sees a concurrent insert.
      'predicate-many-preceders: two predicate reads of one transaction observe different sets of transactions (a concurrent commit lands between them)',
  },
  {
    name: 'P4',
    family: 'serializability',
    definition: 'lost update: a transaction overwrites a value another committed after this one read it',
  },
  {
    name: 'G-single',
    family: 'serializability',
    // Adya (1999) section 4: G-single is the class; read skew (A5A) and a lost update (P4) of
    // Berenson et al. (1995) are two histories in it, so the class is not named after either.
    definition:
      'single anti-dependency cycle: a dependency cycle with exactly one anti-dependency (rw) edge (read skew and lost updates both make one)',
  },
  {
    name: 'G2-item',
    family: 'serializability',
    definition: 'write skew: a dependency cycle with anti-dependency (rw) edges on items',
  },
  {
    name: 'G2',
    family: 'serializability',
    definition:
      'anti-dependency cycle through a predicate: write skew where each transaction read a set of rows',
  },
  {
    name: 'none',
    family: 'none',
    definition: 'no anomaly: the schedule is serializable (the scenario shows how an engine treats it)',
  },
];

export function anomalyNamed(name: string): AnomalyName | undefined {
  return anomalyNames.find((anomaly) => anomaly.name.toLowerCase() === name.toLowerCase());
}
