/**
 * The statements of the model's SQL subset, as data: what the parser (parse-sql.ts) builds
 * and the executor runs. PostgreSQL's equivalents are the raw parse trees of
 * src/include/nodes/parsenodes.h (SelectStmt, UpdateStmt, InsertStmt, TransactionStmt …),
 * much reduced: one table per statement, no subqueries, no joins.
 */
import type { Value } from '../../run/outcome.ts';
import type { RelationLockMode } from '../locks/relation-locks.ts';
import type { TablePrivilege } from '../roles.ts';
import type { SequenceOptions } from '../sequences.ts';

/** Column types: int/integer (and smallint, bigint), numeric (and decimal), text (and varchar), boolean. */
export type SqlType = 'integer' | 'bigint' | 'numeric' | 'text' | 'boolean';

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%' | '||';

export type Expression =
  /** `type` is null for NULL, and `unknown` for a quoted literal whose type the context decides. */
  | {
      readonly kind: 'literal';
      readonly value: Value;
      readonly type: SqlType | 'unknown' | null;
      /** A function call the parser computed, named as its column is (`current_setting`). */
      readonly function?: string;
    }
  | { readonly kind: 'column'; readonly table: string | null; readonly name: string }
  | { readonly kind: 'negate'; readonly operand: Expression }
  | { readonly kind: 'not'; readonly operand: Expression }
  | { readonly kind: 'and' | 'or'; readonly left: Expression; readonly right: Expression }
  | {
      readonly kind: 'arithmetic';
      readonly operator: ArithmeticOperator;
      readonly left: Expression;
      readonly right: Expression;
    }
  | {
      readonly kind: 'comparison';
      readonly operator: ComparisonOperator;
      readonly left: Expression;
      readonly right: Expression;
    }
  | {
      readonly kind: 'between';
      readonly operand: Expression;
      readonly low: Expression;
      readonly high: Expression;
      readonly negated: boolean;
    }
  | {
      readonly kind: 'in';
      readonly operand: Expression;
      readonly list: readonly Expression[];
      readonly negated: boolean;
    }
  | {
      readonly kind: 'is';
      readonly operand: Expression;
      readonly test: 'null' | 'true' | 'false';
      readonly negated: boolean;
    }
  /**
   * An advisory-lock function with a whole-number key (locks/advisory-locks.ts); `key` is null
   * for pg_advisory_unlock_all(). Only where the parser allows it: alone in a SELECT without
   * FROM, or as `… IS NOT NULL` in a query's WHERE clause (parse-sql.ts).
   */
  | { readonly kind: 'advisory'; readonly function: AdvisoryFunction; readonly key: string | null }
  /** `COALESCE(a, b, …)`: the first argument that is not null, evaluated left to right. */
  | { readonly kind: 'coalesce'; readonly arguments: readonly Expression[] }
  | {
      readonly kind: 'aggregate';
      readonly function: 'count' | 'sum' | 'min' | 'max';
      /** null for `count(*)`. */
      readonly argument: Expression | null;
    };

export type AdvisoryFunction =
  | 'pg_advisory_lock'
  | 'pg_advisory_xact_lock'
  | 'pg_advisory_unlock'
  | 'pg_advisory_unlock_all';

export type SelectItem =
  | { readonly kind: 'star' }
  | { readonly kind: 'expression'; readonly expression: Expression; readonly alias: string | null };

export interface OrderItem {
  readonly expression: Expression;
  readonly descending: boolean;
}

/** `for update`, `for no key update`, `for share`, `for key share` (PostgreSQL's LockClauseStrength). */
export type RowLockStrength = 'update' | 'no key update' | 'share' | 'key share';

/**
 * What a locking SELECT does with a row another transaction holds (PostgreSQL's LockWaitPolicy):
 * wait for it, fail at once with 55P03 (`NOWAIT`), or leave the row out (`SKIP LOCKED`).
 */
export type LockWaitPolicy = 'block' | 'nowait' | 'skip locked';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
  /** `serial`'s DEFAULT; absent when the column has none. */
  readonly default?: ColumnDefault;
}

