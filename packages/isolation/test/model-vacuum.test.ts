/**
 * The model's VACUUM and page pruning against PostgreSQL's: the same history, step by step
 * in named sessions, on the model and on the embedded PostgreSQL server (autovacuum off),
 * then every table page compared line pointer by line pointer through pageinspect's
 * heap_page_items (lp, lp_flags, a redirect's target, t_xmin, t_xmax, t_ctid, transaction ids
 * compared by rank since the two number them differently) and every VACUUM VERBOSE's figures
 * ("tuples: N removed, M remain, K are dead but not yet removable", "pages: N removed, M
 * remain") compared with the model's report.
 */
import { connectPostgres, type EmbeddedPostgres, startEmbeddedPostgres } from '@dbplay/engines';
import { findScenario, modelDetails, runPermutation, startModelEngine } from '@dbplay/isolation';
import { renderInternals } from '@dbplay/isolation/render';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelDatabase } from '../src/model/model-database.ts';
import { ModelSession } from '../src/model/model-session.ts';
import { pageItems } from '../src/model/mvcc/page-items.ts';
import { parseSqlText } from '../src/model/sql/parse-sql-text.ts';

interface Step {
  readonly session: string;
  readonly sql: string;
}

interface History {
  readonly name: string;
  readonly steps: readonly Step[];
  /** The tables whose pages are compared. */
  readonly tables: readonly string[];
}

const s = (session: string, sql: string): Step => ({ session, sql });
const table = 'create table t (id int primary key, v int not null)';

/** A row updated `times` times, one transaction each: the page fills, then prunes itself. */
function updatedOften(times: number): Step[] {
  return [
    s('a', table),
    s('a', 'insert into t values (1, 0)'),
    ...Array.from({ length: times }, (_, i) => s('a', `update t set v = ${i + 1} where id = 1`)),
  ];
}

