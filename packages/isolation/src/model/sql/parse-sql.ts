/**
 * Parsing the model's SQL subset: a recursive-descent parser over tokens (sql-tokens.ts).
 *
 * PostgreSQL's grammar is src/backend/parser/gram.y, some 19,000 lines; the subset is what an
 * isolation scenario needs and what the model can explain:
 *
 *   create table t (col int|integer|bigint|smallint|text|varchar|boolean [not null] [primary key], …
 *                   [, primary key (col, …) [include (col, …)]])
 *   insert into t [(cols)] values (…), (…) [on conflict [(cols)] do nothing | do update set … [where …]]
 *          [returning …]
 *   select cols | * | count(*) | count(e) | sum(e) | min(e) | max(e) [from t [alias]] [where …]
 *          [order by e [asc|desc], …] [for update | for no key update | for share | for key share]
 *   update t set col = e, … [where …] [returning …]
 *   delete from t [where …] [returning …]
 *   begin / start transaction [isolation level …] [read only | read write] [[not] deferrable]
 *   set transaction …, commit / end, rollback / abort, drop table [if exists] t
 *   vacuum [verbose | (verbose)] [t, …]  (parse-vacuum.ts)
 *
 * Expressions: literals, columns, + - * / % ||, comparisons, and / or / not, between, in (…),
 * is [not] null / true / false, coalesce(…). Anything else is refused by name (UnsupportedSqlError), so
 * that a learner knows which construct to take out, or to run the scenario on a real engine.
 */

import { isCatalogView } from '../catalog/system-views.ts';
import { type RelationLockMode, relationLockModes } from '../locks/relation-locks.ts';
import { numericTypmod } from './column-typmod.ts';
import { parseDateTime } from './date-time.ts';
import { defaultKeyword } from './default-keyword.ts';
import { numericValue, parseNumeric } from './numeric.ts';
import { parseAlterTable } from './parse-alter-table.ts';
import { parseExplain } from './parse-explain.ts';
import { parseReferences } from './parse-foreign-key.ts';
import { parseIndexDdl, parseStorageParameters } from './parse-index-ddl.ts';
import { parseMaterializedView } from './parse-materialized-view.ts';
import { parseMerge } from './parse-merge.ts';
import { parseInherits, parsePartitionBound, parsePartitionKey } from './parse-partition.ts';
import { parseRoleStatement } from './parse-roles.ts';
import { parseSchemaStatement } from './parse-schema.ts';
import { parseSequenceStatement } from './parse-sequence.ts';
import { parseSetting } from './parse-setting.ts';
import { parseTableCommand } from './parse-table-commands.ts';
import { parseTriggerStatement } from './parse-trigger.ts';
import { parseAnalyze, parseVacuum } from './parse-vacuum.ts';
import { parseWith } from './parse-with.ts';
import type {
  AdvisoryFunction,
  ColumnDefinition,
  ColumnTypmod,
  Expression,
  ForeignKeyDefinition,
  LockWaitPolicy,
  OnConflict,
  OrderItem,
  PartitionKeySpec,
  PlannerCost,
  PlannerSetting,
  RowLockStrength,
  SelectItem,
  SeriesSource,
  SqlType,
  Statement,
  TableReference,
  TransactionModes,
} from './sql-ast.ts';
import { SqlSyntaxError, type Token, tokenize, UnsupportedSqlError } from './sql-tokens.ts';
import { TokenCursor } from './token-cursor.ts';

export { UnsupportedSqlError };

/** Parses one statement (no trailing semicolon needed). */
export function parseStatement(text: string): Statement {
  const tokens = tokenize(text);
  if (tokens[0]?.kind === 'name' && tokens[0].text === 'vacuum') return parseVacuum(tokens, text.trim());
  const command =
    parseRoleStatement(tokens, text.trim()) ??
    parseTableCommand(tokens, text.trim()) ??
    parseSchemaStatement(tokens, text.trim()) ??
    parseSequenceStatement(tokens, text.trim()) ??
    parseTriggerStatement(tokens, text.trim());
  if (command !== null) return command;
  if (tokens[0]?.kind === 'name' && (tokens[0].text === 'set' || tokens[0].text === 'reset')) {
    const setting = parseSetting(tokens, text.trim());
    if (setting !== null) return setting;
  }
  if (tokens[0]?.kind === 'name' && (tokens[0].text === 'analyze' || tokens[0].text === 'analyse'))
    return parseAnalyze(tokens, text.trim());
  const explain = parseExplain(tokens, text.trim(), parseStatement);
  if (explain !== null) return explain;
  const view = parseMaterializedView(tokens, text.trim(), parseStatement);
  if (view !== null) return view;
  const indexDdl = parseIndexDdl(tokens, text.trim(), parseStatement);
  if (indexDdl !== null) return indexDdl;
  const parser = new Parser(tokens, text.trim());
  const statement = parser.statement();
  parser.expectEnd();
  return statement;
}

const statementKeywords: Record<string, string> = {
  alter: 'ALTER',
  copy: 'COPY',
  prepare: 'PREPARE',
  execute: 'EXECUTE',
  show: 'SHOW',
  explain: 'EXPLAIN',
  analyze: 'ANALYZE',
  do: 'DO blocks',
  call: 'CALL',
  values: 'a VALUES list as a statement',
  revoke: 'REVOKE',
  notify: 'NOTIFY',
  listen: 'LISTEN',
  discard: 'DISCARD',
  checkpoint: 'CHECKPOINT',
  declare: 'cursors (DECLARE)',
  fetch: 'cursors (FETCH)',
  move: 'cursors (MOVE)',
  close: 'cursors (CLOSE)',
};

/** Keywords that end an expression or a clause, so they are never read as column names. */
const reserved = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'order',
  'by',
  'group',
  'having',
  'limit',
  'offset',
  'for',
  'returning',
  'set',
  'values',
  'in',
  'between',
  'is',
  'null',
  'true',
  'false',
  'as',
  'asc',
  'desc',
  'union',
  'intersect',
  'except',
  'join',
  'on',
  'using',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'natural',
  'window',
  'like',
  'ilike',
  'similar',
  'case',
  'when',
  'then',
  'else',
  'end',
  'distinct',
  'all',
  'any',
  'some',
  'exists',
  'fetch',
]);

class Parser extends TokenCursor {
  /** Advisory-lock calls read so far; each must stand where the subset allows it (select()). */
  private advisoryCalls = 0;
  /** nextval() calls read so far; each must stand where the subset allows it (statement()). */
  private nextvalCalls = 0;
  /** generate_series calls read so far in select lists (each one's arguments); see select(). */
  private readonly seriesCalls: Expression[][] = [];
  /** The modifier the last column type read had (columnTypeAndTypmod). */
  private typmod: ColumnTypmod | undefined;
  /** Where the first `::regclass` is, or -1: taken in queries on the system views only. */
  private regclassAt = -1;

  statement(): Statement {
    const statement = this.anyStatement();
    const takesAdvisory =
      statement.kind === 'select' || statement.kind === 'update' || statement.kind === 'delete';
    if (!takesAdvisory && this.advisoryCalls > 0)
      throw new UnsupportedSqlError('advisory-lock functions outside SELECT, UPDATE and DELETE', 0);
    // nextval() alone in the select list of a query without a table (executor/select-nextval.ts).
    const alone =
      statement.kind === 'select' &&
      statement.from === null &&
      statement.where === null &&
      statement.items.length === this.nextvalCalls &&
      statement.items.every((item) => item.kind === 'expression' && item.expression.kind === 'nextval');
    if (this.nextvalCalls > 0 && !alone)
      throw new UnsupportedSqlError('nextval() here (only alone in a select list without a table)', 0);
    // A relation's oid shown as its name: the model has oids for its system views' rows only.
    const onViews =
      statement.kind === 'select' && statement.from !== null && isCatalogView(statement.from.table);
    if (this.regclassAt >= 0 && !onViews)
      throw new UnsupportedSqlError(
        'casts to the type regclass (the model takes them in queries on its system views only)',
        this.regclassAt,
      );
    return statement;
  }

