/**
 * Golden transcripts and Hermitage's table, on the real engines.
 *
 * Every catalog scenario runs at every PostgreSQL level (on one embedded server) and in both
 * SQLite modes; each run's transcript (render-transcript.ts) is compared with the file in
 * golden/<scenario>/<engine>-<level>.txt. The files were generated from the real engines and
 * reviewed; `pnpm test:update` rewrites them after a deliberate change (review the diff).
 *
 * The same runs, kept in one RunCache, are then checked against Hermitage's PostgreSQL table
 * (github.com/ept/hermitage, README): read committed prevents G0, G1a, G1b, G1c and OTV but
 * not PMP, P4, G-single, G2-item or G2; repeatable read adds PMP, P4 and G-single;
 * serializable prevents them all. And against what the research notes observed for the other
 * scenarios on PostgreSQL 15 and 18, and for SQLite (serializable in every case).
 */
import {
  type CellKind,
  type IsolationEngine,
  type IsolationLevel,
  loadCatalog,
  parseLevel,
  RunCache,
  runScenario,
  type Scenario,
  startPostgresEngine,
  startSqliteEngine,
} from '@dbplay/isolation';
import { renderTranscript } from '@dbplay/isolation/render';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresLevels, sqliteLevels } from '../src/engines/levels.ts';
import { combineCells } from '../src/judge/classify-outcome.ts';
import { runsOn } from '../src/spec/scenario.ts';

const catalog = await loadCatalog();
const cache = new RunCache();
const engines = new Map<string, IsolationEngine>();

beforeAll(async () => {
  engines.set('postgres', await startPostgresEngine());
  engines.set('sqlite', await startSqliteEngine());
}, 120_000);

afterAll(async () => {
  for (const engine of engines.values()) await engine.close();
}, 60_000);

function engine(name: string): IsolationEngine {
  const found = engines.get(name);
  if (found === undefined) throw new Error(`engine ${name} did not start`);
  return found;
}

const scenario = (id: string): Scenario => {
  const found = catalog.find((s) => s.id === id);
  if (found === undefined) throw new Error(`no scenario ${id}`);
  return found;
};

async function cellOf(id: string, engineName: string, level: IsolationLevel) {
  const report = await runScenario({ engine: engine(engineName), scenario: scenario(id), level, cache });
  return combineCells(report.permutations.map((p) => p.cell));
}

/** The scenarios an engine runs (a scenario's `engines` line can leave some out). */
const cases = (engineName: string, levels: readonly IsolationLevel[]) =>
  catalog.filter((s) => runsOn(s, engineName)).flatMap((s) => levels.map((level) => [s.id, level] as const));

describe.each([
  ['postgres', postgresLevels],
  ['sqlite', sqliteLevels],
] as const)('golden transcripts on %s', (engineName, levels) => {
  it.each(cases(engineName, levels))('%s at %s', async (id, level) => {
    const report = await runScenario({ engine: engine(engineName), scenario: scenario(id), level, cache });
    await expect(renderTranscript(report)).toMatchFileSnapshot(`golden/${id}/${engineName}-${level}.txt`);
  });
});

describe("agreement with Hermitage's PostgreSQL table", () => {
  // Hermitage's tests, by the anomaly its README column files them under.
  const hermitage: Record<string, string> = {
    g0: 'G0',
    g1a: 'G1a',
    g1b: 'G1b',
    g1c: 'G1c',
    otv: 'OTV',
    pmp: 'PMP',
    'pmp-write': 'PMP',
    p4: 'P4',
    'g-single': 'G-single',
    'g-single-dependencies': 'G-single',
    'g-single-write-1': 'G-single',
    'g2-item': 'G2-item',
    g2: 'G2',
    'g2-two-edges': 'G2',
  };
  const preventedAt: Record<string, readonly string[]> = {
    'read-uncommitted': ['G0', 'G1a', 'G1b', 'G1c', 'OTV'],
    'read-committed': ['G0', 'G1a', 'G1b', 'G1c', 'OTV'],
    'repeatable-read': ['G0', 'G1a', 'G1b', 'G1c', 'OTV', 'PMP', 'P4', 'G-single'],
    serializable: ['G0', 'G1a', 'G1b', 'G1c', 'OTV', 'PMP', 'P4', 'G-single', 'G2-item', 'G2'],
  };
  it.each(Object.keys(hermitage).flatMap((id) => postgresLevels.map((level) => [id, level] as const)))(
    '%s at %s',
    async (id, level) => {
      const cell = await cellOf(id, 'postgres', level);
      const prevented = preventedAt[level]?.includes(hermitage[id] ?? '') ?? false;
      expect(cell.kind === 'anomaly' ? 'occurs' : 'prevented').toBe(prevented ? 'prevented' : 'occurs');
    },
  );
});

