/**
 * Parsing the statements that build table hierarchies: partitioned tables and inheritance
 * (gram.y's PartitionSpec, PartitionBoundSpec, OptInherit and the ALTER TABLE subcommands
 * that change a hierarchy).
 *
 *   create table t (…) partition by list|range (col, …)
 *   create table p partition of t for values in (v, …) | from (v|minvalue|maxvalue, …) to (…) | default
 *   create table c (…) inherits (t, …)
 *   create temp[orary] table t (…)
 *   alter table t attach partition p for values … | detach partition p [concurrently | finalize]
 *   alter table c [no] inherit t
 *   alter table t alter [column] c [set data] type type
 *
 * Hash partitioning and sub-partitioning by expression are refused by name.
 * The parser (parse-sql.ts) hands over its token cursor; the grammar here only adds the clauses.
 */

import type {
  BoundDatum,
  Expression,
  PartitionBoundSpec,
  PartitionKeySpec,
  SqlType,
  Statement,
} from './sql-ast.ts';
import type { Token } from './sql-tokens.ts';
import { SqlSyntaxError } from './sql-tokens.ts';

/** What the parsers here need of parse-sql.ts's parser. */
export interface SqlCursor {
  peek(): Token;
  next(): Token;
  isEnd(): boolean;
  isName(word: string): boolean;
  isPunctuation(text: string): boolean;
  accept(word: string): boolean;
  acceptPunctuation(text: string): boolean;
  expectName(word: string): void;
  expectPunctuation(text: string): void;
  identifier(what: string): string;
  expression(): Expression;
  columnType(): SqlType;
  fail(expected: string): never;
}

/** Thrown for a construct outside the subset (parse-sql.ts's UnsupportedSqlError, passed in to avoid a cycle). */
type Refuse = (construct: string, at: number) => never;

/** `PARTITION BY LIST (a)` / `RANGE (a, …)`, after CREATE TABLE's column list (PARTITION BY already read). */
export function parsePartitionKey(cursor: SqlCursor, refuse: Refuse): PartitionKeySpec {
  cursor.expectName('by');
  const strategy = cursor.peek();
  let kind: PartitionKeySpec['strategy'];
  if (cursor.accept('list')) kind = 'list';
  else if (cursor.accept('range')) kind = 'range';
  else if (cursor.isName('hash')) return refuse('PARTITION BY HASH', strategy.at);
  else return cursor.fail('LIST or RANGE');
  cursor.expectPunctuation('(');
  const columns: string[] = [];
  do {
    columns.push(cursor.identifier('a column name'));
    if (cursor.isPunctuation('(') || cursor.peek().kind === 'operator')
      refuse('an expression as the partition key', cursor.peek().at);
  } while (cursor.acceptPunctuation(','));
  cursor.expectPunctuation(')');
  if (kind === 'list' && columns.length > 1)
    throw new SqlSyntaxError('cannot use "list" partition strategy with more than one column', strategy.at);
  return { strategy: kind, columns };
}

/** `FOR VALUES IN (…)` / `FROM (…) TO (…)`, or `DEFAULT` (gram.y's PartitionBoundSpec). */
export function parsePartitionBound(cursor: SqlCursor, refuse: Refuse): PartitionBoundSpec {
  if (cursor.accept('default')) return { kind: 'default' };
  cursor.expectName('for');
  cursor.expectName('values');
  if (cursor.accept('in')) {
    cursor.expectPunctuation('(');
    const values: Expression[] = [];
    do values.push(cursor.expression());
    while (cursor.acceptPunctuation(','));
    cursor.expectPunctuation(')');
    return { kind: 'list', values };
  }
  if (cursor.isName('with')) return refuse('hash partitions (FOR VALUES WITH)', cursor.peek().at);
  cursor.expectName('from');
  const from = rangeDatums(cursor);
  cursor.expectName('to');
  const to = rangeDatums(cursor);
  return { kind: 'range', from, to };
}