  anyStatement(): Statement {
    const first = this.peek();
    if (first.kind !== 'name') {
      if (first.kind === 'end') throw new SqlSyntaxError('an empty statement', first.at);
      if (first.text === '(') throw new UnsupportedSqlError('a parenthesised query', first.at);
      throw new SqlSyntaxError(`a statement cannot start with '${first.text}'`, first.at);
    }
    const text = this.text;
    switch (first.text) {
      case 'select':
        return { ...this.select(), text };
      case 'insert':
        return { ...this.insert(), text };
      case 'update':
        return { ...this.update(), text };
      case 'delete':
        return { ...this.delete(), text };
      case 'create':
        return { ...this.createTable(), text };
      case 'drop':
        return { ...this.dropTable(), text };
      case 'begin':
      case 'start':
        return { ...this.begin(), text };
      case 'commit':
      case 'end':
        this.next();
        this.optional('work', 'transaction');
        this.refuseChain();
        return { kind: 'commit', text };
      case 'rollback':
      case 'abort':
        this.next();
        this.optional('work', 'transaction');
        if (this.accept('to')) {
          this.optional('savepoint');
          return { kind: 'rollback-to', name: this.identifier('a savepoint name'), text };
        }
        if (this.isName('prepared')) throw new UnsupportedSqlError('prepared transactions', this.peek().at);
        this.refuseChain();
        return { kind: 'rollback', text };
      case 'savepoint':
        this.next();
        return { kind: 'savepoint', name: this.identifier('a savepoint name'), text };
      case 'release':
        this.next();
        this.optional('savepoint');
        return { kind: 'release', name: this.identifier('a savepoint name'), text };
      case 'set':
        return { ...this.setTransaction(), text };
      case 'lock':
        return { ...this.lockTable(), text };
      case 'with':
        return { ...parseWith(this), text };
      case 'merge':
        return { ...parseMerge(this), text };
      case 'alter':
        return { ...parseAlterTable(this), text };
      case 'table': {
        // `TABLE t` is `SELECT * FROM t` (gram.y's simple_select).
        this.next();
        const from = this.tableReference();
        return {
          kind: 'select',
          items: [{ kind: 'star' }],
          from,
          where: null,
          orderBy: [],
          lock: null,
          waitPolicy: 'block',
          limit: null,
          text,
        };
      }
      default: {
        const construct = statementKeywords[first.text];
        if (construct !== undefined) throw new UnsupportedSqlError(construct, first.at);
        throw new SqlSyntaxError(`'${first.text}' does not start a statement the model knows`, first.at);
      }
    }
  }

  // ---- statements ---------------------------------------------------------------------------

  private select(): Statement & { kind: 'select' } {
    this.expectName('select');
    if (this.isName('distinct')) throw new UnsupportedSqlError('SELECT DISTINCT', this.peek().at);
    this.optional('all');
    const seriesBefore = this.seriesCalls.length;
    const items = this.selectItems();
    if (this.isName('into')) throw new UnsupportedSqlError('SELECT INTO', this.peek().at);
    let from: TableReference | null = null;
    let joins: { table: TableReference; on: Expression }[] = [];
    let series: SeriesSource | undefined;
    const calledInList = this.seriesCalls.slice(seriesBefore);
    if (calledInList.length > 1)
      throw new UnsupportedSqlError('several set-returning functions in a select list', this.peek().at);
    if (calledInList[0] !== undefined) {
      // `SELECT generate_series(1, 3)` is `SELECT generate_series FROM generate_series(1, 3)`.
      if (this.isName('from'))
        throw new UnsupportedSqlError('a set-returning function in a select list with FROM', this.peek().at);
      series = { arguments: calledInList[0], alias: 'generate_series', column: 'generate_series' };
    }
    const hasFrom = this.accept('from');
    const fromSeries = hasFrom ? this.seriesSource() : null;
    if (fromSeries !== null) series = fromSeries;
    if (hasFrom && fromSeries === null) {
      from = this.tableReference();
      if (this.isPunctuation(',')) throw new UnsupportedSqlError('several tables in FROM', this.peek().at);
      joins = this.catalogJoins(from);
      const join = this.peek();
      if (
        join.kind === 'name' &&
        ['join', 'inner', 'left', 'right', 'full', 'cross', 'natural'].includes(join.text)
      )
        throw new UnsupportedSqlError('JOIN', join.at);
    }
    const seriesBeforeWhere = this.seriesCalls.length;
    const where = this.accept('where') ? this.expression() : null;
    if (this.seriesCalls.length > seriesBeforeWhere)
      throw new UnsupportedSqlError('set-returning functions in WHERE', this.peek().at);
    const groupBy = this.groupBy();
    this.refuseClauses(['group', 'having', 'window']);
    const orderBy: OrderItem[] = [];
    if (this.accept('order')) {
      this.expectName('by');
      do {
        const expression = this.expression();
        let descending = false;
        if (this.accept('desc')) descending = true;
        else this.accept('asc');
        if (this.isName('nulls')) throw new UnsupportedSqlError('NULLS FIRST / NULLS LAST', this.peek().at);
        orderBy.push({ expression, descending });
      } while (this.acceptPunctuation(','));
    }
    let limit = this.limitClause();
    this.refuseClauses(['limit', 'offset', 'fetch', 'union', 'intersect', 'except']);
    let lock: RowLockStrength | null = null;
    let waitPolicy: LockWaitPolicy = 'block';
    if (this.accept('for')) {
      if (this.accept('update')) lock = 'update';
      else if (this.accept('share')) lock = 'share';
      else if (this.accept('no')) {
        this.expectName('key');
        this.expectName('update');
        lock = 'no key update';
      } else if (this.accept('key')) {
        this.expectName('share');
        lock = 'key share';
      } else throw new SqlSyntaxError('FOR needs UPDATE, NO KEY UPDATE, SHARE or KEY SHARE', this.peek().at);
      if (this.isName('of')) throw new UnsupportedSqlError(`FOR ${lock.toUpperCase()} OF`, this.peek().at);
      if (this.accept('nowait')) waitPolicy = 'nowait';
      else if (this.accept('skip')) {
        this.expectName('locked');
        waitPolicy = 'skip locked';
      }
      // PostgreSQL takes LIMIT before or after the locking clause (gram.y, select_no_parens).
      limit ??= this.limitClause();
      if (from === null)
        throw new SqlSyntaxError(`FOR ${lock.toUpperCase()} needs a table to lock`, this.peek().at);
    }
    const advisoryLocks = this.placedAdvisoryCalls(items, from, where);
    return {
      kind: 'select',
      items,
      from,
      where,
      orderBy,
      lock,
      waitPolicy,
      limit,
      ...(advisoryLocks.length > 0 ? { advisoryLocks } : {}),
      ...(series === undefined ? {} : { series }),
      ...(groupBy.length > 0 ? { groupBy } : {}),
      ...(joins.length > 0 ? { joins } : {}),
      text: '',
    };
  }

  /**
   * `GROUP BY col, …` (names of the table's columns), or none. A grouped query is not sorted or
   * limited in the model: ORDER BY and LIMIT with GROUP BY are refused.
   */
  private groupBy(): string[] {
    if (!this.isName('group')) return [];
    const at = this.next().at;
    this.expectName('by');
    const columns: string[] = [];
    do {
      const expression = this.expression();
      if (expression.kind !== 'column') throw new UnsupportedSqlError('GROUP BY an expression', at);
      columns.push(expression.name);
    } while (this.acceptPunctuation(','));
    if (this.isName('order') || this.isName('limit'))
      throw new UnsupportedSqlError('GROUP BY with ORDER BY or LIMIT', this.peek().at);
    return columns;
  }

  /**
   * `[INNER] JOIN view alias ON condition`, after FROM a catalog view: the model joins the
   * catalog views it keeps (executor/catalog-views.ts), not tables, which stay refused as JOIN.
   */
  private catalogJoins(from: TableReference): { table: TableReference; on: Expression }[] {
    const joins: { table: TableReference; on: Expression }[] = [];
    if (!isCatalogView(from.table)) return joins;
    for (;;) {
      const start = this.peek();
      if (!this.isName('join') && !(this.isName('inner') && this.isName('join', 1))) return joins;
      this.accept('inner');
      this.expectName('join');
      const table = this.tableReference();
      if (!isCatalogView(table.table)) throw new UnsupportedSqlError('JOIN', start.at);
      this.expectName('on');
      joins.push({ table, on: this.expression() });
    }
  }

