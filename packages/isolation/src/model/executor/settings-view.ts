/**
 * pg_settings, as far as the model knows its settings (src/backend/utils/misc/guc_funcs.c,
 * show_all_settings): one row per setting, its `name` and its current `setting` as text, for
 * the session that asks.
 *
 * The model keeps few of PostgreSQL's several hundred settings, so its view has few rows:
 * default_transaction_isolation (always `read committed`: the model's sessions never change
 * their default level; a transaction's own level comes from BEGIN or SET TRANSACTION) and the
 * planner switches it reads (`enable_seqscan` …, `on` or `off` as the session SET them). A
 * query that could find another setting would find nothing in the model where PostgreSQL
 * finds a row, so it fails instead (0A000): the query must ask for one known setting by
 * `name = '…'`. PostgreSQL's isolation test drop-index-concurrently-1 asks it which default
 * level the suite runs at.
 */
import type { Value } from '../../run/outcome.ts';
import type { ModelDatabase } from '../model-database.ts';
import { conjuncts } from '../sql/parse-explain.ts';
import type { Expression, PlannerSetting } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';

const plannerSwitches: readonly PlannerSetting[] = [
  'enable_seqscan',
  'enable_indexscan',
  'enable_bitmapscan',
  'enable_indexonlyscan',
];

const known = ['default_transaction_isolation', ...plannerSwitches];

/** The view's rows for the session: `[name, setting]`. */
export function settingsRows(db: ModelDatabase, session: string): Value[][] {
  const disabled = db.planner.get(session);
  return [
    ['default_transaction_isolation', 'read committed'],
    ...plannerSwitches.map((name) => [name, disabled?.has(name) === true ? 'off' : 'on']),
  ];
}

/** 0A000 unless the WHERE clause picks one of the settings the model keeps by `name = '…'`. */
export function requireKnownSetting(where: Expression | null): void {
  const picks = (where === null ? [] : conjuncts(where)).some(
    (condition) =>
      condition.kind === 'comparison' &&
      condition.operator === '=' &&
      condition.left.kind === 'column' &&
      condition.left.name === 'name' &&
      condition.right.kind === 'literal' &&
      known.includes(String(condition.right.value)),
  );
  if (!picks)
    throw new ModelSqlError(
      '0A000',
      `the model's pg_settings answers WHERE name = one of ${known.map((name) => `'${name}'`).join(', ')}`,
    );
}
