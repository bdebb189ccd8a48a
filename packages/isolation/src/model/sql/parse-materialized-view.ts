/**
 * Parsing materialized views (gram.y's CreateMatViewStmt, RefreshMatViewStmt, DropStmt):
 *
 *   create materialized view name as select … [with data]
 *   refresh materialized view concurrently name [with data]
 *   drop materialized view [if exists] name, … [restrict]
 *
 * A materialized view is a table holding a query's result as of its last refresh
 * (executor/materialized-views.ts). REFRESH without CONCURRENTLY is refused: PostgreSQL fills a
 * new file and swaps it in under ACCESS EXCLUSIVE, so a transaction whose snapshot is older
 * afterwards finds the view empty (it is not MVCC-safe, like TRUNCATE), which the model does
 * not reproduce. So are `WITH NO DATA` (an unpopulated view), a column list and IF NOT EXISTS.
 */
import type { Statement } from './sql-ast.ts';
import { type Token, UnsupportedSqlError } from './sql-tokens.ts';
import { TokenCursor } from './token-cursor.ts';

/** The statement, or null when it is none of these. `parse` parses the view's query. */
export function parseMaterializedView(
  tokens: readonly Token[],
  text: string,
  parse: (text: string) => Statement,
): Statement | null {
  const reader = new TokenCursor(tokens, text);
  const verb = reader.peek();
  if (!['create', 'refresh', 'drop'].includes(verb.text) || !reader.isName('materialized', 1)) return null;
  reader.next();
  reader.next();
  reader.expectName('view');
  if (verb.text === 'drop') {
    let ifExists = false;
    if (reader.accept('if')) {
      reader.expectName('exists');
      ifExists = true;
    }
    const views: string[] = [];
    do views.push(reader.identifier('a materialized view name'));
    while (reader.acceptPunctuation(','));
    if (reader.isName('cascade')) throw new UnsupportedSqlError('DROP … CASCADE', reader.peek().at);
    reader.accept('restrict');
    reader.expectEnd();
    return { kind: 'drop-materialized-view', views, ifExists, text };
  }
  if (verb.text === 'refresh') {
    if (!reader.accept('concurrently'))
      throw new UnsupportedSqlError(
        'REFRESH MATERIALIZED VIEW without CONCURRENTLY (a new file swapped in: not MVCC-safe)',
        reader.peek().at,
      );
    const view = reader.identifier('a materialized view name');
    withData(reader);
    reader.expectEnd();
    return { kind: 'refresh-materialized-view', view, text };
  }
  if (reader.isName('if'))
    throw new UnsupportedSqlError('CREATE MATERIALIZED VIEW IF NOT EXISTS', reader.peek().at);
  const view = reader.identifier('a materialized view name');
  if (reader.isPunctuation('('))
    throw new UnsupportedSqlError('a column list in CREATE MATERIALIZED VIEW', reader.peek().at);
  reader.expectName('as');
  // The query runs to WITH [NO] DATA, or to the end.
  const start = reader.peek().at;
  const ending = /\bwith\s+(no\s+)?data\s*;?\s*$/i.exec(text);
  if (ending?.[1] !== undefined)
    throw new UnsupportedSqlError('WITH NO DATA (an unpopulated view)', ending.index);
  const query = parse(text.slice(start, ending?.index ?? text.length));
  if (query.kind !== 'select' || query.from === null)
    throw new UnsupportedSqlError('a materialized view of anything but a query on a table', start);
  if (query.lock !== null) throw new UnsupportedSqlError('a materialized view of a locking query', start);
  return { kind: 'create-materialized-view', view, query, text };
}

function withData(reader: TokenCursor): void {
  if (!reader.accept('with')) return;
  if (reader.isName('no'))
    throw new UnsupportedSqlError('WITH NO DATA (an unpopulated view)', reader.peek().at);
  reader.expectName('data');
}
