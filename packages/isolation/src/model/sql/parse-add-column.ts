/**
 * Parsing `ALTER TABLE t ADD [COLUMN] name type` (gram.y's alter_table_cmd, `ADD_P columnDef`).
 *
 * The model adds a column without a default or a constraint: every existing row reads NULL in
 * it, as PostgreSQL's rows do without being rewritten. DEFAULT, NOT NULL, the column
 * constraints, a type modifier (`varchar(n)`, `numeric(p, s)`) and IF NOT EXISTS are refused
 * by name.
 */
import type { Statement } from './sql-ast.ts';
import { UnsupportedSqlError } from './sql-tokens.ts';
import type { SqlParser } from './token-cursor.ts';

/** The words after ADD that begin a table constraint, not a column (gram.y's TableConstraint). */
const constraintWords = new Set(['constraint', 'foreign', 'primary', 'unique', 'check', 'exclude']);

/** Whether `ALTER TABLE t ADD …`, the cursor at ADD, adds a column. */
export function addsColumn(cursor: SqlParser): boolean {
  const next = cursor.peek(1);
  return next.kind === 'quoted-name' || (next.kind === 'name' && !constraintWords.has(next.text));
}

/** `ADD [COLUMN] name type`, the cursor at ADD. */
export function parseAddColumn(cursor: SqlParser, table: string): Statement & { kind: 'add-column' } {
  cursor.expectName('add');
  cursor.accept('column');
  if (cursor.isName('if')) throw new UnsupportedSqlError('ADD COLUMN IF NOT EXISTS', cursor.peek().at);
  const name = cursor.identifier('a column name');
  // Nothing after the column's name may have parentheses but a type modifier, which the
  // column would not keep (varchar(n), numeric(p, s)): refused rather than dropped.
  for (let ahead = 0; cursor.peek(ahead).kind !== 'end'; ahead++)
    if (cursor.isPunctuation('(', ahead))
      throw new UnsupportedSqlError('ADD COLUMN with a type modifier', cursor.peek(ahead).at);
  const type = cursor.columnType();
  const after = cursor.peek();
  if (after.kind === 'name' && !cursor.isEnd())
    throw new UnsupportedSqlError(`ADD COLUMN … ${after.text.toUpperCase()}`, after.at);
  return { kind: 'add-column', table, column: { name, type, notNull: false }, text: '' };
}
