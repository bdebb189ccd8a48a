/**
 * SQL on one of explain's datasets (`\dataset shop|events|people`), in a session that keeps
 * its state between statements: create an index, then `explain select …` shows the plan that
 * uses it, drawn as `dbplay explain plan` draws it. `\reset` goes back to the pristine dataset
 * (the session's restart: a fresh copy). `\d`, `\d TABLE` and `\di` ask the catalog what psql's
 * describe commands ask it (src/bin/psql/describe.c, simplified to the public schema).
 *
 * The session is explain's own (PGlite on a private copy of the cached dataset, or the server at
 * `--url`), opened once and kept until another dataset, `\dataset off`, or the end of the shell.
 * Learner-SQL rules are the grader's: the SQL typed runs as `dbplay_learner`, and statements
 * that could change the role or reach server files are refused (see runLearnerSql).
 */
import type { SqlSession } from '@dbplay/explain';
import type { CliIo } from '../io.ts';
import { createProgram } from '../program.ts';

export class DatasetConsole {
  private session: SqlSession | null = null;
  private factory: { close(): Promise<void> } | null = null;
  private name: string | null = null;
  private readonly io: CliIo;

  constructor(io: CliIo) {
    this.io = io;
  }

  /** The open dataset, or null when SQL goes to the multi-session console. */
  get dataset(): string | null {
    return this.name;
  }

  async open(name: string): Promise<string> {
    await this.close();
    const { explainEnvironment, loadExplainCatalog } = await import(
      '../commands/explain/explain-environment.ts'
    );
    const program = await createProgram(this.io, ['explain']);
    const explain = program.commands.find((command) => command.name() === 'explain');
    if (explain === undefined) throw new Error('the explain command is missing');
    const environment = explainEnvironment(explain, this.io);
    const catalog = await loadExplainCatalog(environment);
    const { PgliteSessionFactory, ServerSessionFactory } = await import('@dbplay/explain');
    const factory =
      environment.url !== undefined
        ? new ServerSessionFactory({ url: environment.url, datasets: catalog.datasets })
        : new PgliteSessionFactory({ datasets: catalog.datasets, cacheDir: environment.cacheDir });
    try {
      this.session = await factory.open(name);
    } catch (error) {
      await factory.close();
      throw error;
    }
    this.factory = factory;
    this.name = name;
    return (await this.session.engine()).description;
  }

  /** Back to the dataset as it was built. */
  async restart(): Promise<void> {
    await this.session?.restart();
  }

  async close(): Promise<void> {
    const { session, factory } = this;
    this.session = null;
    this.factory = null;
    this.name = null;
    await session?.close();
    await factory?.close();
  }

  /**
   * The learner's SQL, with the grader's least rights (explain's runLearnerSql): run as
   * `dbplay_learner`, and refused if it could change the role or reach server files.
   */
  async query(sql: string): Promise<{ columns: readonly string[]; rows: readonly (readonly unknown[])[] }> {
    const { runLearnerSql } = await import('@dbplay/explain');
    return runLearnerSql(this.open_(), sql);
  }

  /** `explain …`: the plan explored and drawn as `explain plan` draws it. */
  async explain(sql: string, palette: import('@dbplay/core').Palette): Promise<string> {
    const { drawPlan, explorePlan } = await import('@dbplay/explain/plans');
    const statement = sql.replace(/^\s*explain\s+(\(([^)]*)\)\s*)?/i, '');
    const analyze = /^\s*explain\s+(\([^)]*analyze[^)]*\)|analyze\b)/i.test(sql);
    const explored = await explorePlan(this.open_(), statement.replace(/^analyze\s+/i, ''), {
      analyze,
      buffers: false,
      timeLimitMs: 10_000,
    });
    return drawPlan(explored.plan, { palette, times: analyze });
  }

  /** `\d`: the tables; `\d TABLE`: its columns and indexes; `\di`: the indexes. */
  async describe(what: 'tables' | 'indexes' | { table: string }): Promise<
    {
      columns: readonly string[];
      rows: readonly (readonly unknown[])[];
    }[]
  > {
    const session = this.open_();
    if (what === 'tables') {
      return [
        await session.query(
          `select table_schema as "Schema", table_name as "Name", case table_type when 'BASE TABLE' then 'table' else lower(table_type) end as "Type"
             from information_schema.tables where table_schema = 'public' order by 2`,
        ),
      ];
    }
    if (what === 'indexes') {
      return [
        await session.query(
          `select schemaname as "Schema", indexname as "Name", tablename as "Table", indexdef as "Definition"
             from pg_indexes where schemaname = 'public' order by 3, 2`,
        ),
      ];
    }
    const table = what.table.replace(/'/g, "''");
    const columns = await session.query(
      `select column_name as "Column", data_type as "Type", case is_nullable when 'NO' then 'not null' else '' end as "Nullable"
         from information_schema.columns where table_schema = 'public' and table_name = '${table}' order by ordinal_position`,
    );
    const indexes = await session.query(
      `select indexname as "Index", indexdef as "Definition" from pg_indexes
         where schemaname = 'public' and tablename = '${table}' order by 1`,
    );
    return [columns, indexes];
  }

  private open_(): SqlSession {
    if (this.session === null) throw new Error('no dataset is open');
    return this.session;
  }
}