  /**
   * After FROM: `generate_series(a, b [, step]) [[AS] alias [(column)]]`, also wrapped as
   * `(SELECT * FROM generate_series(…)) alias (column)`; null (nothing read) for anything else.
   * Without a column list the one column is named as the alias (a function returning a scalar
   * in FROM gives its column the alias's name, addRangeTableEntryForFunction).
   */
  private seriesSource(): SeriesSource | null {
    const wrapped =
      this.isPunctuation('(') &&
      this.peek(1).text === 'select' &&
      this.peek(2).text === '*' &&
      this.peek(3).text === 'from' &&
      this.peek(4).text === 'generate_series';
    if (!wrapped && !(this.isName('generate_series') && this.peek(1).text === '(')) return null;
    if (wrapped) {
      this.position += 4;
    }
    this.expectName('generate_series');
    this.expectPunctuation('(');
    const args = [this.expression()];
    while (this.acceptPunctuation(',')) args.push(this.expression());
    this.expectPunctuation(')');
    if (wrapped) this.expectPunctuation(')');
    let alias = 'generate_series';
    let column = 'generate_series';
    const named =
      this.accept('as') ||
      this.peek().kind === 'quoted-name' ||
      (this.peek().kind === 'name' && !reserved.has(this.peek().text));
    if (named) {
      alias = this.identifier('an alias');
      column = alias;
      if (this.acceptPunctuation('(')) {
        column = this.identifier('a column alias');
        this.expectPunctuation(')');
      }
    }
    if (args.length < 2 || args.length > 3)
      throw new UnsupportedSqlError('generate_series() with other than two or three arguments', 0);
    return { arguments: args, alias, column };
  }

  /**
   * Advisory-lock calls stand in two places only: alone in a select list without FROM
   * (`SELECT pg_advisory_lock(1)`), or as `pg_advisory[_xact]_lock[_shared](k) IS NOT NULL`
   * joined by AND to the WHERE clause of a SELECT, UPDATE or DELETE, which makes the statement
   * wait after taking its snapshot (a SELECT takes them before scanning; an UPDATE or DELETE per
   * row, as PostgreSQL evaluates the call for each row the filter sees, and again when
   * EvalPlanQual tests a newer version; execute-modify.ts). Returns the WHERE clause's calls.
   */
  private placedAdvisoryCalls(
    items: readonly SelectItem[],
    from: TableReference | null,
    where: Expression | null,
    perRow = false,
  ): (Expression & { kind: 'advisory' })[] {
    if (this.advisoryCalls === 0) return [];
    const refuse = () => {
      throw new UnsupportedSqlError(
        'advisory-lock functions here (only alone in a SELECT, or as … IS NOT NULL in WHERE)',
        0,
      );
    };
    if (from === null) {
      const alone = items.every((item) => item.kind === 'expression' && item.expression.kind === 'advisory');
      if (!alone || where !== null || items.length !== this.advisoryCalls) refuse();
      return [];
    }
    const calls: (Expression & { kind: 'advisory' })[] = [];
    let otherConditionFirst = false;
    const conjuncts = (expression: Expression | null): void => {
      if (expression === null) return;
      if (expression.kind === 'and') {
        conjuncts(expression.left);
        conjuncts(expression.right);
      } else if (
        expression.kind === 'is' &&
        expression.test === 'null' &&
        expression.negated &&
        expression.operand.kind === 'advisory' &&
        (expression.operand.function === 'pg_advisory_lock' ||
          expression.operand.function === 'pg_advisory_xact_lock' ||
          expression.operand.function === 'pg_advisory_lock_shared' ||
          expression.operand.function === 'pg_advisory_xact_lock_shared')
      ) {
        if (otherConditionFirst && perRow) {
          // An UPDATE's or DELETE's per-row calls come first (execute-modify.ts); PostgreSQL
          // evaluates a filter in the order written (equal costs), skipping the call for a
          // row an earlier condition rejects: that is refused rather than modelled wrongly.
          throw new UnsupportedSqlError('an advisory-lock call after another condition of WHERE', 0);
        }
        calls.push(expression.operand);
      } else otherConditionFirst = true;
    };
    conjuncts(where);
    if (calls.length !== this.advisoryCalls) refuse();
    return calls;
  }

  /** `LIMIT n` with a whole number, or null when there is none. */
  private limitClause(): number | null {
    if (!this.accept('limit')) return null;
    const count = this.next();
    const after = this.peek();
    if (
      count.kind !== 'number' ||
      !/^\d+$/.test(count.text) ||
      after.kind === 'operator' ||
      (after.kind === 'punctuation' && after.text === '(')
    ) {
      throw new UnsupportedSqlError('LIMIT with anything but a whole number', count.at);
    }
    return Number(count.text);
  }

  private insert(): Statement & { kind: 'insert' } {
    this.expectName('insert');
    this.expectName('into');
    const table = this.qualified(this.identifier('a table name'));
    if (this.isName('as')) throw new UnsupportedSqlError('an alias on the INSERT target', this.peek().at);
    let columns: string[] | null = null;
    if (this.isPunctuation('(') && this.peek(1).text === 'select') {
      // `INSERT INTO t (SELECT …)`: the query in parentheses, read as without them.
      this.next();
      const query = this.insertQuery(table, columns);
      this.expectPunctuation(')');
      if (!this.isEnd())
        throw new UnsupportedSqlError('INSERT … (SELECT …) followed by other clauses', this.peek().at);
      return query;
    }
    if (this.acceptPunctuation('(')) {
      columns = [];
      do columns.push(this.identifier('a column name'));
      while (this.acceptPunctuation(','));
      this.expectPunctuation(')');
    }
    if (this.isName('default')) throw new UnsupportedSqlError('DEFAULT VALUES', this.peek().at);
    if (this.isName('overriding')) throw new UnsupportedSqlError('OVERRIDING', this.peek().at);
    if (this.isName('select') && this.tokens.slice(this.position).some((t) => t.text === 'generate_series')) {
      const query = this.insertQuery(table, columns);
      const onConflict = this.onConflict();
      return {
        ...query,
        ...(onConflict === null ? {} : { onConflict }),
        returning: this.returning(),
      };
    }
    if (this.accept('select')) {
      // `INSERT … SELECT 7, 'x'` without FROM makes one row of its expressions, as VALUES does
      // (PostgreSQL resolves the select list's types, then casts each to its column on assignment).
      const row: Expression[] = [];
      const at = this.peek().at;
      try {
        do row.push(this.expression());
        while (this.acceptPunctuation(','));
      } catch (error) {
        if (error instanceof SqlSyntaxError)
          throw new UnsupportedSqlError('INSERT … SELECT with FROM or other clauses', at);
        throw error;
      }
      if (!this.isEnd() && !this.isName('returning') && !this.isName('on')) {
        throw new UnsupportedSqlError('INSERT … SELECT with FROM or other clauses', this.peek().at);
      }
      const onConflict = this.onConflict();
      return {
        kind: 'insert',
        table,
        columns,
        rows: [row],
        ...(onConflict === null ? {} : { onConflict }),
        returning: this.returning(),
        text: '',
      };
    }
    this.expectName('values');
    const rows: Expression[][] = [];
    do {
      this.expectPunctuation('(');
      const row: Expression[] = [];
      do {
        row.push(this.accept('default') ? defaultKeyword : this.expression());
      } while (this.acceptPunctuation(','));
      this.expectPunctuation(')');
      rows.push(row);
    } while (this.acceptPunctuation(','));
    const onConflict = this.onConflict();
    const returning = this.returning();
    return {
      kind: 'insert',
      table,
      columns,
      rows,
      ...(onConflict === null ? {} : { onConflict }),
      returning,
      text: '',
    };
  }

  /** `INSERT … SELECT … FROM generate_series(…)`: the rows come from the query. */
  private insertQuery(table: string, columns: string[] | null): Statement & { kind: 'insert' } {
    const query = this.select();
    if (query.series === undefined)
      throw new UnsupportedSqlError('INSERT … SELECT with FROM or other clauses', this.peek().at);
    return {
      kind: 'insert',
      table,
      columns,
      rows: [],
      query: { ...query, text: '' },
      returning: null,
      text: '',
    };
  }

