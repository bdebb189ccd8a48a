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
import type { DateTimeType } from './date-time.ts';

/**
 * Column types: int/integer (and smallint, bigint), numeric (and decimal), text (and varchar),
 * boolean, date, timestamp and timestamptz (date-time.ts).
 */
export type SqlType = 'integer' | 'bigint' | 'numeric' | 'text' | 'boolean' | DateTimeType | StoredOnlyType;

/**
 * A type the model stores but does not compute with: a column may become one by ALTER COLUMN …
 * TYPE (parse-partition.ts), and an expression that reads it is refused (bind-expression.ts).
 */
export type StoredOnlyType = 'double precision';

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
  /**
   * `e::regclass`: a relation's oid, shown as its name; the model takes it in queries on the
   * system views only (executor/catalog-views.ts).
   */
  | { readonly kind: 'regclass'; readonly operand: Expression }
  /** `a [NOT] LIKE p`, `a [NOT] ILIKE p` (bind-like.ts). */
  | {
      readonly kind: 'like';
      readonly operand: Expression;
      readonly pattern: Expression;
      readonly negated: boolean;
      readonly caseInsensitive: boolean;
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
  /**
   * An uncorrelated subquery, which the executor runs once, before the statement, and replaces
   * by what it gives (executor/evaluate-subqueries.ts): `(SELECT …)` as a value, `EXISTS
   * (SELECT …)`, or the rows of `x IN (SELECT …)` (then the one item of the `in` list).
   */
  | {
      readonly kind: 'subquery';
      readonly form: 'value' | 'exists' | 'rows';
      readonly query: Statement & { readonly kind: 'select' };
    }
  /** `lower(text)`, `upper(text)`: the text with its letters folded to one case. */
  | { readonly kind: 'case-fold'; readonly function: 'lower' | 'upper'; readonly argument: Expression }
  /**
   * `nextval('s')`: the next value of a sequence (sequences.ts). Only where the parser allows
   * it: alone in the select list of a query without a table (executor/select-nextval.ts).
   */
  | { readonly kind: 'nextval'; readonly sequence: string }
  /** `COALESCE(a, b, …)`: the first argument that is not null, evaluated left to right. */
  | { readonly kind: 'coalesce'; readonly arguments: readonly Expression[] }
  /** `e::type`: an explicit cast (bind-cast.ts). */
  | { readonly kind: 'cast'; readonly operand: Expression; readonly type: SqlType }
  | {
      readonly kind: 'aggregate';
      readonly function: 'count' | 'sum' | 'min' | 'max';
      /** null for `count(*)`. */
      readonly argument: Expression | null;
    };

/** What a trigger function's `BEGIN RETURN …; END` returns. */
export type TriggerReturn = 'null' | 'new' | 'old';

export type TriggerEvent = 'insert' | 'update' | 'delete' | 'truncate';

export type AdvisoryFunction =
  | 'pg_advisory_lock'
  | 'pg_advisory_xact_lock'
  | 'pg_advisory_unlock'
  | 'pg_advisory_lock_shared'
  | 'pg_advisory_xact_lock_shared'
  | 'pg_advisory_unlock_shared'
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
  /** The type's modifier, when written: `numeric(13, 2)`, `char(3)` (column-typmod.ts). */
  readonly typmod?: ColumnTypmod;
}

/**
 * What a type modifier asks of a column's values (PostgreSQL's atttypmod): numeric's precision
 * and scale; a fixed length, padded with spaces (`character(n)`); a longest length (`varchar(n)`).
 */
export type ColumnTypmod =
  | { readonly kind: 'numeric'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'char' | 'varchar'; readonly length: number };

/** What a foreign key does to referencing rows when their referenced row goes (ri_triggers.c). */
export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