const histories: readonly History[] = [
  {
    name: 'HOT updates, then VACUUM: the root redirects to the live version',
    tables: ['t'],
    steps: [
      s('a', table),
      s('a', 'insert into t values (1, 0), (2, 0)'),
      s('a', 'update t set v = 1 where id = 1'),
      s('a', 'update t set v = 2 where id = 1'),
      s('a', 'update t set v = 3 where id = 1'),
      s('a', 'vacuum verbose t'),
    ],
  },
  {
    name: 'a delete, then VACUUM: dead line pointer, index entry removed, line pointer freed',
    tables: ['t'],
    steps: [
      s('a', table),
      s('a', 'insert into t values (1, 0), (2, 0), (3, 0)'),
      s('a', 'delete from t where id = 2'),
      s('a', 'delete from t where id = 3'),
      s('a', 'vacuum verbose t'),
      s('a', 'insert into t values (4, 0)'),
    ],
  },
  {
    name: 'an open REPEATABLE READ snapshot holds the horizon: nothing removed until it ends',
    tables: ['t'],
    steps: [
      s('a', table),
      s('a', 'insert into t values (1, 0), (2, 0), (3, 0)'),
      s('b', 'begin isolation level repeatable read'),
      s('b', 'select count(*) from t'),
      s('a', 'delete from t where id = 1'),
      s('a', 'update t set v = 9 where id = 2'),
      s('a', 'vacuum verbose t'),
      s('b', 'commit'),
      s('a', 'vacuum verbose t'),
    ],
  },
  {
    name: 'an idle READ COMMITTED transaction without a write holds nothing back',
    tables: ['t'],
    steps: [
      s('a', table),
      s('a', 'insert into t values (1, 0), (2, 0)'),
      s('b', 'begin'),
      s('b', 'select count(*) from t'),
      s('a', 'update t set v = 1 where id = 1'),
      s('a', 'vacuum verbose t'),
      s('b', 'commit'),
    ],
  },
  {
    name: 'a READ COMMITTED transaction that has written holds the horizon at its transaction id',
    tables: ['t'],
    steps: [
      s('a', table),
      s('a', 'insert into t values (1, 0), (2, 0)'),
      s('b', 'begin'),
      s('b', 'update t set v = 5 where id = 2'),
      s('a', 'update t set v = 1 where id = 1'),
      s('a', 'vacuum verbose t'),
      s('b', 'commit'),
      s('a', 'vacuum verbose t'),
    ],
  },
  {
    name: 'a rolled-back update leaves a dead heap-only version that VACUUM frees',
    tables: ['t'],
    steps: [
      s('a', table),
      s('a', 'insert into t values (1, 0)'),
      s('a', 'begin'),
      s('a', 'update t set v = 1 where id = 1'),
      s('a', 'rollback'),
      s('a', 'vacuum verbose t'),
      s('a', 'update t set v = 2 where id = 1'),
    ],
  },
  {
    name: 'a key update is not HOT: a new index entry, and the old version dies with its own',
    tables: ['t'],
    steps: [
      s('a', table),
      s('a', 'insert into t values (1, 0)'),
      s('a', 'update t set id = 2 where id = 1'),
      s('a', 'vacuum verbose t'),
    ],
  },
  {
    name: 'a table without an index: updates are HOT, and VACUUM frees dead line pointers at once',
    tables: ['n'],
    steps: [
      s('a', 'create table n (v int)'),
      s('a', 'insert into n values (1), (2)'),
      s('a', 'update n set v = 10 where v = 1'),
      s('a', 'update n set v = 11 where v = 10'),
      s('a', 'delete from n where v = 2'),
      s('a', 'vacuum verbose n'),
    ],
  },
  {
    name: 'a table emptied and vacuumed is truncated to nothing',
    tables: ['t'],
    steps: [
      s('a', table),
      s('a', 'insert into t values (1, 0), (2, 0)'),
      s('a', 'delete from t'),
      s('a', 'vacuum verbose t'),
    ],
  },
  {
    name: 'a row updated 300 times: readers prune the page as it fills, without VACUUM',
    tables: ['t'],
    steps: updatedOften(300),
  },
  {
    name: 'pruning leaves what an open snapshot needs',
    tables: ['t'],
    steps: [
      ...updatedOften(100),
      s('b', 'begin isolation level repeatable read'),
      s('b', 'select count(*) from t'),
      ...Array.from({ length: 200 }, (_, i) => s('a', `update t set v = ${i + 1000} where id = 1`)),
      s('b', 'commit'),
      s('a', 'select count(*) from t where id = 1'),
    ],
  },
];

interface Figures {
  readonly removed: number;
  readonly remain: number;
  readonly recentlyDead: number;
  readonly pagesRemoved: number;
  readonly pagesRemain: number;
}

interface Observed {
  /** Per table, per page: `lp flags redirect xmin xmax ctid`, xids as ranks. */
  readonly pages: Record<string, string[][]>;
  readonly vacuums: Figures[];
}

/** Transaction ids replaced by their rank among the ids the pages show, so both sides compare. */
function rankXids(
  pages: Record<string, (readonly (number | string | null)[])[][]>,
): Record<string, string[][]> {
  const xids = new Set<number>();
  for (const table of Object.values(pages))
    for (const page of table)
      for (const item of page)
        for (const at of [3, 4])
          if (typeof item[at] === 'number' && item[at] !== 0) xids.add(item[at] as number);
  const rank = new Map([...xids].sort((a, b) => a - b).map((xid, i) => [xid, `x${i + 1}`]));
  const out: Record<string, string[][]> = {};
  for (const [name, table] of Object.entries(pages)) {
    out[name] = table.map((page) =>
      page.map((item) =>
        item
          .map((value, at) =>
            (at === 3 || at === 4) && typeof value === 'number'
              ? (rank.get(value) ?? String(value))
              : String(value ?? '-'),
          )
          .join(' '),
      ),
    );
  }
  return out;
}