  /** `ON CONFLICT [(col, …)] DO NOTHING | DO UPDATE SET … [WHERE …]`, or null when there is none. */
  private onConflict(): OnConflict | null {
    if (!this.accept('on')) return null;
    this.expectName('conflict');
    let target: string[] | null = null;
    if (this.isName('on')) throw new UnsupportedSqlError('ON CONFLICT ON CONSTRAINT', this.peek().at);
    if (this.acceptPunctuation('(')) {
      target = [];
      do {
        if (this.isPunctuation('(') || this.peek(1).text === '(') {
          // An expression, matched against an expression index's key (infer_arbiter_indexes):
          // kept as its parse tree's text, as the index keeps its own.
          target.push(JSON.stringify(this.expression()));
          continue;
        }
        target.push(this.identifier('a column name'));
      } while (this.acceptPunctuation(','));
      this.expectPunctuation(')');
      if (this.isName('where'))
        throw new UnsupportedSqlError('ON CONFLICT (…) WHERE (partial indexes)', this.peek().at);
    }
    this.expectName('do');
    if (this.accept('nothing')) return { target, action: 'nothing' };
    this.expectName('update');
    this.expectName('set');
    const assignments = this.assignments();
    const where = this.accept('where') ? this.expression() : null;
    return { target, action: 'update', assignments, where };
  }

  private update(): Statement & { kind: 'update' } {
    this.expectName('update');
    if (this.isName('only')) throw new UnsupportedSqlError('UPDATE ONLY', this.peek().at);
    const target = this.tableReference();
    this.expectName('set');
    const assignments = this.assignments();
    if (this.isName('from')) throw new UnsupportedSqlError('UPDATE … FROM (a join)', this.peek().at);
    const where = this.accept('where') ? this.whereClause() : null;
    const returning = this.returning();
    const advisoryLocks = this.placedAdvisoryCalls([], target, where, true);
    return {
      kind: 'update',
      target,
      assignments,
      where,
      returning,
      ...(advisoryLocks.length > 0 ? { advisoryLocks } : {}),
      text: '',
    };
  }

  /** `col = e, …` after SET, in UPDATE and in ON CONFLICT DO UPDATE. */
  assignments(): { column: string; value: Expression }[] {
    const assignments: { column: string; value: Expression }[] = [];
    do {
      if (this.isPunctuation('('))
        throw new UnsupportedSqlError('multiple-column SET (a, b) = …', this.peek().at);
      const column = this.identifier('a column name');
      if (this.isPunctuation('.') || this.isPunctuation('['))
        throw new UnsupportedSqlError('assigning to a field or array element', this.peek().at);
      this.expectOperator('=');
      assignments.push({ column, value: this.accept('default') ? defaultKeyword : this.expression() });
    } while (this.acceptPunctuation(','));
    return assignments;
  }

  private delete(): Statement & { kind: 'delete' } {
    this.expectName('delete');
    this.expectName('from');
    if (this.isName('only')) throw new UnsupportedSqlError('DELETE FROM ONLY', this.peek().at);
    const target = this.tableReference();
    if (this.isName('using')) throw new UnsupportedSqlError('DELETE … USING (a join)', this.peek().at);
    const where = this.accept('where') ? this.whereClause() : null;
    const returning = this.returning();
    const advisoryLocks = this.placedAdvisoryCalls([], target, where, true);
    return {
      kind: 'delete',
      target,
      where,
      returning,
      ...(advisoryLocks.length > 0 ? { advisoryLocks } : {}),
      text: '',
    };
  }

  private whereClause(): Expression {
    if (this.isName('current')) throw new UnsupportedSqlError('WHERE CURRENT OF (cursors)', this.peek().at);
    return this.expression();
  }

  private createTable(): Statement & { kind: 'create-table' | 'create-table-as' } {
    this.expectName('create');
    const temporary = this.accept('temp') || this.accept('temporary');
    const what = this.peek();
    if (what.kind === 'name' && what.text !== 'table') {
      const names: Record<string, string> = {
        index: 'CREATE INDEX (the model indexes the primary key only)',
        unique: 'CREATE UNIQUE INDEX (the model indexes the primary key only)',
        view: 'CREATE VIEW',
        materialized: 'materialized views',
        function: 'CREATE FUNCTION',
        trigger: 'triggers',
        sequence: 'sequences',
        unlogged: 'unlogged tables',
        schema: 'CREATE SCHEMA',
        extension: 'extensions',
        type: 'CREATE TYPE',
        or: 'CREATE OR REPLACE',
      };
      throw new UnsupportedSqlError(names[what.text] ?? `CREATE ${what.text.toUpperCase()}`, what.at);
    }
    this.expectName('table');
    if (this.isName('if')) throw new UnsupportedSqlError('CREATE TABLE IF NOT EXISTS', this.peek().at);
    const table = this.qualified(this.identifier('a table name'));
    const hierarchy = { ...(temporary ? { temporary } : {}) };
    if (this.accept('partition')) {
      // `PARTITION OF parent FOR VALUES …`: the parent's columns; a column list may only add constraints.
      this.expectName('of');
      const parent = this.identifier('a table name');
      if (this.isPunctuation('('))
        throw new UnsupportedSqlError('a column list in PARTITION OF', this.peek().at);
      const bound = parsePartitionBound(this);
      const partitionBy = this.accept('partition') ? parsePartitionKey(this) : undefined;
      if (!this.isEnd())
        throw new UnsupportedSqlError('table options after CREATE TABLE (…)', this.peek().at);
      return {
        kind: 'create-table',
        table,
        columns: [],
        primaryKey: [],
        partitionOf: { parent, bound },
        ...(partitionBy === undefined ? {} : { partitionBy }),
        ...hierarchy,
        text: '',
      };
    }
    if (this.accept('as')) {
      // CREATE TABLE … AS SELECT: the query's columns, names and types make the table.
      if (!this.isName('select'))
        throw new UnsupportedSqlError('CREATE TABLE … AS with anything but SELECT', this.peek().at);
      const query = this.select();
      if (query.from !== null) throw new UnsupportedSqlError('CREATE TABLE … AS SELECT FROM a table', 0);
      if (query.lock !== null || query.advisoryLocks !== undefined)
        throw new UnsupportedSqlError('CREATE TABLE … AS with a locking query', 0);
      if (this.isName('with'))
        throw new UnsupportedSqlError('CREATE TABLE … AS … WITH [NO] DATA', this.peek().at);
      return { kind: 'create-table-as', table, query: { ...query, text: '' }, text: '' };
    }
    this.expectPunctuation('(');
    const columns: ColumnDefinition[] = [];
    let primaryKey: string[] = [];
    // A table with no columns (PostgreSQL allows it; its rows are empty tuples).
    if (this.acceptPunctuation(')')) {
      const options = this.tableOptions();
      if (!this.isEnd())
        throw new UnsupportedSqlError('table options after CREATE TABLE (…)', this.peek().at);
      return { kind: 'create-table', table, columns, primaryKey, ...hierarchy, ...options, text: '' };
    }
    const include: string[] = [];
    const foreignKeys: ForeignKeyDefinition[] = [];
    let primaryKeyName: string | null = null;
    const setPrimaryKey = (names: string[], at: number) => {
      if (primaryKey.length > 0)
        throw new SqlSyntaxError(`multiple primary keys for table "${table}" are not allowed`, at);
      primaryKey = names;
    };
    do {
      let start = this.peek();
      // `CONSTRAINT name` before a table constraint: the name is kept for a foreign key only.
      const constraintName = this.accept('constraint') ? this.identifier('a constraint name') : null;
      if (constraintName !== null) start = this.peek();
      if (start.kind === 'name' && start.text === 'foreign') {
        this.next();
        this.expectName('key');
        foreignKeys.push(parseReferences(this, constraintName, this.nameList('a column name')));
        continue;
      }
      if (constraintName !== null && !this.isName('primary'))
        throw new UnsupportedSqlError(`${start.text.toUpperCase()} constraints`, start.at);
      if (start.kind === 'name' && start.text === 'primary') {
        this.next();
        this.expectName('key');
        this.expectPunctuation('(');
        const names: string[] = [];
        do names.push(this.identifier('a column name'));
        while (this.acceptPunctuation(','));
        this.expectPunctuation(')');
        setPrimaryKey(names, start.at);
        primaryKeyName = constraintName;
        if (this.accept('include')) {
          // Columns the index stores beside the key (PostgreSQL 11): not part of the key.
          this.expectPunctuation('(');
          do include.push(this.identifier('a column name'));
          while (this.acceptPunctuation(','));
          this.expectPunctuation(')');
        }
        continue;
      }
      if (start.kind === 'name' && ['unique', 'check', 'foreign', 'exclude'].includes(start.text)) {
        throw new UnsupportedSqlError(`${start.text.toUpperCase()} constraints`, start.at);
      }
      // `(LIKE t)` copies another table's columns; it is not a pattern match, so say which it is.
      if (start.kind === 'name' && start.text === 'like')
        throw new UnsupportedSqlError('CREATE TABLE … (LIKE table)', start.at);
      const name = this.identifier('a column name');
      // `serial`: an integer column whose DEFAULT is the next value of a sequence made with it.
      const serial = ['smallserial', 'serial', 'bigserial'].find((word) => this.isName(word)) ?? null;
      if (serial !== null) this.next();
      const { type, typmod } =
        serial === null
          ? this.columnTypeAndTypmod()
          : { type: serial === 'bigserial' ? ('bigint' as const) : ('integer' as const), typmod: undefined };
      let notNull = serial !== null;
      for (;;) {
        let token = this.peek();
        const constraintName = this.accept('constraint') ? this.identifier('a constraint name') : null;
        if (constraintName !== null) token = this.peek();
        if (this.isName('references')) {
          foreignKeys.push(parseReferences(this, constraintName, [name]));
        } else if (this.accept('not')) {
          this.expectName('null');
          notNull = true;
        } else if (this.accept('null')) {
          // Explicitly nullable: the default.
        } else if (this.accept('primary')) {
          this.expectName('key');
          setPrimaryKey([name], token.at);
          primaryKeyName = constraintName;
          notNull = true;
        } else if (
          token.kind === 'name' &&
          ['unique', 'check', 'default', 'generated', 'constraint', 'collate'].includes(token.text)
        ) {
          throw new UnsupportedSqlError(`${token.text.toUpperCase()} on a column`, token.at);
        } else break;
      }
      const sequence = `${table}_${name}_seq`;
      columns.push({
        name,
        type,
        notNull,
        ...(typmod === undefined ? {} : { typmod }),
        ...(serial === null ? {} : { default: { kind: 'nextval', sequence, owned: true } as const }),
      });
    } while (this.acceptPunctuation(','));
    this.expectPunctuation(')');
    const options = this.tableOptions();
    let fillfactor: number | null = null;
    if (this.accept('with')) {
      // Storage parameters (parse-index-ddl.ts): fillfactor, and those the model ignores.
      const cursor = new TokenCursor(this.tokens, this.text, this.position);
      fillfactor = parseStorageParameters(cursor).fillfactor;
      this.position = cursor.position;
    }
    if (!this.isEnd()) throw new UnsupportedSqlError('table options after CREATE TABLE (…)', this.peek().at);
    for (const key of primaryKey) {
      const index = columns.findIndex((column) => column.name === key);
      const column = columns[index];
      if (column === undefined)
        throw new SqlSyntaxError(`column "${key}" named in key does not exist`, this.peek().at);
      columns[index] = { ...column, notNull: true };
    }
    // Index keys compare as the model's values do; a numeric's text form does not order by value.
    if (columns.some((column) => column.type === 'numeric' && primaryKey.includes(column.name)))
      throw new UnsupportedSqlError('a numeric primary key', 0);
    for (const name of include)
      if (!columns.some((column) => column.name === name))
        throw new SqlSyntaxError(`column "${name}" named in key does not exist`, this.peek().at);
    return {
      kind: 'create-table',
      table,
      columns,
      primaryKey,
      ...(include.length > 0 ? { include } : {}),
      ...hierarchy,
      ...options,
      ...(foreignKeys.length > 0 ? { foreignKeys } : {}),
      ...(primaryKeyName === null ? {} : { primaryKeyName }),
      ...(fillfactor === null ? {} : { fillfactor }),
      text: '',
    };
  }

