/**
 * A query that reads no table: `SELECT 1, 'x'`, or rows made by generate_series, which is how
 * a setup fills a table (`INSERT INTO t SELECT g, 10 FROM generate_series(1, 10) g`,
 * `CREATE TABLE foo AS SELECT generate_series(1, 10)::int a`).
 *
 * generate_series(start, stop [, step]) is PostgreSQL's set-returning function
 * generate_series_step_int4 (src/backend/utils/adt/int.c): integers from start while they do
 * not pass stop, `step` apart (1 unless given; 0 is an error, 22023). Its column is integer,
 * or bigint when an argument is (generate_series_step_int8). The arguments are evaluated once,
 * as constants; the select list is then evaluated over each row.
 */
import type { Value } from '../../run/outcome.ts';
import { bindExpression, noRow, type RowShape } from '../sql/bind-expression.ts';
import type { SeriesSource, SqlType, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { coerce, type ValueType } from '../sql/sql-types.ts';
import { bindProjection } from './project-rows.ts';

/** A query's result with its columns' types, for an INSERT or CREATE TABLE AS to take. */
export interface QueryRows {
  readonly columns: readonly string[];
  readonly types: readonly ValueType[];
  readonly rows: readonly (readonly Value[])[];
}

/** Runs a SELECT without a table (no FROM, or FROM generate_series). */
export function runTablelessQuery(query: Statement & { kind: 'select' }): QueryRows {
  if (query.from !== null) throw new ModelSqlError('0A000', 'the query reads a table');
  if (query.orderBy.length > 0)
    throw new ModelSqlError('0A000', "the model's queries without a table have no ORDER BY");
  const series = query.series;
  const { inputs, type } =
    series === undefined ? { inputs: [[]], type: 'integer' as const } : seriesRows(series);
  const shape: RowShape =
    series === undefined
      ? noRow
      : { table: series.alias, alias: series.alias, columns: [{ name: series.column, type }] };
  const projection = bindProjection(query.items, shape, 'SELECT');
  const predicate = query.where === null ? null : bindExpression(query.where, shape, 'WHERE');
  const kept = inputs.filter((input) => predicate === null || predicate.evaluate(input) === true);
  const rows = projection.aggregate
    ? [projection.aggregateRow(kept)]
    : kept.map((input) => projection.row(input));
  return {
    columns: projection.columns,
    types: projection.types,
    rows: query.limit === null ? rows : rows.slice(0, query.limit),
  };
}

function seriesRows(series: SeriesSource): { inputs: Value[][]; type: SqlType } {
  const bound = series.arguments.map((argument) =>
    coerce(bindExpression(argument, noRow, 'FROM'), 'integer'),
  );
  for (const argument of bound) {
    if (argument.type !== 'integer' && argument.type !== 'bigint' && argument.type !== 'null')
      throw new ModelSqlError(
        '42883',
        `function generate_series(${bound.map((b) => b.type).join(', ')}) does not exist`,
      );
  }
  const type: SqlType = bound.some((argument) => argument.type === 'bigint') ? 'bigint' : 'integer';
  const [start, stop, step = 1] = bound.map((argument) => argument.evaluate([]));
  // A NULL argument gives no rows (the function is strict).
  if (start === null || stop === null || step === null) return { inputs: [], type };
  const [from, to, by] = [start as number, stop as number, step as number];
  if (by === 0) throw new ModelSqlError('22023', 'step size cannot equal zero');
  const inputs: Value[][] = [];
  for (let value = from; by > 0 ? value <= to : value >= to; value += by) inputs.push([value]);
  return { inputs, type };
}