describe('the outcomes observed in the research notes', () => {
  const expected: Record<string, Record<string, CellKind | `${CellKind} ${string}`>> = {
    // Observed on PostgreSQL 15.18 and 18.4 (research/isolation.md, section 5).
    'lost-update-increment': {
      'read-committed': 'prevented-by-waiting',
      'repeatable-read': 'prevented-by-abort 40001',
      serializable: 'prevented-by-abort 40001',
    },
    deadlock: {
      'read-committed': 'prevented-by-abort 40P01',
      'repeatable-read': 'prevented-by-abort 40P01',
      serializable: 'prevented-by-abort 40P01',
    },
    'read-only-anomaly': {
      'read-committed': 'anomaly',
      'repeatable-read': 'anomaly',
      serializable: 'prevented-by-abort 40001',
    },
    'g-single-write-2': {
      'read-committed': 'prevented-by-waiting',
      'repeatable-read': 'prevented-by-waiting',
      serializable: 'prevented-by-waiting',
    },
    'ssi-false-positive-seqscan': {
      'repeatable-read': 'serializable',
      serializable: 'prevented-by-abort 40001',
    },
    'ssi-false-positive-index': { 'repeatable-read': 'serializable', serializable: 'serializable' },
    g0: { 'read-committed': 'prevented-by-waiting', 'repeatable-read': 'prevented-by-abort 40001' },
    g1c: { serializable: 'prevented-by-abort 40001' },
  };
  it.each(
    Object.entries(expected).flatMap(([id, levels]) =>
      Object.entries(levels).map(([l, want]) => [id, l, want]),
    ),
  )('%s at %s: %s', async (id, level, want) => {
    const cell = await cellOf(id, 'postgres', parseLevel(engine('postgres'), level));
    expect([cell.kind, ...cell.codes].join(' ')).toBe(want);
  });

  it('labels the sequential-scan abort a false positive, and only that one', async () => {
    expect((await cellOf('ssi-false-positive-seqscan', 'postgres', 'serializable')).falsePositive).toBe(true);
    for (const id of ['g2-item', 'g2', 'read-only-anomaly', 'doctors-on-call', 'meeting-room', 'overdraft']) {
      expect((await cellOf(id, 'postgres', 'serializable')).falsePositive, id).toBe(false);
    }
  });

  it.each(cases('sqlite', sqliteLevels))('SQLite is serializable: %s in %s mode', async (id, level) => {
    const cell = await cellOf(id, 'sqlite', level);
    expect(cell.kind).not.toBe('anomaly');
    expect(cell.otherAnomaly).toBe(false);
    if (level === 'immediate') expect(cell.kind).not.toBe('prevented-by-abort');
  });
});

describe('every interleaving', () => {
  it('write skew: never an anomaly at serializable, some at repeatable read (PostgreSQL)', async () => {
    const run = (level: IsolationLevel) =>
      runScenario({
        engine: engine('postgres'),
        scenario: scenario('g2-item'),
        level,
        cache,
        choice: { kind: 'all' },
      });
    const serializable = await run('serializable');
    expect(serializable.permutations).toHaveLength(20);
    expect(serializable.permutations.filter((p) => p.cell.kind === 'anomaly')).toEqual([]);
    const kinds = (report: typeof serializable) => report.permutations.map((p) => p.cell.kind);
    // Only the two serial schedules avoid write skew: any overlap gives both an old snapshot.
    const repeatable = await run('repeatable-read');
    expect(kinds(repeatable).filter((kind) => kind === 'anomaly')).toHaveLength(18);
    expect(kinds(serializable).filter((kind) => kind === 'prevented-by-abort')).toHaveLength(18);
    for (const p of serializable.permutations)
      expect(p.outcome.steps.every((s) => s.status !== 'waiting')).toBe(true);
  });

  it('lost update: every interleaving finishes on SQLite, and none loses an update', async () => {
    const report = await runScenario({
      engine: engine('sqlite'),
      scenario: scenario('p4'),
      level: 'deferred',
      cache,
      choice: { kind: 'all' },
    });
    expect(report.permutations).toHaveLength(20);
    expect(report.permutations.filter((p) => !p.verdict.serializable)).toEqual([]);
  });
});