  /** After CREATE TABLE's column list: `INHERITS (…)` and `PARTITION BY …` (parse-partition.ts). */
  private tableOptions(): { inherits?: string[]; partitionBy?: PartitionKeySpec } {
    const inherits = this.accept('inherits') ? parseInherits(this) : undefined;
    const partitionBy = this.accept('partition') ? parsePartitionKey(this) : undefined;
    return {
      ...(inherits === undefined ? {} : { inherits }),
      ...(partitionBy === undefined ? {} : { partitionBy }),
    };
  }

  /** `(n)` or `(n, m)` after a type name: its modifier's numbers; none when there is no list. */
  private typmodNumbers(): number[] {
    if (!this.acceptPunctuation('(')) return [];
    const numbers: number[] = [];
    do {
      const token = this.peek();
      this.expectNumber();
      numbers.push(Number(token.text));
    } while (this.acceptPunctuation(','));
    this.expectPunctuation(')');
    return numbers;
  }

  /** A column's type and its modifier (`numeric(13, 2)`, `char(3)`), as a column definition holds them. */
  private columnTypeAndTypmod(): { type: SqlType; typmod?: ColumnTypmod } {
    this.typmod = undefined;
    const type = this.columnType();
    const typmod = this.typmod;
    return typmod === undefined ? { type } : { type, typmod };
  }

  columnType(): SqlType {
    const token = this.peek();
    const name = this.identifier('a column type');
    let type: SqlType;
    switch (name) {
      case 'int':
      case 'integer':
      case 'int4':
      case 'smallint':
      case 'int2':
        type = 'integer';
        break;
      case 'bigint':
      case 'int8':
        type = 'bigint';
        break;
      case 'text':
        type = 'text';
        break;
      case 'numeric':
      case 'decimal': {
        type = 'numeric';
        const [precision, scale = 0] = this.typmodNumbers();
        if (precision !== undefined) this.typmod = numericTypmod(precision, scale, token.at);
        break;
      }
      case 'varchar':
      case 'character':
      case 'char':
      case 'bpchar': {
        type = 'text';
        const varying = name === 'varchar' || this.accept('varying');
        const [length] = this.typmodNumbers();
        // character without a length is character(1); varchar without one has no limit.
        if (!varying) this.typmod = { kind: 'char', length: length ?? 1 };
        else if (length !== undefined) this.typmod = { kind: 'varchar', length };
        break;
      }
      case 'boolean':
      case 'bool':
        type = 'boolean';
        break;
      case 'date':
      case 'timestamptz':
        type = name;
        break;
      case 'timestamp':
        type = this.timeZoneClause();
        break;
      case 'serial':
      case 'bigserial':
        throw new UnsupportedSqlError(`the type ${name} (sequences)`, token.at);
      default:
        throw new UnsupportedSqlError(
          `the type ${name} (the model has integer, bigint, numeric, text, character, boolean, date and timestamp columns)`,
          token.at,
        );
    }
    if (this.isPunctuation('[')) throw new UnsupportedSqlError('arrays', this.peek().at);
    return type;
  }

  private dropTable(): Statement & { kind: 'drop-table' } {
    this.expectName('drop');
    const what = this.peek();
    if (!this.accept('table')) throw new UnsupportedSqlError(`DROP ${what.text.toUpperCase()}`, what.at);
    let ifExists = false;
    if (this.accept('if')) {
      this.expectName('exists');
      ifExists = true;
    }
    const tables: string[] = [];
    do tables.push(this.qualified(this.identifier('a table name')));
    while (this.acceptPunctuation(','));
    this.optional('restrict');
    if (this.isName('cascade')) throw new UnsupportedSqlError('DROP … CASCADE', this.peek().at);
    return { kind: 'drop-table', tables, ifExists, text: '' };
  }

  /** `LOCK [TABLE] [ONLY] t, … [IN mode MODE] [NOWAIT]`; the mode is ACCESS EXCLUSIVE unless named. */
  private lockTable(): Statement & { kind: 'lock-table' } {
    this.expectName('lock');
    this.optional('table');
    this.optional('only');
    const tables: string[] = [];
    do {
      tables.push(this.qualified(this.identifier('a table name')));
    } while (this.acceptPunctuation(','));
    let mode: RelationLockMode = 'ACCESS EXCLUSIVE';
    if (this.accept('in')) {
      const words: string[] = [];
      while (!this.isName('mode') && !this.isEnd()) words.push(this.next().text.toUpperCase());
      this.expectName('mode');
      const named = words.join(' ');
      const found = relationLockModes.find((candidate) => candidate === named);
      if (found === undefined) throw new SqlSyntaxError(`unknown lock mode ${named}`, this.peek().at);
      mode = found;
    }
    const nowait = this.accept('nowait');
    return { kind: 'lock-table', tables, mode, nowait, text: '' };
  }