function runOnModel(history: History): Observed {
  const db = new ModelDatabase('ssi');
  const registry = { all: [] };
  const sessions = new Map<string, ModelSession>();
  for (const step of history.steps) {
    let session = sessions.get(step.session);
    if (session === undefined) {
      session = new ModelSession(step.session, db, registry);
      sessions.set(step.session, session);
    }
    const done = session.runStep(step.sql, null, 'read committed').next();
    if (done.done !== true) throw new Error(`${step.sql} waits on the model`);
    if (done.value.error !== null)
      throw new Error(`${step.sql} fails on the model: ${done.value.error.message}`);
  }
  const pages: Record<string, (readonly (number | string | null)[])[][]> = {};
  for (const name of history.tables) {
    const heap = db.table(name);
    pages[name] = Array.from({ length: heap.pageCount }, (_, page) =>
      pageItems(heap, page).map((item) => [
        item.lp,
        item.lpFlags,
        item.redirectTo,
        item.xmin,
        item.xmax,
        item.ctid,
      ]),
    );
  }
  const vacuums = db.maintenance.flatMap((event) =>
    event.kind === 'vacuum'
      ? [
          {
            removed: event.report.removed,
            remain: event.report.remain,
            recentlyDead: event.report.recentlyDead,
            pagesRemoved: event.report.pagesRemoved,
            pagesRemain: event.report.pagesRemain,
          },
        ]
      : [],
  );
  return { pages: rankXids(pages), vacuums };
}

let server: EmbeddedPostgres;
let database = 0;

async function runOnPostgres(history: History): Promise<Observed> {
  const name = `vacuum_${++database}`;
  const admin = await connectPostgres(server.url);
  await admin.query(`create database ${name}`);
  const clients = new Map<string, Awaited<ReturnType<typeof connectPostgres>>>();
  const vacuums: Figures[] = [];
  try {
    for (const step of history.steps) {
      let client = clients.get(step.session);
      if (client === undefined) {
        client = await connectPostgres(server.urlFor(name));
        if (clients.size === 0) await client.query('create extension pageinspect');
        clients.set(step.session, client);
        client.on('notice', (notice) => {
          const tuples = /tuples: (\d+) removed, (\d+) remain, (\d+) are dead but not yet removable/.exec(
            notice.message ?? '',
          );
          const pages = /pages: (\d+) removed, (\d+) remain/.exec(notice.message ?? '');
          if (tuples !== null && pages !== null) {
            vacuums.push({
              removed: Number(tuples[1]),
              remain: Number(tuples[2]),
              recentlyDead: Number(tuples[3]),
              pagesRemoved: Number(pages[1]),
              pagesRemain: Number(pages[2]),
            });
          }
        });
      }
      await client.query(step.sql);
    }
    const reader = clients.get('a') as Awaited<ReturnType<typeof connectPostgres>>;
    const pages: Record<string, (readonly (number | string | null)[])[][]> = {};
    for (const table of history.tables) {
      const { rows } = await reader.query<{ pages: number }>(
        `select pg_relation_size('${table}') / 8192 as pages`,
      );
      const count = Number(rows[0]?.pages ?? 0);
      pages[table] = [];
      for (let page = 0; page < count; page++) {
        const items = await reader.query({
          text: `select lp, lp_flags, case lp_flags when 2 then lp_off end, t_xmin::text::bigint, t_xmax::text::bigint, t_ctid::text from heap_page_items(get_raw_page('${table}', ${page}))`,
          rowMode: 'array',
        });
        pages[table].push(
          (items.rows as (number | string | null)[][]).map((row) =>
            row.map((value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value)),
          ),
        );
      }
    }
    return { pages: rankXids(pages), vacuums };
  } finally {
    for (const client of clients.values()) await client.end().catch(() => {});
    await admin.query(`drop database ${name} with (force)`).catch(() => {});
    await admin.end();
  }
}

