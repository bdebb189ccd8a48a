/**
 * An LSM-tree trace as page data: the memtable and the levels (or tiers) after every step,
 * the tables a step touched with their role, and the amplifications so far.
 *
 * Two sources give the same page: the store's own steps (`lsm put|load|flush|compact`,
 * each with an {@link LsmSnapshot}), and mini-lsm's compaction simulator (`lsm simulate`),
 * whose iterations hold shapes of table ids and a table of pretend sizes and key ranges.
 *
 * The three amplifications are computed from the pictures themselves, the way mini-lsm's
 * simulator defines them, so the chart agrees with what the learner sees drawn:
 *
 * - write: bytes of every table written so far (flushes and compaction outputs) over the
 *   bytes flushed, i.e. how many times each flushed byte has been written to tables;
 * - read: sorted runs a get may consult now (each L0 table, plus each non-empty level or tier);
 * - space: bytes of all live tables over the bytes of the last (largest, oldest) non-empty run.
 *
 * Shapes repeat from step to step (a put changes only the memtable), so each distinct shape
 * is kept once and steps name it by index.
 */
import type { LsmShape, LsmSnapshot, LsmStep, SimulationResult, TableMeta } from '@dbplay/lsm';
import type { AmplificationPoint, LsmPageData, LsmPageStep, LsmRunView, LsmTableView } from '../page-data.ts';

export interface LsmPageInput {
  readonly title: string;
  readonly subtitle: string;
  /** The store before its steps, if the command opened an existing one. */
  readonly start?: LsmSnapshot;
  readonly steps: readonly LsmStep[];
  readonly notes?: readonly string[];
}

export const amplificationNotes = {
  write: 'write amplification: bytes written to tables (flushes and compactions) ÷ bytes flushed',
  read: 'read amplification: sorted runs a get may consult (each L0 table, each non-empty level or tier)',
  space: 'space amplification: bytes of all live tables ÷ bytes of the last non-empty level or tier',
} as const;

/** Tracks the figures of the chart as tables appear. */
class AmplificationCounter {
  private readonly seen = new Set<number>();
  private written = 0;
  private flushed = 0;

  /** Counts tables not seen before; those of a flush count as flushed too. */
  observe(runs: readonly LsmRunView[], flushing: boolean): void {
    for (const run of runs) {
      for (const table of run.tables) {
        if (this.seen.has(table.id)) continue;
        this.seen.add(table.id);
        this.written += table.bytes;
        if (flushing) this.flushed += table.bytes;
      }
    }
  }

  /** Tables present before the trace began were written before it: they count as flushed once. */
  baseline(runs: readonly LsmRunView[]): void {
    this.observe(runs, true);
  }

  point(runs: readonly LsmRunView[]): AmplificationPoint {
    const live = runs.reduce((sum, run) => sum + bytesOf(run), 0);
    const last = [...runs].reverse().find((run) => run.tables.length > 0);
    const sortedRuns = runs.reduce(
      (count, run) => count + (run.name === 'L0' ? run.tables.length : run.tables.length > 0 ? 1 : 0),
      0,
    );
    return {
      write: this.flushed === 0 ? 0 : round(this.written / this.flushed),
      read: sortedRuns,
      space: last === undefined ? 0 : round(live / bytesOf(last)),
    };
  }
}