  private begin(): Statement & { kind: 'begin' } {
    if (this.accept('start')) this.expectName('transaction');
    else {
      this.expectName('begin');
      this.optional('work', 'transaction');
    }
    return { kind: 'begin', modes: this.transactionModes(), text: '' };
  }

  private setTransaction(): Statement & { kind: 'set-transaction' | 'set-setting' | 'set-planner' } {
    this.expectName('set');
    const what = this.peek();
    if (what.kind === 'name' && ignoredSettings.has(what.text)) return this.ignoredSetting();
    const planner = this.plannerSetting();
    if (planner !== null) return planner;
    if (!this.accept('transaction')) {
      if (what.kind === 'name' && (what.text === 'session' || what.text === 'local')) {
        throw new UnsupportedSqlError('SET SESSION / SET LOCAL (only SET TRANSACTION)', what.at);
      }
      throw new UnsupportedSqlError(`SET ${what.text} (settings other than SET TRANSACTION)`, what.at);
    }
    if (this.isName('snapshot')) throw new UnsupportedSqlError('SET TRANSACTION SNAPSHOT', this.peek().at);
    const modes = this.transactionModes();
    if (modes.isolation === null && modes.readOnly === null && modes.deferrable === null)
      throw new SqlSyntaxError('SET TRANSACTION needs a mode', this.peek().at);
    return { kind: 'set-transaction', modes, text: '' };
  }

  /**
   * `SET name = value` (or `TO value`) for a setting that changes no result the model shows:
   * parallel query (a parallel plan returns the same rows and, since PostgreSQL 12, takes the
   * same SIREAD locks: the workers share the leader's serializable transaction, predicate.c)
   * and the level of messages sent to the client. Taken and ignored.
   */
  private ignoredSetting(): Statement & { kind: 'set-setting' } {
    const name = this.identifier('a setting');
    if (!this.acceptOperator('=')) this.expectName('to');
    const value = this.next();
    if (value.kind === 'end') this.fail('a value');
    if (!this.isEnd()) throw new SqlSyntaxError(`unexpected '${this.peek().text}'`, this.peek().at);
    return { kind: 'set-setting', name, text: '' };
  }

  /**
   * `SET [SESSION | LOCAL] enable_seqscan = off` and the other switches the model's choice of
   * access path reads (executor/choose-access-path.ts); null (nothing read) for other settings.
   */
  private plannerSetting(): (Statement & { kind: 'set-planner' }) | null {
    const scoped = this.isName('session') || this.isName('local');
    const name = this.peek(scoped ? 1 : 0).text;
    const settings: readonly PlannerSetting[] = [
      'enable_seqscan',
      'enable_indexscan',
      'enable_bitmapscan',
      'enable_indexonlyscan',
    ];
    const costs: readonly PlannerCost[] = [
      'seq_page_cost',
      'random_page_cost',
      'cpu_tuple_cost',
      'cpu_operator_cost',
    ];
    const cost = costs.find((candidate) => candidate === name);
    const setting = settings.find((candidate) => candidate === name);
    if (setting === undefined && cost === undefined) return null;
    const local = this.accept('local');
    this.accept('session');
    this.next();
    if (!this.acceptOperator('=')) this.expectName('to');
    const value = this.next();
    if (cost !== undefined) {
      const amount = Number(value.text);
      if (value.kind !== 'number' && value.kind !== 'string') this.fail('a number');
      if (!Number.isFinite(amount) || amount < 0)
        throw new SqlSyntaxError(`invalid value for parameter "${cost}": "${value.text}"`, value.at);
      if (!this.isEnd()) throw new SqlSyntaxError(`unexpected '${this.peek().text}'`, this.peek().at);
      return { kind: 'set-planner', setting: cost, enabled: true, cost: amount, local, text: '' };
    }
    if (setting === undefined) return null;
    const word = value.text.toLowerCase();
    const on = ['on', 'true', 'yes', '1', 't'];
    const off = ['off', 'false', 'no', '0', 'f'];
    if (!on.includes(word) && !off.includes(word))
      throw new SqlSyntaxError(`parameter "${setting}" requires a Boolean value`, value.at);
    if (!this.isEnd()) throw new SqlSyntaxError(`unexpected '${this.peek().text}'`, this.peek().at);
    return { kind: 'set-planner', setting, enabled: on.includes(word), local, text: '' };
  }

  private transactionModes(): TransactionModes {
    let isolation: TransactionModes['isolation'] = null;
    let readOnly: boolean | null = null;
    let deferrable: boolean | null = null;
    for (;;) {
      if (this.accept('isolation')) {
        this.expectName('level');
        if (this.accept('serializable')) isolation = 'serializable';
        else if (this.accept('repeatable')) {
          this.expectName('read');
          isolation = 'repeatable read';
        } else {
          this.expectName('read');
          if (this.accept('committed')) isolation = 'read committed';
          else {
            this.expectName('uncommitted');
            isolation = 'read uncommitted';
          }
        }
      } else if (this.accept('read')) {
        if (this.accept('only')) readOnly = true;
        else {
          this.expectName('write');
          readOnly = false;
        }
      } else if (this.accept('deferrable')) {
        deferrable = true;
      } else if (this.accept('not')) {
        this.expectName('deferrable');
        deferrable = false;
      } else break;
      this.acceptPunctuation(',');
    }
    return { isolation, readOnly, deferrable };
  }

  private refuseChain(): void {
    if (this.isName('and'))
      throw new UnsupportedSqlError('COMMIT AND CHAIN / ROLLBACK AND CHAIN', this.peek().at);
  }

  // ---- clauses ------------------------------------------------------------------------------