function rangeDatums(cursor: SqlCursor): BoundDatum[] {
  cursor.expectPunctuation('(');
  const datums: BoundDatum[] = [];
  do {
    if (cursor.accept('minvalue')) datums.push('minvalue');
    else if (cursor.accept('maxvalue')) datums.push('maxvalue');
    else datums.push(cursor.expression());
  } while (cursor.acceptPunctuation(','));
  cursor.expectPunctuation(')');
  return datums;
}

/** `INHERITS (parent, …)`, INHERITS already read. */
export function parseInherits(cursor: SqlCursor): string[] {
  cursor.expectPunctuation('(');
  const parents: string[] = [];
  do parents.push(cursor.identifier('a table name'));
  while (cursor.acceptPunctuation(','));
  cursor.expectPunctuation(')');
  return parents;
}

/** `float`, `float8`, `double precision`: the type a column may be converted to, and only stored. */
function floatType(cursor: SqlCursor): SqlType | null {
  if (cursor.accept('float') || cursor.accept('float8')) return 'double precision';
  if (cursor.isName('double') && cursor.accept('double')) {
    cursor.expectName('precision');
    return 'double precision';
  }
  return null;
}

type HierarchyStatement = Statement & {
  kind: 'attach-partition' | 'detach-partition' | 'alter-inheritance' | 'alter-column-type';
};

/**
 * `ALTER TABLE t …` with one of the subcommands that change a hierarchy or a column's type;
 * ALTER TABLE already read. Any other subcommand is refused by name.
 */
export function parseAlterTable(cursor: SqlCursor, refuse: Refuse): HierarchyStatement {
  if (cursor.isName('if')) refuse('ALTER TABLE IF EXISTS', cursor.peek().at);
  if (cursor.isName('only')) refuse('ALTER TABLE ONLY', cursor.peek().at);
  const table = cursor.identifier('a table name');
  if (cursor.isPunctuation('.')) refuse('schema-qualified names', cursor.peek().at);
  const start = cursor.peek();
  let statement: HierarchyStatement;
  if (cursor.accept('attach')) {
    cursor.expectName('partition');
    const partition = cursor.identifier('a table name');
    statement = {
      kind: 'attach-partition',
      table,
      partition,
      bound: parsePartitionBound(cursor, refuse),
      text: '',
    };
  } else if (cursor.accept('detach')) {
    cursor.expectName('partition');
    const partition = cursor.identifier('a table name');
    statement = { kind: 'detach-partition', table, partition, text: '' };
    if (cursor.accept('concurrently')) statement = { ...statement, mode: 'concurrently' };
    else if (cursor.accept('finalize')) statement = { ...statement, mode: 'finalize' };
  } else if (cursor.accept('inherit')) {
    statement = {
      kind: 'alter-inheritance',
      table,
      parent: cursor.identifier('a table name'),
      inherit: true,
      text: '',
    };
  } else if (cursor.isName('no') && cursor.accept('no')) {
    cursor.expectName('inherit');
    statement = {
      kind: 'alter-inheritance',
      table,
      parent: cursor.identifier('a table name'),
      inherit: false,
      text: '',
    };
  } else if (cursor.accept('alter')) {
    cursor.accept('column');
    const column = cursor.identifier('a column name');
    if (cursor.accept('set')) cursor.expectName('data');
    else if (!cursor.isName('type'))
      return refuse(`ALTER TABLE … ALTER COLUMN … ${cursor.peek().text.toUpperCase()}`, cursor.peek().at);
    cursor.expectName('type');
    const type = floatType(cursor) ?? cursor.columnType();
    if (cursor.isName('using') || cursor.isName('collate'))
      refuse(`ALTER COLUMN … TYPE … ${cursor.peek().text.toUpperCase()}`, cursor.peek().at);
    statement = { kind: 'alter-column-type', table, column, type, text: '' };
  } else {
    const words = start.kind === 'name' ? ` ${start.text.toUpperCase()}` : '';
    return refuse(`ALTER TABLE …${words}`, start.at);
  }
  if (cursor.isPunctuation(',')) refuse('several ALTER TABLE subcommands at once', cursor.peek().at);
  return statement;
}
