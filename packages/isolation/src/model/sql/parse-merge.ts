/**
 * Parsing MERGE (gram.y's MergeStmt, PostgreSQL 15):
 *
 *   merge into t [[as] alias] using s [[as] alias] | (select …) [as] alias on condition
 *     [when matched then update set col = e, … | delete | do nothing]
 *     [when not matched [by target] then insert [(cols)] values (e, …) | do nothing]
 *
 * One WHEN clause of each kind, without an AND condition: the model decides "matched" per
 * source row by running the clause's action on the rows the ON condition finds
 * (execute-merge.ts), which holds for one action per kind. Several clauses, AND conditions,
 * WHEN NOT MATCHED BY SOURCE and RETURNING are refused by name.
 */
import type { MergeMatched, MergeNotMatched, MergeSource, Statement } from './sql-ast.ts';
import { SqlSyntaxError, UnsupportedSqlError } from './sql-tokens.ts';
import type { SqlParser } from './token-cursor.ts';

export function parseMerge(cursor: SqlParser): Statement & { kind: 'merge' } {
  cursor.expectName('merge');
  cursor.expectName('into');
  if (cursor.isName('only')) throw new UnsupportedSqlError('MERGE INTO ONLY', cursor.peek().at);
  const target = cursor.tableReference();
  cursor.expectName('using');
  let source: MergeSource;
  if (cursor.acceptPunctuation('(')) {
    const start = cursor.peek();
    const query = cursor.anyStatement();
    if (query.kind !== 'select')
      throw new UnsupportedSqlError('a MERGE source that is not a SELECT', start.at);
    cursor.expectPunctuation(')');
    cursor.accept('as');
    source = { kind: 'query', query, alias: cursor.identifier("the MERGE source's alias") };
  } else source = { kind: 'table', table: cursor.tableReference() };
  cursor.expectName('on');
  const on = cursor.expression();
  let matched: MergeMatched | null = null;
  let notMatched: MergeNotMatched | null = null;
  let clauses = 0;
  while (cursor.accept('when')) {
    clauses++;
    const start = cursor.peek();
    const not = cursor.accept('not');
    cursor.expectName('matched');
    if (cursor.accept('by')) {
      if (!not || !cursor.accept('target'))
        throw new UnsupportedSqlError('WHEN NOT MATCHED BY SOURCE', cursor.peek().at);
    }
    if (cursor.isName('and'))
      throw new UnsupportedSqlError('an AND condition on a WHEN clause of MERGE', cursor.peek().at);
    if ((not ? notMatched : matched) !== null)
      throw new UnsupportedSqlError(`several WHEN ${not ? 'NOT ' : ''}MATCHED clauses`, start.at);
    cursor.expectName('then');
    if (cursor.accept('do')) {
      cursor.expectName('nothing');
      if (not) notMatched = { action: 'nothing' };
      else matched = { action: 'nothing' };
      continue;
    }
    if (not) {
      cursor.expectName('insert');
      const columns = cursor.isPunctuation('(') ? cursor.nameList('a column name') : null;
      if (cursor.isName('default') || cursor.isName('overriding'))
        throw new UnsupportedSqlError(
          `INSERT ${cursor.peek().text.toUpperCase()} in MERGE`,
          cursor.peek().at,
        );
      cursor.expectName('values');
      cursor.expectPunctuation('(');
      const values = [cursor.expression()];
      while (cursor.acceptPunctuation(',')) values.push(cursor.expression());
      cursor.expectPunctuation(')');
      notMatched = { action: 'insert', columns, values };
    } else if (cursor.accept('update')) {
      cursor.expectName('set');
      matched = { action: 'update', assignments: cursor.assignments() };
    } else if (cursor.accept('delete')) {
      matched = { action: 'delete' };
    } else throw new SqlSyntaxError('WHEN MATCHED needs UPDATE, DELETE or DO NOTHING', cursor.peek().at);
  }
  if (clauses === 0) throw new SqlSyntaxError('MERGE needs a WHEN clause', cursor.peek().at);
  if (cursor.isName('returning')) throw new UnsupportedSqlError('MERGE … RETURNING', cursor.peek().at);
  return { kind: 'merge', target, source, on, matched, notMatched, text: '' };
}