  private selectItems(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      if (this.acceptOperator('*')) {
        items.push({ kind: 'star' });
        continue;
      }
      const expression = this.expression();
      if (this.isPunctuation('.') && expression.kind === 'column')
        throw new UnsupportedSqlError('table.* in a select list', this.peek().at);
      let alias: string | null = null;
      if (this.accept('as')) alias = this.identifier('a column alias');
      else if (
        this.peek().kind === 'quoted-name' ||
        (this.peek().kind === 'name' && !reserved.has(this.peek().text))
      )
        alias = this.identifier('a column alias');
      items.push({ kind: 'expression', expression, alias });
    } while (this.acceptPunctuation(','));
    return items;
  }

  private returning(): SelectItem[] | null {
    return this.accept('returning') ? this.selectItems() : null;
  }

  tableReference(): TableReference {
    const token = this.peek();
    if (token.kind === 'punctuation' && token.text === '(')
      throw new UnsupportedSqlError('a subquery in FROM', token.at);
    const table = this.qualified(this.identifier('a table name'));
    if (this.isPunctuation('('))
      throw new UnsupportedSqlError(`the set-returning function ${table}()`, token.at);
    let alias = table.slice(table.indexOf('.') + 1);
    if (this.accept('as')) alias = this.identifier('an alias');
    else if (
      this.peek().kind === 'quoted-name' ||
      (this.peek().kind === 'name' && !reserved.has(this.peek().text))
    )
      alias = this.identifier('an alias');
    return { table, alias };
  }

  /**
   * `schema.name`: a table in a schema of its own keeps the schema in the model's name for it
   * (`s.t`); `public.t`, the schema every unqualified name is looked for in, is `t`.
   */
  private qualified(name: string): string {
    if (!this.acceptPunctuation('.')) return name;
    const inner = this.identifier('a table name');
    if (this.isPunctuation('.')) throw new UnsupportedSqlError('names with a database part', this.peek().at);
    return name === 'public' ? inner : `${name}.${inner}`;
  }

  private refuseClauses(keywords: readonly string[]): void {
    const token = this.peek();
    if (token.kind === 'name' && keywords.includes(token.text)) {
      throw new UnsupportedSqlError(clauseName(token.text) ?? token.text.toUpperCase(), token.at);
    }
  }

  // ---- expressions --------------------------------------------------------------------------

  expression(): Expression {
    let left = this.conjunction();
    while (this.accept('or')) left = { kind: 'or', left, right: this.conjunction() };
    return left;
  }

  private conjunction(): Expression {
    let left = this.negation();
    while (this.accept('and')) left = { kind: 'and', left, right: this.negation() };
    return left;
  }

  private negation(): Expression {
    if (this.accept('not')) return { kind: 'not', operand: this.negation() };
    return this.predicate();
  }

  private predicate(): Expression {
    const left = this.additive();
    const token = this.peek();
    if (token.kind === 'operator' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      this.next();
      if (this.isName('any') || this.isName('all') || this.isName('some'))
        throw new UnsupportedSqlError(`${this.peek().text.toUpperCase()} (…)`, this.peek().at);
      const operator = token.text === '!=' ? '<>' : (token.text as '=' | '<>' | '<' | '<=' | '>' | '>=');
      const right = this.additive();
      const after = this.peek();
      if (after.kind === 'operator' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(after.text))
        throw new SqlSyntaxError(`chained comparison at '${after.text}'`, after.at);
      return { kind: 'comparison', operator, left, right };
    }
    let negated = false;
    if (this.isName('not') && ['between', 'in', 'like', 'ilike', 'similar'].includes(this.peek(1).text)) {
      this.next();
      negated = true;
    }
    if (this.accept('between')) {
      if (this.isName('symmetric')) throw new UnsupportedSqlError('BETWEEN SYMMETRIC', this.peek().at);
      const low = this.additive();
      this.expectName('and');
      const high = this.additive();
      return { kind: 'between', operand: left, low, high, negated };
    }
    if (this.accept('in')) {
      this.expectPunctuation('(');
      // `IN (SELECT …)`: the subquery's rows stand for the list (evaluate-subqueries.ts).
      if (this.isName('select')) return { kind: 'in', operand: left, list: [this.subquery('rows')], negated };
      const list: Expression[] = [];
      do list.push(this.expression());
      while (this.acceptPunctuation(','));
      this.expectPunctuation(')');
      return { kind: 'in', operand: left, list, negated };
    }
    if (this.isName('like') || this.isName('ilike')) {
      const caseInsensitive = this.next().text === 'ilike';
      const pattern = this.additive();
      if (this.isName('escape')) throw new UnsupportedSqlError('LIKE … ESCAPE', this.peek().at);
      return { kind: 'like', operand: left, pattern, negated, caseInsensitive };
    }
    if (this.isName('similar'))
      throw new UnsupportedSqlError(`${this.peek().text.toUpperCase()} (pattern matching)`, this.peek().at);
    if (this.accept('is')) {
      const not = this.accept('not');
      if (this.accept('null')) return { kind: 'is', operand: left, test: 'null', negated: not };
      if (this.accept('true')) return { kind: 'is', operand: left, test: 'true', negated: not };
      if (this.accept('false')) return { kind: 'is', operand: left, test: 'false', negated: not };
      if (this.isName('distinct')) throw new UnsupportedSqlError('IS DISTINCT FROM', this.peek().at);
      throw new SqlSyntaxError('IS needs NULL, TRUE or FALSE', this.peek().at);
    }
    return left;
  }

  private additive(): Expression {
    let left = this.multiplicative();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'operator' && (token.text === '+' || token.text === '-' || token.text === '||')) {
        this.next();
        left = { kind: 'arithmetic', operator: token.text, left, right: this.multiplicative() };
      } else return left;
    }
  }

  private multiplicative(): Expression {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'operator' && (token.text === '*' || token.text === '/' || token.text === '%')) {
        this.next();
        left = { kind: 'arithmetic', operator: token.text, left, right: this.unary() };
      } else return left;
    }
  }

  private unary(): Expression {
    if (this.acceptOperator('-')) {
      const operand = this.unary();
      if (operand.kind === 'literal' && typeof operand.value === 'number')
        return { ...operand, value: -operand.value };
      return { kind: 'negate', operand };
    }
    if (this.acceptOperator('+')) return this.unary();
    let primary = this.primary();
    // `e::type`, an explicit cast; it binds tighter than any operator (gram.y's TYPECAST).
    while (this.acceptOperator('::')) {
      if (this.isName('regclass') && this.regclassAt < 0) this.regclassAt = this.peek().at;
      primary = this.accept('regclass')
        ? { kind: 'regclass', operand: primary }
        : { kind: 'cast', operand: primary, type: this.castType() };
    }
    const after = this.peek();
    if (after.kind === 'punctuation' && after.text === '[') throw new UnsupportedSqlError('arrays', after.at);
    return primary;
  }

  /** The type after `::`: one of the model's column types, by any of PostgreSQL's names for it. */
  private castType(): SqlType {
    const token = this.peek();
    const name = this.identifier('a type name');
    const types: Record<string, SqlType> = {
      int: 'integer',
      integer: 'integer',
      int4: 'integer',
      bigint: 'bigint',
      int8: 'bigint',
      numeric: 'numeric',
      decimal: 'numeric',
      text: 'text',
      varchar: 'text',
      boolean: 'boolean',
      bool: 'boolean',
    };
    const type = types[name];
    if (type === undefined || this.isPunctuation('('))
      throw new UnsupportedSqlError(`casts to the type ${name}`, token.at);
    return type;
  }

  private primary(): Expression {
    const token = this.next();
    switch (token.kind) {
      case 'number': {
        if (!/^\d+$/.test(token.text)) {
          // A literal with a point or an exponent is numeric (make_const in parse_node.c).
          const numeric = parseNumeric(token.text);
          if (numeric === null) throw new SqlSyntaxError(`unexpected '${token.text}'`, token.at);
          return { kind: 'literal', value: numericValue(numeric), type: 'numeric' };
        }
        const value = Number(token.text);
        if (value > 2 ** 63 - 1)
          throw new UnsupportedSqlError(`the number ${token.text} (numeric values)`, token.at);
        return { kind: 'literal', value, type: value > 2 ** 31 - 1 ? 'bigint' : 'integer' };
      }
      case 'string':
        return { kind: 'literal', value: token.text, type: 'unknown' };
      case 'punctuation':
        if (token.text === '(') {
          if (this.isName('select')) return this.subquery('value');
          const inner = this.expression();
          if (this.isPunctuation(','))
            throw new UnsupportedSqlError('row constructors (a, b)', this.peek().at);
          this.expectPunctuation(')');
          return inner;
        }
        break;
      case 'quoted-name':
        return this.columnAfter(token.text);
      case 'name': {
        const word = token.text;
        if (word === 'null') return { kind: 'literal', value: null, type: null };
        if (word === 'true' || word === 'false')
          return { kind: 'literal', value: word === 'true', type: 'boolean' };
        if (word === 'exists') {
          this.expectPunctuation('(');
          if (!this.isName('select')) this.fail('SELECT');
          return this.subquery('exists');
        }
        if (word === 'case') throw new UnsupportedSqlError('CASE', token.at);
        if (word === 'cast') throw new UnsupportedSqlError('CAST', token.at);
        if (word === 'select') throw new UnsupportedSqlError('a subquery', token.at);
        if (word === 'array') throw new UnsupportedSqlError('arrays', token.at);
        if (word === 'interval') throw new UnsupportedSqlError(`${word} values`, token.at);
        if ((word === 'date' || word === 'timestamp' || word === 'timestamptz') && !this.isPunctuation('('))
          return this.typedLiteral(word, token.at);
        if (this.isPunctuation('(')) return this.functionCall(word, token.at);
        if (reserved.has(word)) throw new SqlSyntaxError(`unexpected '${word}'`, token.at);
        return this.columnAfter(word);
      }
      default:
        break;
    }
    if (token.kind === 'end') throw new SqlSyntaxError('the statement ends too early', token.at);
    throw new SqlSyntaxError(`unexpected '${token.text}'`, token.at);
  }

  /**
   * `DATE '…'`, `TIMESTAMP [WITH[OUT] TIME ZONE] '…'`, `TIMESTAMPTZ '…'`: a constant of that type
   * (gram.y's AexprConst ConstTypename Sconst), read now, as PostgreSQL reads it at analysis.
   */
  private typedLiteral(word: 'date' | 'timestamp' | 'timestamptz', at: number): Expression {
    const type = word === 'timestamp' ? this.timeZoneClause() : word;
    const token = this.peek();
    if (token.kind !== 'string') {
      if (word === 'date' || word === 'timestamp') return this.columnAfter(word); // a column so named
      this.fail('a quoted value');
    }
    this.next();
    try {
      return { kind: 'literal', value: parseDateTime(type, token.text), type };
    } catch (error) {
      if (error instanceof Error) throw new SqlSyntaxError(error.message, at);
      throw error;
    }
  }

  /** After TIMESTAMP: `WITH TIME ZONE` makes it timestamptz; `WITHOUT TIME ZONE` or nothing, timestamp. */
  private timeZoneClause(): 'timestamp' | 'timestamptz' {
    if (this.acceptPunctuation('(')) {
      this.expectNumber(); // the precision: the model keeps what is written
      this.expectPunctuation(')');
    }
    const withZone = this.isName('with');
    if (!this.accept('with') && !this.accept('without')) return 'timestamp';
    this.expectName('time');
    this.expectName('zone');
    return withZone ? 'timestamptz' : 'timestamp';
  }

  /**
   * `(SELECT …)`, after its parenthesis (gram.y's select_with_parens): a scalar subquery, the
   * subquery of `EXISTS (…)`, or the rows of `IN (…)`.
   */
  private subquery(form: 'value' | 'exists' | 'rows'): Expression & { kind: 'subquery' } {
    const start = this.peek().at;
    const query = this.select();
    const end = this.peek().at;
    this.expectPunctuation(')');
    return { kind: 'subquery', form, query: { ...query, text: this.text.slice(start, end).trim() } };
  }

  private columnAfter(first: string): Expression {
    if (this.acceptPunctuation('.')) {
      if (this.acceptOperator('*')) throw new UnsupportedSqlError('table.* in a select list', this.peek().at);
      const name = this.identifier('a column name');
      if (this.isPunctuation('.')) throw new UnsupportedSqlError('schema-qualified names', this.peek().at);
      return { kind: 'column', table: first, name };
    }
    return { kind: 'column', table: null, name: first };
  }

  private functionCall(name: string, at: number): Expression {
    this.expectPunctuation('(');
    if (name === 'nextval') {
      const argument = this.next();
      if (argument.kind !== 'string')
        throw new UnsupportedSqlError("nextval() with anything but a sequence's name", argument.at);
      this.expectPunctuation(')');
      this.nextvalCalls++;
      return { kind: 'nextval', sequence: argument.text };
    }
    if (name === 'count' || name === 'sum' || name === 'min' || name === 'max') {
      if (this.isName('distinct')) throw new UnsupportedSqlError(`${name}(DISTINCT …)`, this.peek().at);
      let argument: Expression | null = null;
      if (name === 'count' && this.acceptOperator('*')) argument = null;
      else argument = this.expression();
      this.expectPunctuation(')');
      if (this.isName('filter')) throw new UnsupportedSqlError('FILTER (WHERE …)', this.peek().at);
      if (this.isName('over')) throw new UnsupportedSqlError('window functions (OVER)', this.peek().at);
      return { kind: 'aggregate', function: name, argument };
    }
    if (name === 'coalesce') {
      const args = [this.expression()];
      while (this.acceptPunctuation(',')) args.push(this.expression());
      this.expectPunctuation(')');
      return { kind: 'coalesce', arguments: args };
    }
    if (name === 'current_setting') return this.currentSetting(at);
    if (name === 'generate_series') {
      // A set-returning call in a select list: select() makes it the query's row source.
      const args = [this.expression()];
      while (this.acceptPunctuation(',')) args.push(this.expression());
      this.expectPunctuation(')');
      this.seriesCalls.push(args);
      return { kind: 'column', table: null, name: 'generate_series' };
    }
    if (name.startsWith('pg_advisory_')) return this.advisoryCall(name, at);
    if (name === 'lower' || name === 'upper') {
      const argument = this.expression();
      this.expectPunctuation(')');
      return { kind: 'case-fold', function: name, argument };
    }
    const known: Record<string, string> = {
      avg: 'the aggregate avg() (it returns numeric; the model has count, sum, min and max)',
      nullif: 'NULLIF',
      greatest: 'GREATEST',
      least: 'LEAST',
    };
    throw new UnsupportedSqlError(known[name] ?? `the function ${name}()`, at);
  }

  /**
   * `current_setting('default_transaction_isolation')`: the model's sessions never change
   * their default level (a transaction's own level comes from BEGIN or SET TRANSACTION, and
   * SET SESSION CHARACTERISTICS is not in the subset), so the answer is always PostgreSQL's
   * default, `read committed`, as text. Other settings are refused by name.
   */
  private currentSetting(at: number): Expression {
    const argument = this.next();
    this.expectPunctuation(')');
    if (argument.kind === 'string' && argument.text === 'default_transaction_isolation')
      return { kind: 'literal', value: 'read committed', type: 'text', function: 'current_setting' };
    throw new UnsupportedSqlError(
      argument.kind === 'string' ? `current_setting('${argument.text}')` : 'the function current_setting()',
      at,
    );
  }

  /** pg_advisory_[xact_]lock[_shared](k), pg_advisory_unlock[_shared](k) with a whole-number k; pg_advisory_unlock_all(). */
  private advisoryCall(name: string, at: number): Expression {
    const known = [
      'pg_advisory_lock',
      'pg_advisory_xact_lock',
      'pg_advisory_unlock',
      'pg_advisory_lock_shared',
      'pg_advisory_xact_lock_shared',
      'pg_advisory_unlock_shared',
      'pg_advisory_unlock_all',
    ];
    if (!known.includes(name)) throw new UnsupportedSqlError(`the function ${name}()`, at);
    let key: string | null = null;
    if (name !== 'pg_advisory_unlock_all') {
      const negative = this.acceptOperator('-');
      const token = this.next();
      if (token.kind !== 'number' || !/^\d+$/.test(token.text) || !this.isPunctuation(')'))
        throw new UnsupportedSqlError(`${name}() with anything but a whole-number key`, at);
      key = negative ? `-${token.text}` : token.text;
    }
    this.expectPunctuation(')');
    this.advisoryCalls++;
    return { kind: 'advisory', function: name as AdvisoryFunction, key };
  }

  // ---- tokens (token-cursor.ts; what the general grammar adds) ---------------------------

  private optional(...words: string[]): void {
    for (const word of words) if (this.accept(word)) return;
  }

  /** A name that is not one of the reserved words (a table's name may then be qualified: qualified()). */
  override identifier(what: string): string {
    const token = this.peek();
    if (token.kind === 'quoted-name' || (token.kind === 'name' && !reserved.has(token.text))) {
      this.position++;
      return token.text;
    }
    return this.fail(what);
  }

  /** A clause outside the subset where a syntax error would be: `JOIN`, `GROUP BY` … by name. */
  protected override refuseClause(token: Token): void {
    if (token.kind !== 'name') return;
    const clause = clauseName(token.text);
    if (clause !== null) throw new UnsupportedSqlError(clause, token.at);
  }
}