/**
 * A column's DEFAULT: the next value of a sequence, which `serial` creates with the table
 * (`owned`: CREATE TABLE makes it, DROP TABLE drops it) as PostgreSQL does (t_col_seq).
 */
export interface ColumnDefault {
  readonly kind: 'nextval';
  readonly sequence: string;
  readonly owned: boolean;
}

export interface TransactionModes {
  readonly isolation: 'read uncommitted' | 'read committed' | 'repeatable read' | 'serializable' | null;
  readonly readOnly: boolean | null;
  readonly deferrable: boolean | null;
}

/**
 * `ON CONFLICT [(col, …)] DO NOTHING | DO UPDATE SET col = e, … [WHERE …]` (PostgreSQL's
 * OnConflictClause): what an INSERT does with a row whose key is already taken.
 */
export type OnConflict = {
  /** The conflict target's columns; null when none is named (DO NOTHING only). */
  readonly target: readonly string[] | null;
} & (
  | { readonly action: 'nothing' }
  | {
      readonly action: 'update';
      readonly assignments: readonly { readonly column: string; readonly value: Expression }[];
      readonly where: Expression | null;
    }
);

export interface TableReference {
  readonly table: string;
  /** The name rows are qualified by (`t` in `from test t`), the table name itself without an alias. */
  readonly alias: string;
}

/** Where MERGE's rows come from: a table, or a query with an alias (parse-merge.ts). */
export type MergeSource =
  | { readonly kind: 'table'; readonly table: TableReference }
  | { readonly kind: 'query'; readonly query: Statement & { kind: 'select' }; readonly alias: string };

/** MERGE's action for a target row the ON condition matches. */
export type MergeMatched =
  | {
      readonly action: 'update';
      readonly assignments: readonly { readonly column: string; readonly value: Expression }[];
    }
  | { readonly action: 'delete' }
  | { readonly action: 'nothing' };

/** MERGE's action for a source row no target row matches. */
export type MergeNotMatched =
  | {
      readonly action: 'insert';
      readonly columns: readonly string[] | null;
      readonly values: readonly Expression[];
    }
  | { readonly action: 'nothing' };