// Parsing is checked on its own, before any engine starts.
describe('VACUUM in the model SQL', () => {
  it.each([
    ['vacuum', { tables: [], verbose: false }],
    ['VACUUM VERBOSE t', { tables: ['t'], verbose: true }],
    ['vacuum (verbose) t, u', { tables: ['t', 'u'], verbose: true }],
    ['vacuum (verbose false) t', { tables: ['t'], verbose: false }],
  ])('%s', (sql, expected) => {
    expect(parseSqlText(sql)[0]).toMatchObject({ kind: 'vacuum', ...expected });
  });

  it.each([
    ['vacuum full t', 'VACUUM FULL'],
    ['vacuum analyze t', 'VACUUM ANALYZE'],
    ['vacuum (freeze) t', 'VACUUM FREEZE'],
    ['vacuum t (id)', 'a column list in VACUUM'],
  ])('refuses %s by name', (sql, construct) => {
    expect(() => parseSqlText(sql)).toThrow(expect.objectContaining({ construct }));
  });

  it('fails inside a transaction block (25001) and on an unknown table (42P01), as PostgreSQL does', () => {
    const db = new ModelDatabase('ssi');
    const session = new ModelSession('a', db, { all: [] });
    const run = (sql: string) => {
      const done = session.runStep(sql, null, 'read committed').next();
      return done.done === true ? done.value.error : null;
    };
    expect(run('create table t (id int primary key)')).toBeNull();
    expect(run('begin')).toBeNull();
    expect(run('vacuum t')).toMatchObject({
      code: '25001',
      message: 'VACUUM cannot run inside a transaction block',
    });
    expect(run('rollback')).toBeNull();
    expect(run('select 1; vacuum t')).toMatchObject({ code: '25001' });
    expect(run('vacuum nope')).toMatchObject({ code: '42P01', message: 'relation "nope" does not exist' });
    expect(run('vacuum')).toBeNull();
  });
});

describe('the internals show what VACUUM did', () => {
  it('narrates each VACUUM with its horizon, and draws freed line pointers and the last clean-up', async () => {
    const scenario = await findScenario(
      new URL('../../../exercises/lessons/vacuum-horizon.spec', import.meta.url).pathname,
    );
    const engine = await startModelEngine();
    const outcome = await runPermutation({
      engine,
      scenario,
      level: 'read-committed',
      permutation: scenario.permutations[0]?.steps.map((step) => step.name) ?? [],
      trace: true,
    });
    const details = modelDetails(outcome);
    expect(
      details?.maintenance.map((event) => [
        event.kind,
        'removed' in event.report ? event.report.removed : null,
      ]),
    ).toEqual([
      ['vacuum', 0],
      ['vacuum', 2],
    ]);
    const vacuums = details?.steps.filter((step) => step.kind === 'vacuum') ?? [];
    expect(vacuums.map((step) => step.narration)).toEqual([
      "writer runs VACUUM readings: removable cutoff 741 (report's snapshot (xmin 741) holds it back); tuples: 0 removed, 4 remain, 2 are dead but not yet removable; index entries removed: 0; pages: 0 removed, 1 remain.",
      'writer runs VACUUM readings: removable cutoff 742 (no running transaction holds the horizon back); tuples: 2 removed, 2 remain, 0 are dead but not yet removable; index entries removed: 1; pages: 0 removed, 1 remain.',
    ]);
    const after = vacuums[1]?.snapshot;
    expect(after?.tables[0]).toMatchObject({
      linePointers: ['(0,1) unused', '(0,2) redirect to (0,4)'],
      index: {
        entries: [
          { key: '2', tid: '(0,2)' },
          { key: '3', tid: '(0,3)' },
        ],
      },
    });
    const drawing = renderInternals(after as NonNullable<typeof after>);
    expect(drawing).toContain('line pointers without a version: (0,1) unused, (0,2) redirect to (0,4)');
    expect(drawing).toContain('last clean-up: writer runs VACUUM readings: removable cutoff 742');
    // Before any clean-up, the drawing has neither line.
    expect(renderInternals(details?.steps[0]?.snapshot as NonNullable<typeof after>)).not.toContain(
      'line pointers',
    );
  });
});

describe('the model prunes and vacuums as PostgreSQL does', () => {
  beforeAll(async () => {
    server = await startEmbeddedPostgres({ settings: { autovacuum: 'off' } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it.each(histories.map((history) => [history.name, history] as const))('%s', async (_name, history) => {
    const model = runOnModel(history);
    const postgres = await runOnPostgres(history);
    expect(model).toEqual(postgres);
  });
});