/** Settings that change no result the model shows (see Parser.ignoredSetting). */
const ignoredSettings = new Set([
  'debug_parallel_query',
  'force_parallel_mode',
  'parallel_setup_cost',
  'parallel_tuple_cost',
  'parallel_leader_participation',
  'max_parallel_workers_per_gather',
  'min_parallel_table_scan_size',
  'min_parallel_index_scan_size',
  'client_min_messages',
]);

/** The clauses the subset leaves out, by the keyword that starts them. */
function clauseName(keyword: string): string | null {
  const names: Record<string, string> = {
    group: 'GROUP BY',
    having: 'HAVING',
    limit: 'LIMIT',
    offset: 'OFFSET',
    fetch: 'FETCH FIRST',
    union: 'UNION',
    intersect: 'INTERSECT',
    except: 'EXCEPT',
    window: 'WINDOW',
    join: 'JOIN',
    inner: 'JOIN',
    left: 'JOIN',
    right: 'JOIN',
    full: 'JOIN',
    cross: 'JOIN',
    natural: 'JOIN',
    on: 'ON CONFLICT',
    returning: 'RETURNING here',
    like: 'LIKE (pattern matching)',
    ilike: 'ILIKE (pattern matching)',
    similar: 'SIMILAR TO (pattern matching)',
    case: 'CASE',
    distinct: 'DISTINCT',
  };
  return names[keyword] ?? null;
}