/** A foreign key as written (PostgreSQL's Constraint node with contype CONSTR_FOREIGN). */
export interface ForeignKeyDefinition {
  /** `CONSTRAINT name`; null: PostgreSQL's name, `<table>_<columns>_fkey`. */
  readonly name: string | null;
  /** The referencing columns, in the table being created or altered. */
  readonly columns: readonly string[];
  /** The referenced table. */
  readonly table: string;
  /** The referenced columns; null: the referenced table's primary key. */
  readonly referenced: readonly string[] | null;
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  /** `INITIALLY DEFERRED`: checked at commit rather than at the end of the statement. */
  readonly deferred: boolean;
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

/**
 * `generate_series(start, stop [, step])` as a query's row source: in FROM with an alias
 * (`generate_series(1, 10) g`, `g(i)`), or called in a select list without FROM, which
 * PostgreSQL runs as a ProjectSet over one row and the parser rewrites into the same shape
 * (parse-sql.ts). Its one integer column is `column`, qualified by `alias`.
 */
export interface SeriesSource {
  readonly arguments: readonly Expression[];
  readonly alias: string;
  readonly column: string;
}

/** What `CREATE INDEX` builds on (sql/parse-index-ddl.ts): the index method and its columns. */
export interface IndexDefinition {
  /** Null when the statement names none: PostgreSQL then makes one up (`foo_a_idx`). */
  readonly name: string | null;
  readonly table: string;
  readonly unique: boolean;
  readonly method: 'btree' | 'hash';
  /** The key's columns; for a key that is an expression, the name PostgreSQL gives it (`lower`). */
  readonly columns: readonly string[];
  /** Beside `columns`, each key's expression, or null for a plain column; absent when none is one. */
  readonly expressions?: readonly (Expression | null)[];
  /** `INCLUDE (…)`: columns stored beside the key. */
  readonly include: readonly string[];
  /** `WHERE …`: a partial index holds only the rows this holds for; absent when it has none. */
  readonly where?: Expression;
}

/** The planner's switches the model honours (`SET enable_seqscan = off`, …). */
export type PlannerSetting =
  | 'enable_seqscan'
  | 'enable_indexscan'
  | 'enable_bitmapscan'
  | 'enable_indexonlyscan';

/** The planner's cost units the model's choice of access path reads (`SET random_page_cost = 1.1`). */
export type PlannerCost = 'seq_page_cost' | 'random_page_cost' | 'cpu_tuple_cost' | 'cpu_operator_cost';

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
      /** `CONSTRAINT name PRIMARY KEY …`: the key's index takes that name (else `<table>_pkey`). */
      readonly primaryKeyName?: string;
      /** `REFERENCES …` on a column and `FOREIGN KEY (…) REFERENCES …`; absent when none. */
      readonly foreignKeys?: readonly ForeignKeyDefinition[];
      /** `WITH (fillfactor = n)`: how full INSERT fills a heap page (10–100); absent means 100. */
      readonly fillfactor?: number;
      /** `PARTITION BY LIST|RANGE (…)`: a partitioned table, with no rows of its own (parse-partition.ts). */
      readonly partitionBy?: PartitionKeySpec;
      /** `PARTITION OF parent FOR VALUES …`: a partition, with the parent's columns. */
      readonly partitionOf?: { readonly parent: string; readonly bound: PartitionBoundSpec };
      /** `INHERITS (parent, …)`: an inheritance child, with its parents' columns first. */
      readonly inherits?: readonly string[];
      /** `CREATE TEMP[ORARY] TABLE`: the session's own table, which other sessions cannot see. */
      readonly temporary?: boolean;
    }
  /** `ALTER TABLE parent ATTACH PARTITION t FOR VALUES …` / `DETACH PARTITION t` (parse-partition.ts). */
  | {
      readonly kind: 'attach-partition';
      readonly table: string;
      readonly partition: string;
      readonly bound: PartitionBoundSpec;
    }
  | {
      readonly kind: 'detach-partition';
      readonly table: string;
      readonly partition: string;
      /** `CONCURRENTLY` (two transactions) or `FINALIZE` (the second alone); absent for a plain DETACH. */
      readonly mode?: 'concurrently' | 'finalize';
    }
  /** `ALTER TABLE t ADD [COLUMN] name type` (parse-add-column.ts). */
  | { readonly kind: 'add-column'; readonly table: string; readonly column: ColumnDefinition }
  /** `ALTER TABLE child INHERIT parent` / `NO INHERIT parent`. */
  | {
      readonly kind: 'alter-inheritance';
      readonly table: string;
      readonly parent: string;
      readonly inherit: boolean;
    }
  /** `ALTER TABLE t ALTER [COLUMN] c [SET DATA] TYPE type`. */
  | {
      readonly kind: 'alter-column-type';
      readonly table: string;
      readonly column: string;
      readonly type: SqlType;
    }
  /** `DROP TABLE [IF EXISTS] a, b, …`: the tables go together, in one statement. */
  | { readonly kind: 'drop-table'; readonly tables: readonly string[]; readonly ifExists: boolean }
  /** `ALTER TABLE t ADD [CONSTRAINT name] FOREIGN KEY (…) REFERENCES … [NOT VALID]` (parse-foreign-key.ts). */
  | {
      readonly kind: 'add-foreign-key';
      readonly table: string;
      readonly foreignKey: ForeignKeyDefinition;
      /** Existing rows are not checked; VALIDATE CONSTRAINT checks them later. */
      readonly notValid: boolean;
    }
  /** `ALTER TABLE t VALIDATE CONSTRAINT name` (parse-foreign-key.ts). */
  | { readonly kind: 'validate-constraint'; readonly table: string; readonly constraint: string }
  | {
      readonly kind: 'insert';
      readonly table: string;
      readonly columns: readonly string[] | null;
      readonly rows: readonly (readonly Expression[])[];
      readonly returning: readonly SelectItem[] | null;
      /** `ON CONFLICT …`; absent when the statement has none. */
      readonly onConflict?: OnConflict;
      /** `INSERT … SELECT … FROM generate_series(…)`: the rows come from this query (`rows` is empty). */
      readonly query?: Statement & { kind: 'select' };
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
      /** The rows come from generate_series (then `from` is null); absent otherwise. */
      readonly series?: SeriesSource;
      /** `GROUP BY` columns, by name (one output row per group); absent when none. */
      readonly groupBy?: readonly string[];
      /** `JOIN t ON …` after FROM, over catalog views only (executor/catalog-views.ts); absent when none. */
      readonly joins?: readonly { readonly table: TableReference; readonly on: Expression }[];
    }
  | {
      readonly kind: 'update';
      readonly target: TableReference;
      readonly assignments: readonly { readonly column: string; readonly value: Expression }[];
      readonly where: Expression | null;
      readonly returning: readonly SelectItem[] | null;
      /** The advisory locks the WHERE clause takes per row (`pg_advisory_lock(k) IS NOT NULL`); absent when none. */
      readonly advisoryLocks?: readonly (Expression & { kind: 'advisory' })[];
    }
  | {
      readonly kind: 'delete';
      readonly target: TableReference;
      readonly where: Expression | null;
      readonly returning: readonly SelectItem[] | null;
      /** As for UPDATE. */
      readonly advisoryLocks?: readonly (Expression & { kind: 'advisory' })[];
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
  /**
   * Trigger functions and triggers (parse-trigger.ts, catalog/triggers.ts): a PL/pgSQL function
   * `RETURNS trigger` whose body is `BEGIN RETURN NULL | NEW | OLD; END`, and AFTER or
   * statement-level triggers that run it.
   */
  | { readonly kind: 'create-function'; readonly name: string; readonly returns: TriggerReturn }
  | { readonly kind: 'drop-function'; readonly names: readonly string[]; readonly ifExists: boolean }
  | {
      readonly kind: 'create-trigger';
      readonly name: string;
      readonly table: string;
      readonly timing: 'before' | 'after';
      readonly events: readonly TriggerEvent[];
      readonly forEach: 'row' | 'statement';
      readonly function: string;
    }
  | {
      readonly kind: 'drop-trigger';
      readonly name: string;
      readonly table: string;
      readonly ifExists: boolean;
    }
  /** `ALTER TABLE t ENABLE | DISABLE TRIGGER name`. */
  | {
      readonly kind: 'switch-trigger';
      readonly table: string;
      readonly name: string;
      readonly enabled: boolean;
    }
  /** Materialized views (parse-materialized-view.ts, executor/materialized-views.ts). */
  | {
      readonly kind: 'create-materialized-view';
      readonly view: string;
      readonly query: Statement & { readonly kind: 'select' };
    }
  | { readonly kind: 'refresh-materialized-view'; readonly view: string }
  | { readonly kind: 'drop-materialized-view'; readonly views: readonly string[]; readonly ifExists: boolean }
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
  /** `only`: not the table's children (inheritance or partitions). */
  | { readonly kind: 'truncate'; readonly tables: readonly string[]; readonly only: boolean }
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
  /** `CREATE TABLE t AS SELECT …` (the query without FROM or over generate_series). */
  | {
      readonly kind: 'create-table-as';
      readonly table: string;
      readonly query: Statement & { kind: 'select' };
    }
  /** `CREATE [UNIQUE] INDEX [CONCURRENTLY] [name] ON t [USING method] (cols) [INCLUDE (…)]`. */
  | { readonly kind: 'create-index'; readonly index: IndexDefinition; readonly concurrently: boolean }
  | {
      readonly kind: 'drop-index';
      readonly index: string;
      readonly ifExists: boolean;
      readonly concurrently: boolean;
    }
  /**
   * `ALTER TABLE t ADD PRIMARY KEY (…)`, or `ALTER TABLE t | ALTER INDEX i SET (storage
   * parameters)`; the parameters the model honours are in `fillfactor`.
   */
  | {
      readonly kind: 'alter-table';
      readonly table: string;
      readonly action:
        | { readonly kind: 'add-primary-key'; readonly columns: readonly string[] }
        | { readonly kind: 'set-options'; readonly index: boolean; readonly fillfactor: number | null };
    }
  /** `SET [SESSION | LOCAL] enable_… = on | off`: the planner's choice of access path. */
  | {
      readonly kind: 'set-planner';
      readonly setting: PlannerSetting | PlannerCost;
      /** For a switch: on or off. */
      readonly enabled: boolean;
      /** For a cost: its new value. */
      readonly cost?: number;
      readonly local: boolean;
    }
  /** `PREPARE name AS statement`: kept by the session, run by `EXECUTE name`. */
  | { readonly kind: 'prepare'; readonly name: string; readonly statement: Statement }
  | { readonly kind: 'execute'; readonly name: string }
  /** `EXPLAIN (COSTS OFF) query | EXECUTE name`: the model's plan in PostgreSQL's words (parse-explain.ts). */
  | { readonly kind: 'explain'; readonly statement: Statement }
  /** `VACUUM [VERBOSE] [table, …]`: no tables means every table (parse-vacuum.ts). */
  | {
      readonly kind: 'vacuum';
      readonly tables: readonly string[];
      readonly verbose: boolean;
      /** `FREEZE` and `ANALYZE` (parse-vacuum.ts says what each changes in the model); absent when off. */
      readonly freeze?: boolean;
      readonly analyze?: boolean;
      /** `SKIP_LOCKED`: a table whose lock is not free at once is skipped, not waited for. */
      readonly skipLocked?: boolean;
      /** `FULL`: under ACCESS EXCLUSIVE (the model vacuums rather than rewrites: vacuum-statement.ts). */
      readonly full?: boolean;
    }
  /** `ANALYZE [t, …]`: the tables' pages and rows counted for the planner (parse-vacuum.ts). */
  | { readonly kind: 'analyze'; readonly tables: readonly string[]; readonly skipLocked?: boolean }
) & {
  /** The statement as written, without its semicolon. */
  readonly text: string;
};

export type StatementKind = Statement['kind'];

/** `PARTITION BY LIST (a)` or `RANGE (a, b)`: how rows are routed to partitions. */
export interface PartitionKeySpec {
  readonly strategy: 'list' | 'range';
  readonly columns: readonly string[];
}

/** A bound's value: a literal, or MINVALUE / MAXVALUE at a range's ends. */
export type BoundDatum = Expression | 'minvalue' | 'maxvalue';

/** `FOR VALUES IN (…)`, `FOR VALUES FROM (…) TO (…)`, or `DEFAULT`. */
export type PartitionBoundSpec =
  | { readonly kind: 'list'; readonly values: readonly Expression[] }
  | { readonly kind: 'range'; readonly from: readonly BoundDatum[]; readonly to: readonly BoundDatum[] }
  | { readonly kind: 'default' };