export type Statement = (
  | {
      readonly kind: 'create-table';
      readonly table: string;
      readonly columns: readonly ColumnDefinition[];
      readonly primaryKey: readonly string[];
      /** `PRIMARY KEY (…) INCLUDE (…)`: columns the index stores beside the key; absent when none. */
      readonly include?: readonly string[];
    }
  | { readonly kind: 'drop-table'; readonly table: string; readonly ifExists: boolean }
  | {
      readonly kind: 'insert';
      readonly table: string;
      readonly columns: readonly string[] | null;
      readonly rows: readonly (readonly Expression[])[];
      readonly returning: readonly SelectItem[] | null;
      /** `ON CONFLICT …`; absent when the statement has none. */
      readonly onConflict?: OnConflict;
    }
  | {
      readonly kind: 'select';
      readonly items: readonly SelectItem[];
      readonly from: TableReference | null;
      readonly where: Expression | null;
      readonly orderBy: readonly OrderItem[];
      readonly lock: RowLockStrength | null;
      /** `block` unless the locking clause says `NOWAIT` or `SKIP LOCKED`. */
      readonly waitPolicy: LockWaitPolicy;
      /** `LIMIT n`: at most n rows (counted after locking, as PostgreSQL's LockRows sits below Limit). */
      readonly limit: number | null;
      /** The advisory locks the WHERE clause takes (`pg_advisory_lock(k) IS NOT NULL`); absent when none. */
      readonly advisoryLocks?: readonly (Expression & { kind: 'advisory' })[];
    }
  | {
      readonly kind: 'update';
      readonly target: TableReference;
      readonly assignments: readonly { readonly column: string; readonly value: Expression }[];
      readonly where: Expression | null;
      readonly returning: readonly SelectItem[] | null;
    }
  | {
      readonly kind: 'delete';
      readonly target: TableReference;
      readonly where: Expression | null;
      readonly returning: readonly SelectItem[] | null;
    }
  | { readonly kind: 'begin'; readonly modes: TransactionModes }
  | { readonly kind: 'set-transaction'; readonly modes: TransactionModes }
  /**
   * `SET [SESSION | LOCAL] name = value`, `RESET name`: a setting the model keeps (value null:
   * back to the default; parse-setting.ts, session-settings.ts), or one that changes nothing the
   * model shows (no value; parse-sql.ts).
   */
  | {
      readonly kind: 'set-setting';
      readonly name: string;
      readonly value?: string | null;
      /** `SET LOCAL`: until the transaction ends. */
      readonly local?: boolean;
    }
  | { readonly kind: 'commit' }
  | { readonly kind: 'rollback' }
  | { readonly kind: 'savepoint'; readonly name: string }
  | { readonly kind: 'release'; readonly name: string }
  | { readonly kind: 'rollback-to'; readonly name: string }
  /** `LOCK [TABLE] t, … [IN mode MODE] [NOWAIT]` (locks/relation-locks.ts). */
  | {
      readonly kind: 'lock-table';
      readonly tables: readonly string[];
      readonly mode: RelationLockMode;
      readonly nowait: boolean;
    }
  /** `WITH name AS (INSERT | UPDATE | DELETE …), … statement` (parse-with.ts, execute-with.ts). */
  | {
      readonly kind: 'with';
      readonly queries: readonly { readonly name: string; readonly statement: Statement }[];
      readonly body: Statement;
    }
  /** `MERGE INTO t USING s ON … WHEN [NOT] MATCHED THEN …` (parse-merge.ts, execute-merge.ts). */
  | {
      readonly kind: 'merge';
      readonly target: TableReference;
      readonly source: MergeSource;
      readonly on: Expression;
      readonly matched: MergeMatched | null;
      readonly notMatched: MergeNotMatched | null;
    }
  /** Roles and privileges (parse-roles.ts, roles.ts). */
  | { readonly kind: 'create-role'; readonly role: string }
  | { readonly kind: 'drop-role'; readonly roles: readonly string[]; readonly ifExists: boolean }
  | {
      readonly kind: 'grant';
      readonly privileges: readonly TablePrivilege[];
      readonly tables: readonly string[];
      readonly roles: readonly string[];
    }
  | {
      readonly kind: 'grant-role';
      readonly roles: readonly string[];
      readonly members: readonly string[];
      readonly admin: boolean;
    }
  | { readonly kind: 'alter-owner'; readonly table: string; readonly owner: string }
  | { readonly kind: 'drop-owned'; readonly roles: readonly string[] }
  /** TRUNCATE, REINDEX … CONCURRENTLY, CLUSTER (parse-table-commands.ts). */
  | { readonly kind: 'truncate'; readonly tables: readonly string[] }
  | {
      readonly kind: 'reindex';
      readonly target: 'table' | 'index' | 'schema';
      readonly name: string;
      readonly concurrently: boolean;
    }
  /** CREATE, ALTER and DROP SEQUENCE (parse-sequence.ts, sequences.ts). */
  | { readonly kind: 'create-sequence'; readonly sequence: string; readonly options: SequenceOptions }
  | { readonly kind: 'alter-sequence'; readonly sequence: string; readonly options: SequenceOptions }
  | { readonly kind: 'drop-sequence'; readonly sequences: readonly string[]; readonly ifExists: boolean }
  /** `CREATE SCHEMA s`, `DROP SCHEMA s [CASCADE]` (parse-schema.ts). */
  | { readonly kind: 'create-schema'; readonly schema: string; readonly ifNotExists: boolean }
  | {
      readonly kind: 'drop-schema';
      readonly schemas: readonly string[];
      readonly ifExists: boolean;
      readonly cascade: boolean;
    }
  | { readonly kind: 'cluster'; readonly table: string; readonly index: string | null }
  /** `ANALYZE [t, …]`: no tables means every table. */
  | { readonly kind: 'analyze'; readonly tables: readonly string[] }
  /** `VACUUM [VERBOSE] [table, …]`: no tables means every table (parse-vacuum.ts). */
  | { readonly kind: 'vacuum'; readonly tables: readonly string[]; readonly verbose: boolean }
) & {
  /** The statement as written, without its semicolon. */
  readonly text: string;
};

export type StatementKind = Statement['kind'];
