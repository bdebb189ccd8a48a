/**
 * Sequences: the counters behind `serial` columns and nextval() (src/backend/commands/sequence.c).
 *
 * A sequence is a one-row table that nextval() changes in place, outside MVCC: the value it
 * hands out is never given back, whether the transaction that took it commits or rolls back,
 * and no other transaction waits for it. That is what makes a sequence fast and gaps in a
 * serial column normal. nextval() still takes ROW EXCLUSIVE on the sequence, so it waits for an
 * ALTER SEQUENCE in progress (which takes SHARE ROW EXCLUSIVE and, unlike nextval, is
 * transactional: PostgreSQL gives the sequence a new file, and a rollback keeps the old one).
 *
 * The state is PostgreSQL's: `last_value` and `is_called` (false after CREATE or RESTART: the
 * next nextval returns last_value itself).
 */

import type { RelationLockTable } from './locks/relation-locks.ts';
import { lockRelation } from './locks/relation-locks.ts';
import type { Work } from './locks/wait.ts';
import type { ModelTransaction } from './mvcc/model-transaction.ts';
import { ModelSqlError } from './sql/sql-error.ts';

export interface SequenceOptions {
  readonly increment?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly start?: number;
  /** ALTER SEQUENCE … RESTART [WITH n]: null for the start value. */
  readonly restart?: number | null;
}

export interface Sequence {
  readonly name: string;
  increment: number;
  minValue: number;
  maxValue: number;
  start: number;
  lastValue: number;
  isCalled: boolean;
}

/** The largest bigint, a sequence's default MAXVALUE. */
const bigintMax = Number.MAX_SAFE_INTEGER;

export class SequenceCatalog {
  private readonly sequences = new Map<string, Sequence>();

  has(name: string): boolean {
    return this.sequences.has(name);
  }

  /** The sequence, or 42P01 as PostgreSQL reports an unknown relation. */
  get(name: string): Sequence {
    const sequence = this.sequences.get(name);
    if (sequence === undefined) throw new ModelSqlError('42P01', `relation "${name}" does not exist`);
    return sequence;
  }

  create(name: string, options: SequenceOptions, xact: ModelTransaction): void {
    if (this.sequences.has(name)) throw new ModelSqlError('42P07', `relation "${name}" already exists`);
    const increment = options.increment ?? 1;
    const minValue = options.minValue ?? (increment > 0 ? 1 : -bigintMax);
    const maxValue = options.maxValue ?? (increment > 0 ? bigintMax : -1);
    const start = options.start ?? (increment > 0 ? minValue : maxValue);
    this.sequences.set(name, {
      name,
      increment,
      minValue,
      maxValue,
      start,
      lastValue: start,
      isCalled: false,
    });
    xact.onAbort.push(() => this.sequences.delete(name));
  }

  drop(name: string, xact: ModelTransaction): void {
    const sequence = this.get(name);
    this.sequences.delete(name);
    xact.onAbort.push(() => this.sequences.set(name, sequence));
  }

  /** ALTER SEQUENCE: after SHARE ROW EXCLUSIVE on it; undone if the transaction rolls back. */
  *alter(
    locks: RelationLockTable,
    name: string,
    options: SequenceOptions,
    xact: ModelTransaction,
  ): Work<void> {
    const sequence = this.get(name);
    yield* lockRelation(locks, name, xact, 'SHARE ROW EXCLUSIVE');
    const before = { ...sequence };
    if (options.increment !== undefined) sequence.increment = options.increment;
    if (options.minValue !== undefined) sequence.minValue = options.minValue;
    if (options.maxValue !== undefined) sequence.maxValue = options.maxValue;
    if (options.start !== undefined) sequence.start = options.start;
    if (options.restart !== undefined) {
      sequence.lastValue = options.restart ?? sequence.start;
      sequence.isCalled = false;
    }
    xact.onAbort.push(() => Object.assign(sequence, before));
  }

  /** nextval(): after ROW EXCLUSIVE on the sequence; never undone. */
  *nextval(locks: RelationLockTable, name: string, xact: ModelTransaction): Work<number> {
    const sequence = this.get(name);
    yield* lockRelation(locks, name, xact, 'ROW EXCLUSIVE');
    const next = sequence.isCalled ? sequence.lastValue + sequence.increment : sequence.lastValue;
    if (next > sequence.maxValue)
      throw new ModelSqlError(
        '2200H',
        `nextval: reached maximum value of sequence "${name}" (${sequence.maxValue})`,
      );
    if (next < sequence.minValue)
      throw new ModelSqlError(
        '2200H',
        `nextval: reached minimum value of sequence "${name}" (${sequence.minValue})`,
      );
    sequence.lastValue = next;
    sequence.isCalled = true;
    return next;
  }
}