function bytesOf(run: LsmRunView): number {
  return run.tables.reduce((sum, table) => sum + table.bytes, 0);
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Keeps each distinct shape once. */
class ShapeInterner {
  readonly shapes: (readonly LsmRunView[])[] = [];
  private readonly index = new Map<string, number>();

  add(runs: readonly LsmRunView[]): number {
    const key = JSON.stringify(runs);
    const known = this.index.get(key);
    if (known !== undefined) return known;
    this.shapes.push(runs);
    this.index.set(key, this.shapes.length - 1);
    return this.shapes.length - 1;
  }
}

/** The role the touched tables play in a step of the store's kind. */
function roleOf(kind: string): LsmPageStep['role'] {
  switch (kind) {
    case 'pick':
      return 'input';
    case 'compact':
      return 'output';
    case 'flush':
      return 'flushed';
    case 'skip':
    case 'bloom':
    case 'block':
      return 'probed';
    default:
      return null;
  }
}

function runsOf(snapshot: LsmSnapshot): LsmRunView[] {
  return snapshot.runs.map((run) => ({
    name: run.name,
    tables: run.tables.map(({ id, bytes, entries, firstKey, lastKey }) => ({
      id,
      bytes,
      entries,
      firstKey,
      lastKey,
    })),
  }));
}

function memtableOf(snapshot: LsmSnapshot, which: 'memtable' | 'immutable') {
  const table = which === 'memtable' ? snapshot.memtable : snapshot.immutable;
  return table === undefined
    ? undefined
    : { entries: table.entries, bytes: table.bytes, limit: snapshot.memtableLimit };
}

/** A page from the store's own steps. */
export function lsmPage(input: LsmPageInput): LsmPageData {
  const shapes = new ShapeInterner();
  const counter = new AmplificationCounter();
  const steps: LsmPageStep[] = [];
  const first = input.start ?? input.steps.find((step) => step.snapshot !== undefined)?.snapshot;
  let strategy = first?.strategy ?? 'unknown';
  if (input.start !== undefined) {
    const runs = runsOf(input.start);
    counter.baseline(runs);
    const memtable = memtableOf(input.start, 'memtable');
    steps.push({
      kind: 'start',
      narration: `The store before the command: ${describeRuns(runs)}.`,
      touched: [],
      ...(memtable === undefined ? {} : { memtable }),
      shape: shapes.add(runs),
      role: null,
      amplification: counter.point(runs),
    });
  }
  let last: LsmSnapshot | undefined = input.start;
  for (const step of input.steps) {
    const snapshot = step.snapshot ?? last;
    if (snapshot === undefined) continue;
    last = snapshot;
    strategy = snapshot.strategy;
    const runs = runsOf(snapshot);
    counter.observe(runs, step.kind === 'flush');
    const memtable = memtableOf(snapshot, 'memtable');
    const immutable = memtableOf(snapshot, 'immutable');
    steps.push({
      kind: step.kind,
      narration: step.narration,
      touched: [...step.touched],
      ...(memtable === undefined ? {} : { memtable }),
      ...(immutable === undefined ? {} : { immutable }),
      shape: shapes.add(runs),
      role: roleOf(step.kind),
      amplification: counter.point(runs),
    });
  }
  return {
    kind: 'lsm',
    title: input.title,
    subtitle: input.subtitle,
    strategy,
    shapes: shapes.shapes,
    amplificationNotes,
    steps,
    ...(input.notes === undefined ? {} : { notes: input.notes }),
  };
}

function describeRuns(runs: readonly LsmRunView[]): string {
  const tables = runs.reduce((sum, run) => sum + run.tables.length, 0);
  if (tables === 0) return 'no table yet';
  const parts = runs.filter((run) => run.tables.length > 0).map((run) => `${run.name}: ${run.tables.length}`);
  return `${tables} ${tables === 1 ? 'table' : 'tables'} (${parts.join(', ')})`;
}

export interface SimulationPageInput {
  readonly title: string;
  readonly subtitle: string;
  readonly result: SimulationResult;
  /** Keys as text (the CLI passes @dbplay/lsm's displayBytes). */
  readonly displayKey: (key: Uint8Array) => string;
  /** One sentence for a compaction: why it ran (the CLI passes @dbplay/lsm's describeTrigger). */
  readonly describeCompaction: (
    compaction: SimulationResult['iterations'][number]['compactions'][number],
  ) => string;
  readonly notes?: readonly string[];
}

/** A page from mini-lsm's compaction simulator: a flush per iteration, then its compactions. */
export function simulationPage(input: SimulationPageInput): LsmPageData {
  const { result } = input;
  const shapes = new ShapeInterner();
  const counter = new AmplificationCounter();
  const tiered = result.strategy === 'tiered';
  const table = (id: number): LsmTableView => {
    const meta: TableMeta | undefined = result.tables.get(id);
    if (meta === undefined) return { id, bytes: 0, entries: 0, firstKey: '', lastKey: '' };
    return {
      id,
      bytes: meta.size,
      entries: 0,
      firstKey: input.displayKey(meta.firstKey),
      lastKey: input.displayKey(meta.lastKey),
    };
  };
  const runsOfShape = (shape: LsmShape): LsmRunView[] =>
    tiered
      ? shape.levels.map((tier) => ({ name: `tier ${tier.id}`, tables: tier.tables.map(table) }))
      : [
          { name: 'L0', tables: shape.l0.map(table) },
          ...shape.levels.map((level) => ({ name: `L${level.id}`, tables: level.tables.map(table) })),
        ];
  const steps: LsmPageStep[] = [];
  for (const iteration of result.iterations) {
    let runs = runsOfShape(iteration.afterFlush);
    counter.observe(runs, true);
    steps.push({
      kind: 'flush',
      narration: `Iteration ${iteration.iteration}: a memtable is flushed as table #${iteration.flushed} ${tiered ? 'in a new tier' : 'into L0'}.`,
      touched: [iteration.flushed],
      shape: shapes.add(runs),
      role: 'flushed',
      amplification: counter.point(runs),
    });
    for (const compaction of iteration.compactions) {
      const before = new Set(runs.flatMap((run) => run.tables.map((t) => t.id)));
      const after = runsOfShape(compaction.after);
      const remaining = new Set(after.flatMap((run) => run.tables.map((t) => t.id)));
      const inputs = [...before].filter((id) => !remaining.has(id));
      steps.push({
        kind: 'pick',
        narration: `${capital(input.describeCompaction(compaction))}: the tables marked "in" are merged.`,
        touched: inputs,
        shape: shapes.add(runs),
        role: 'input',
        amplification: counter.point(runs),
      });
      runs = after;
      counter.observe(runs, false);
      steps.push({
        kind: 'compact',
        narration: `The merge wrote ${compaction.outputs.length} ${compaction.outputs.length === 1 ? 'table' : 'tables'} (marked "out") in place of ${inputs.length}.`,
        touched: [...compaction.outputs],
        shape: shapes.add(runs),
        role: 'output',
        amplification: counter.point(runs),
      });
    }
  }
  return {
    kind: 'lsm',
    title: input.title,
    subtitle: input.subtitle,
    strategy: result.strategy,
    shapes: shapes.shapes,
    amplificationNotes,
    steps,
    tables: [
      {
        title: 'At the end (as mini-lsm prints them)',
        columns: ['figure', 'value'],
        rows: [
          ['write amplification', result.writeAmplification.toFixed(3)],
          ['max space amplification', result.maxSpaceAmplification.toFixed(3)],
          ['read amplification', String(result.readAmplification)],
          ['files per level or tier', result.levels.join(', ')],
        ],
      },
    ],
    ...(input.notes === undefined ? {} : { notes: input.notes }),
  };
}
