/**
 * The model's VACUUM and page pruning against PostgreSQL's: the same history, step by step
 * in named sessions, on the model and on the embedded PostgreSQL server (autovacuum off),
 * then every table page compared line pointer by line pointer through pageinspect's
 * heap_page_items (lp, lp_flags, a redirect's target, t_xmin, t_xmax, t_ctid, transaction ids
 * compared by rank since the two number them differently) and every VACUUM VERBOSE's figures
 * ("tuples: N removed, M remain, K are dead but not yet removable", "pages: N removed, M
 * remain") compared with the model's report, and pg_stat_user_tables' count of updates and
 * of HOT updates (n_tup_upd, n_tup_hot_upd) with the model's.
 */
import { connectPostgres, type EmbeddedPostgres, startEmbeddedPostgres } from '@dbplay/engines';
import {
  findScenario,
  IsolationConsole,
  modelDetails,
  parseSpec,
  runPermutation,
  startModelEngine,
  startPostgresEngine,
} from '@dbplay/isolation';
import { renderInternals } from '@dbplay/isolation/render';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelDatabase } from '../src/model/model-database.ts';
import { ModelSession } from '../src/model/model-session.ts';
import { pageItems } from '../src/model/mvcc/page-items.ts';
import { parseSqlText } from '../src/model/sql/parse-sql-text.ts';
import { summariseLinePointers } from '../src/model/trace/render-internals.ts';

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
    // PostgreSQL retries the ACCESS EXCLUSIVE lock for 5 s before it gives up (lazy_truncate_heap).
    name: 'an open transaction that has read the table keeps VACUUM from truncating it',
    tables: ['t'],
    steps: [
      s('a', table),
      s('a', 'insert into t values (1, 0), (2, 0)'),
      s('a', 'delete from t'),
      s('b', 'begin'),
      s('b', 'select count(*) from t'),
      s('b', 'commit'),
      s('c', 'begin'),
      s('c', 'select count(*) from t'),
      s('a', 'vacuum verbose t'),
      s('c', 'commit'),
    ],
  },
  {
    name: 'aborted inserts and deletes, and a row inserted and deleted in one transaction',
    tables: ['t'],
    steps: [
      s('a', table),
      s('a', 'insert into t values (1, 0), (2, 0)'),
      s('a', 'begin'),
      s('a', 'insert into t values (3, 0)'),
      s('a', 'delete from t where id = 1'),
      s('a', 'rollback'),
      s('a', 'begin'),
      s('a', 'insert into t values (4, 0)'),
      s('a', 'update t set v = 1 where id = 4'),
      s('a', 'delete from t where id = 4'),
      s('a', 'commit'),
      s('a', 'vacuum verbose t'),
      s('a', 'update t set v = 2 where id = 1'),
    ],
  },
  {
    name: 'two pages: updates that find no room leave the page, and VACUUM truncates the emptied end',
    tables: ['t'],
    steps: [
      s('a', table),
      s(
        'a',
        'insert into t values (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0), (11, 0), (12, 0), (13, 0), (14, 0), (15, 0), (16, 0), (17, 0), (18, 0), (19, 0), (20, 0), (21, 0), (22, 0), (23, 0), (24, 0), (25, 0), (26, 0), (27, 0), (28, 0), (29, 0), (30, 0), (31, 0), (32, 0), (33, 0), (34, 0), (35, 0), (36, 0), (37, 0), (38, 0), (39, 0), (40, 0), (41, 0), (42, 0), (43, 0), (44, 0), (45, 0), (46, 0), (47, 0), (48, 0), (49, 0), (50, 0), (51, 0), (52, 0), (53, 0), (54, 0), (55, 0), (56, 0), (57, 0), (58, 0), (59, 0), (60, 0), (61, 0), (62, 0), (63, 0), (64, 0), (65, 0), (66, 0), (67, 0), (68, 0), (69, 0), (70, 0), (71, 0), (72, 0), (73, 0), (74, 0), (75, 0), (76, 0), (77, 0), (78, 0), (79, 0), (80, 0), (81, 0), (82, 0), (83, 0), (84, 0), (85, 0), (86, 0), (87, 0), (88, 0), (89, 0), (90, 0), (91, 0), (92, 0), (93, 0), (94, 0), (95, 0), (96, 0), (97, 0), (98, 0), (99, 0), (100, 0), (101, 0), (102, 0), (103, 0), (104, 0), (105, 0), (106, 0), (107, 0), (108, 0), (109, 0), (110, 0), (111, 0), (112, 0), (113, 0), (114, 0), (115, 0), (116, 0), (117, 0), (118, 0), (119, 0), (120, 0), (121, 0), (122, 0), (123, 0), (124, 0), (125, 0), (126, 0), (127, 0), (128, 0), (129, 0), (130, 0), (131, 0), (132, 0), (133, 0), (134, 0), (135, 0), (136, 0), (137, 0), (138, 0), (139, 0), (140, 0), (141, 0), (142, 0), (143, 0), (144, 0), (145, 0), (146, 0), (147, 0), (148, 0), (149, 0), (150, 0), (151, 0), (152, 0), (153, 0), (154, 0), (155, 0), (156, 0), (157, 0), (158, 0), (159, 0), (160, 0), (161, 0), (162, 0), (163, 0), (164, 0), (165, 0), (166, 0), (167, 0), (168, 0), (169, 0), (170, 0), (171, 0), (172, 0), (173, 0), (174, 0), (175, 0), (176, 0), (177, 0), (178, 0), (179, 0), (180, 0), (181, 0), (182, 0), (183, 0), (184, 0), (185, 0), (186, 0), (187, 0), (188, 0), (189, 0), (190, 0), (191, 0), (192, 0), (193, 0), (194, 0), (195, 0), (196, 0), (197, 0), (198, 0), (199, 0), (200, 0), (201, 0), (202, 0), (203, 0), (204, 0), (205, 0), (206, 0), (207, 0), (208, 0), (209, 0), (210, 0), (211, 0), (212, 0), (213, 0), (214, 0), (215, 0), (216, 0), (217, 0), (218, 0), (219, 0), (220, 0), (221, 0), (222, 0), (223, 0), (224, 0), (225, 0), (226, 0), (227, 0), (228, 0), (229, 0), (230, 0), (231, 0), (232, 0), (233, 0), (234, 0), (235, 0), (236, 0), (237, 0), (238, 0), (239, 0), (240, 0), (241, 0), (242, 0), (243, 0), (244, 0), (245, 0), (246, 0), (247, 0), (248, 0), (249, 0), (250, 0), (251, 0), (252, 0), (253, 0), (254, 0), (255, 0), (256, 0), (257, 0), (258, 0), (259, 0), (260, 0), (261, 0), (262, 0), (263, 0), (264, 0), (265, 0), (266, 0), (267, 0), (268, 0), (269, 0), (270, 0), (271, 0), (272, 0), (273, 0), (274, 0), (275, 0), (276, 0), (277, 0), (278, 0), (279, 0), (280, 0), (281, 0), (282, 0), (283, 0), (284, 0), (285, 0), (286, 0), (287, 0), (288, 0), (289, 0), (290, 0), (291, 0), (292, 0), (293, 0), (294, 0), (295, 0), (296, 0), (297, 0), (298, 0), (299, 0), (300, 0)',
      ),
      s('a', 'update t set v = 1 where id <= 3'),
      s('a', 'delete from t where id > 200 or id <= 3'),
      s('a', 'vacuum verbose t'),
    ],
  },
  {
    name: 'a row lock sets xmax without deleting: VACUUM keeps the row',
    tables: ['t'],
    steps: [
      s('a', table),
      s('a', 'insert into t values (1, 0), (2, 0)'),
      s('b', 'begin'),
      s('b', 'select v from t where id = 1 for update'),
      s('b', 'commit'),
      s('a', 'update t set v = 1 where id = 2'),
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
  /** Per table, pg_stat_user_tables' n_tup_upd and n_tup_hot_upd. */
  readonly updates: Record<string, { updates: number; hotUpdates: number }>;
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
  const updates = Object.fromEntries(history.tables.map((name) => [name, { ...db.table(name).statistics }]));
  return { pages: rankXids(pages), vacuums, updates };
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
    // Each backend flushes its counters when it next goes idle (pgstat_report_stat).
    for (const client of clients.values()) await client.query('select pg_stat_force_next_flush()');
    await reader.query('select pg_stat_clear_snapshot()');
    const updates: Observed['updates'] = {};
    for (const table of history.tables) {
      const { rows } = await reader.query<{ updates: string; hot: string }>(
        `select n_tup_upd as updates, n_tup_hot_upd as hot from pg_stat_user_tables where relname = '${table}'`,
      );
      updates[table] = { updates: Number(rows[0]?.updates), hotUpdates: Number(rows[0]?.hot) };
    }
    return { pages: rankXids(pages), vacuums, updates };
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
    ['vacuum freeze analyze t', { tables: ['t'], verbose: false, freeze: true, analyze: true }],
    ['vacuum (freeze, verbose) t', { tables: ['t'], verbose: true, freeze: true }],
  ])('%s', (sql, expected) => {
    expect(parseSqlText(sql)[0]).toMatchObject({ kind: 'vacuum', ...expected });
  });

  it.each([
    ['vacuum full t', 'VACUUM FULL'],
    ['vacuum (skip_locked) t', 'VACUUM SKIP_LOCKED'],
    ['vacuum (truncate false) t', 'VACUUM TRUNCATE'],
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

describe('drawing freed line pointers', () => {
  it('draws runs of one state on one page as a range, and every redirect on its own', () => {
    expect(
      summariseLinePointers([
        '(0,1) redirect to (0,9)',
        '(0,2) unused',
        '(0,3) unused',
        '(0,4) unused',
        '(0,6) dead',
        '(0,7) redirect to (0,8)',
        '(1,1) unused',
        '(1,2) unused',
      ]),
    ).toBe(
      '(0,1) redirect to (0,9), (0,2)–(0,4) unused, (0,6) dead, (0,7) redirect to (0,8), (1,1)–(1,2) unused',
    );
  });
});

describe("VACUUM in the shell's sessions", () => {
  it('runs outside a transaction block, as in psql, and the internals then show what it removed', async () => {
    const engine = await startModelEngine();
    const console = new IsolationConsole({ engines: async () => engine });
    const errors = async (session: string, sql: string) =>
      (await console.type(session, sql)).flatMap((event) =>
        event.kind === 'result' && event.outcome.error !== null ? [event.outcome.error.code] : [],
      );
    expect(await errors('a', 'create table t (id int primary key, v int)')).toEqual([]);
    expect(await errors('a', 'insert into t values (1, 1), (2, 2)')).toEqual([]);
    expect(await errors('a', 'commit')).toEqual([]);
    expect(await errors('a', 'delete from t where id = 1')).toEqual([]);
    // a is in the transaction the console began: VACUUM is refused there, as PostgreSQL refuses it.
    expect(await errors('a', 'vacuum t')).toEqual(['25001']);
    expect(await errors('a', 'rollback')).toEqual([]);
    expect(await errors('a', 'delete from t where id = 1')).toEqual([]);
    expect(await errors('a', 'commit')).toEqual([]);
    // A session whose first statement is VACUUM, and an idle one, run it on its own.
    expect(await errors('v', 'vacuum t')).toEqual([]);
    expect(console.internals()?.tables[0]?.maintenance).toContain('tuples: 1 removed, 1 remain');
    expect(console.stateOf('v')).toBe('idle');
    expect(await errors('a', 'vacuum')).toEqual([]);
    expect(console.stateOf('a')).toBe('idle');
    expect(console.internals()?.tables[0]).toMatchObject({
      linePointers: ['(0,1) unused'],
      maintenance: expect.stringContaining('a runs VACUUM t'),
    });
  });
});

describe('the model prunes and vacuums as PostgreSQL does', () => {
  beforeAll(async () => {
    server = await startEmbeddedPostgres({ settings: { autovacuum: 'off' } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('VACUUM waits for its SHARE UPDATE EXCLUSIVE lock behind LOCK TABLE … SHARE, not behind a reader', async () => {
    const scenario = parseSpec(`
setup { create table t (id int primary key, v int); insert into t values (1, 0); }
teardown { drop table t; }
session L
step l_lock   { begin; lock table t in share mode; }
step l_read   { begin; select count(*) from t; }
step l_commit { commit; }
session V
step v_vacuum { vacuum t; }
permutation l_lock v_vacuum l_commit
permutation l_read v_vacuum l_commit
`);
    const model = await startModelEngine();
    const postgres = await startPostgresEngine({ url: server.url });
    try {
      for (const permutation of scenario.permutations) {
        const steps = permutation.steps.map((step) => step.name);
        const shape = async (engine: typeof model | typeof postgres) =>
          (await runPermutation({ engine, scenario, level: 'read-committed', permutation: steps })).steps.map(
            (step) => `${step.step} ${step.status}${step.error === null ? '' : ` ${step.error.code}`}`,
          );
        expect(await shape(model)).toEqual(await shape(postgres));
      }
      const waited = await runPermutation({
        engine: model,
        scenario,
        level: 'read-committed',
        permutation: ['l_lock', 'v_vacuum', 'l_commit'],
      });
      expect(waited.steps.map((step) => `${step.step} ${step.status}`)).toEqual([
        'l_lock ok',
        'v_vacuum resumed',
        'l_commit ok',
      ]);
    } finally {
      await postgres.close();
    }
  });

  it.each(histories.map((history) => [history.name, history] as const))('%s', async (_name, history) => {
    const model = runOnModel(history);
    const postgres = await runOnPostgres(history);
    expect(model).toEqual(postgres);
  });
});
