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
import { SqlSyntaxError, UnsupportedSqlError } from './sql-tokens.ts';
import type { SqlParser } from './token-cursor.ts';

/** `PARTITION BY LIST (a)` / `RANGE (a, …)`, after CREATE TABLE's column list (PARTITION BY already read). */
export function parsePartitionKey(cursor: SqlParser): PartitionKeySpec {
  cursor.expectName('by');
  const strategy = cursor.peek();
  let kind: PartitionKeySpec['strategy'];
  if (cursor.accept('list')) kind = 'list';
  else if (cursor.accept('range')) kind = 'range';
  else if (cursor.isName('hash')) throw new UnsupportedSqlError('PARTITION BY HASH', strategy.at);
  else return cursor.fail('LIST or RANGE');
  cursor.expectPunctuation('(');
  const columns: string[] = [];
  do {
    columns.push(cursor.identifier('a column name'));
    if (cursor.isPunctuation('(') || cursor.peek().kind === 'operator')
      throw new UnsupportedSqlError('an expression as the partition key', cursor.peek().at);
  } while (cursor.acceptPunctuation(','));
  cursor.expectPunctuation(')');
  if (kind === 'list' && columns.length > 1)
    throw new SqlSyntaxError('cannot use "list" partition strategy with more than one column', strategy.at);
  return { strategy: kind, columns };
}

/** `FOR VALUES IN (…)` / `FROM (…) TO (…)`, or `DEFAULT` (gram.y's PartitionBoundSpec). */
export function parsePartitionBound(cursor: SqlParser): PartitionBoundSpec {
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
  if (cursor.isName('with'))
    throw new UnsupportedSqlError('hash partitions (FOR VALUES WITH)', cursor.peek().at);
  cursor.expectName('from');
  const from = rangeDatums(cursor);
  cursor.expectName('to');
  const to = rangeDatums(cursor);
  return { kind: 'range', from, to };
}

function rangeDatums(cursor: SqlParser): BoundDatum[] {
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
export function parseInherits(cursor: SqlParser): string[] {
  cursor.expectPunctuation('(');
  const parents: string[] = [];
  do parents.push(cursor.identifier('a table name'));
  while (cursor.acceptPunctuation(','));
  cursor.expectPunctuation(')');
  return parents;
}

/** `float`, `float8`, `double precision`: the type a column may be converted to, and only stored. */
function floatType(cursor: SqlParser): SqlType | null {
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
 * The actions of ALTER TABLE t that change a hierarchy or a column's type (parse-alter-table.ts
 * reads the head and dispatches here), the cursor at the action's first word:
 * ATTACH PARTITION, DETACH PARTITION, [NO] INHERIT, ALTER [COLUMN] … TYPE.
 */
export function parseHierarchyAction(cursor: SqlParser, table: string): HierarchyStatement {
  if (cursor.accept('attach')) {
    cursor.expectName('partition');
    const partition = cursor.identifier('a table name');
    return { kind: 'attach-partition', table, partition, bound: parsePartitionBound(cursor), text: '' };
  }
  if (cursor.accept('detach')) {
    cursor.expectName('partition');
    const partition = cursor.identifier('a table name');
    if (cursor.accept('concurrently'))
      return { kind: 'detach-partition', table, partition, mode: 'concurrently', text: '' };
    if (cursor.accept('finalize'))
      return { kind: 'detach-partition', table, partition, mode: 'finalize', text: '' };
    return { kind: 'detach-partition', table, partition, text: '' };
  }
  if (cursor.accept('inherit'))
    return {
      kind: 'alter-inheritance',
      table,
      parent: cursor.identifier('a table name'),
      inherit: true,
      text: '',
    };
  if (cursor.accept('no')) {
    cursor.expectName('inherit');
    return {
      kind: 'alter-inheritance',
      table,
      parent: cursor.identifier('a table name'),
      inherit: false,
      text: '',
    };
  }
  cursor.expectName('alter');
  cursor.accept('column');
  const column = cursor.identifier('a column name');
  if (cursor.accept('set')) cursor.expectName('data');
  else if (!cursor.isName('type'))
    throw new UnsupportedSqlError(
      `ALTER TABLE … ALTER COLUMN … ${cursor.peek().text.toUpperCase()}`,
      cursor.peek().at,
    );
  cursor.expectName('type');
  const type = floatType(cursor) ?? cursor.columnType();
  if (cursor.isName('using') || cursor.isName('collate'))
    throw new UnsupportedSqlError(
      `ALTER COLUMN … TYPE … ${cursor.peek().text.toUpperCase()}`,
      cursor.peek().at,
    );
  return { kind: 'alter-column-type', table, column, type, text: '' };
}
