/**
 * Parsing the utility commands that work on a whole table (gram.y's TruncateStmt, ReindexStmt,
 * ClusterStmt):
 *
 *   truncate [table] [only] t, … [continue identity | restart identity] [restrict]
 *   reindex table | schema [concurrently] name, reindex index concurrently name
 *   cluster t [using index]
 *
 * What they lock and do is executor/execute-table-commands.ts. REINDEX INDEX without
 * CONCURRENTLY is refused: it locks the index itself, and the model does not lock indexes.
 */

import { tableName } from './parse-roles.ts';
import type { Statement } from './sql-ast.ts';
import { type Token, UnsupportedSqlError } from './sql-tokens.ts';
import { TokenCursor } from './token-cursor.ts';

export function parseTableCommand(tokens: readonly Token[], text: string): Statement | null {
  const reader = new TokenCursor(tokens, text);
  if (reader.accept('truncate')) {
    reader.accept('table');
    const only = reader.accept('only');
    const tables = [tableName(reader)];
    while (reader.acceptPunctuation(',')) tables.push(tableName(reader));
    if (reader.isName('restart'))
      throw new UnsupportedSqlError('TRUNCATE … RESTART IDENTITY', reader.peek().at);
    if (reader.isName('cascade')) throw new UnsupportedSqlError('TRUNCATE … CASCADE', reader.peek().at);
    if (reader.accept('continue')) reader.expectName('identity');
    reader.accept('restrict');
    reader.expectEnd();
    return { kind: 'truncate', tables, only, text };
  }
  if (reader.isName('reindex')) {
    const start = reader.next();
    if (reader.isPunctuation('(')) throw new UnsupportedSqlError('REINDEX options', reader.peek().at);
    const what = reader.peek();
    if (!reader.accept('table') && !reader.accept('index') && !reader.accept('schema'))
      throw new UnsupportedSqlError(`REINDEX ${what.text.toUpperCase()}`, what.at);
    const target = what.text as 'table' | 'index' | 'schema';
    const concurrently = reader.accept('concurrently');
    if (!concurrently && target === 'index')
      throw new UnsupportedSqlError(
        'REINDEX INDEX without CONCURRENTLY (the model does not lock indexes)',
        start.at,
      );
    const name = target === 'schema' ? reader.identifier('a schema name') : tableName(reader);
    reader.expectEnd();
    return { kind: 'reindex', target, name, concurrently, text };
  }
  if (reader.accept('cluster')) {
    if (reader.isPunctuation('(') || reader.isName('verbose') || reader.peek().kind === 'end')
      throw new UnsupportedSqlError('CLUSTER without a table, or with options', reader.peek().at);
    const table = tableName(reader);
    const index = reader.accept('using') ? reader.identifier('an index name') : null;
    reader.expectEnd();
    return { kind: 'cluster', table, index, text };
  }
  return null;
}
