/**
 * One page of each kind, built from real traces the way the CLI builds them: a B+tree
 * that splits, is searched and range-scanned; an LSM store that flushes and compacts, and
 * the compaction simulator; the model engine running write skew (a cycle) and a lost
 * update (a wait); and EXPLAIN ANALYZE plans read from fixture JSON (so no PostgreSQL is
 * needed). The data tests keep their JSON as golden files; the browser tests open them.
 */
import { readFileSync } from 'node:fs';
import { BPlusTree, type BTreeStep } from '@dbplay/btree';
import { StepRecorder } from '@dbplay/core';
import { estimateFactor, exclusiveCosts, nodeLabel, parsePlan, planNotes } from '@dbplay/explain/plans';
import {
  findScenario,
  type IsolationLevel,
  modelDetails,
  runScenario,
  startModelEngine,
  stepsOfEvents,
} from '@dbplay/isolation';
import {
  describeTrigger,
  displayBytes,
  type LsmStep,
  LsmTree,
  resolveCompactionOptions,
  simulateCompaction,
} from '@dbplay/lsm';
import {
  type BtreeOperationTrace,
  btreePage,
  explainPage,
  isolationPage,
  lsmPage,
  type PageData,
  simulationPage,
} from '../src/index.ts';

/** Inserts that split leaves and the root, a delete that merges, a lookup and a range scan. */
export function btreeSample(): PageData {
  const tree = new BPlusTree<number, number>({ order: 3 });
  const start = tree.snapshot();
  const operations: BtreeOperationTrace[] = [];
  const traced = (label: string, run: (recorder: StepRecorder<BTreeStep>) => void) => {
    const recorder = new StepRecorder<BTreeStep>();
    run(recorder);
    operations.push({ label, steps: recorder.steps });
  };
  for (const key of [10, 20, 30, 40, 50, 60, 70]) traced(`insert ${key}`, (r) => tree.set(key, key, r));
  traced('delete 70', (r) => tree.delete(70, r));
  traced('find 40', (r) => tree.has(40, r));
  traced('range 15..45', (r) => {
    [...tree.entries(15, 45, r)];
  });
  return btreePage({ title: 'B+tree sample', subtitle: 'order 3', start, operations, end: tree.snapshot() });
}

/** A thousand random keys inserted one by one, order 4: the size and speed check of issue 15. */
export function btreeThousand(): PageData {
  const tree = new BPlusTree<number, number>({ order: 4 });
  const start = tree.snapshot();
  const operations: BtreeOperationTrace[] = [];
  for (let i = 0; i < 1000; i++) {
    const key = (i * 7919) % 1009;
    const recorder = new StepRecorder<BTreeStep>();
    tree.set(key, key, recorder);
    operations.push({ label: `insert ${key}`, steps: recorder.steps });
  }
  return btreePage({ title: 'A thousand inserts', subtitle: 'order 4', start, operations });
}

/** A dozen fruits into a store with a tiny memtable: flushes, a compaction, a get. */
export async function lsmSample(): Promise<PageData> {
  const recorder = new StepRecorder<LsmStep>();
  const tree = await LsmTree.open({
    memtableSize: 160,
    sstSize: 200,
    blockSize: 64,
    compaction: { strategy: 'leveled', level0FileNumCompactionTrigger: 2, baseLevelSize: 300, maxLevels: 3 },
    tracer: recorder,
  });
  const fruits = [
    'apple',
    'banana',
    'cherry',
    'date',
    'elderberry',
    'fig',
    'grape',
    'kiwi',
    'lemon',
    'mango',
  ];
  for (const [i, fruit] of fruits.entries()) tree.put(fruit, `colour-${i}`);
  tree.flush();
  tree.compact();
  tree.get('cherry');
  tree.close();
  return lsmPage({ title: 'LSM sample', subtitle: 'leveled, 160-byte memtable', steps: recorder.steps });
}

export function simulationSample(): PageData {
  const result = simulateCompaction({
    compaction: resolveCompactionOptions({ strategy: 'tiered' }),
    iterations: 12,
    sstSize: 32 * 1024 * 1024,
    seed: 42,
  });
  return simulationPage({
    title: 'Tiered compaction, simulated',
    subtitle: 'mini-lsm simulator, 12 iterations',
    result,
    displayKey: displayBytes,
    describeCompaction: (compaction) => describeTrigger(compaction.task.trigger),
  });
}

export async function isolationSample(id: string, level: IsolationLevel): Promise<PageData> {
  const engine = await startModelEngine();
  try {
    const scenario = await findScenario(id);
    const report = await runScenario({ engine, scenario, level, trace: true });
    const first = report.permutations[0];
    if (first === undefined) throw new Error(`${id} ran no permutation`);
    return isolationPage({
      title: `${id} at ${level}`,
      subtitle: report.engineDescription,
      engine: report.engine,
      level,
      sessions: scenario.sessions.map((session) => session.name),
      outcome: first.outcome,
      eventOutcomes: stepsOfEvents(first.outcome),
      model: modelDetails(first.outcome),
      verdict: first.verdict.explanation,
    });
  } finally {
    await engine.close();
  }
}

function fixturePlan(name: string) {
  const fixture = JSON.parse(readFileSync(new URL(`fixtures/${name}.json`, import.meta.url), 'utf8')) as {
    query: string;
    plan: unknown;
  };
  const plan = parsePlan(fixture.plan);
  return {
    label: name,
    sql: fixture.query,
    plan,
    notes: planNotes(plan),
    exclusiveCosts: exclusiveCosts(plan),
    labelOf: nodeLabel,
    estimateFactor,
  };
}

export function explainSample(): PageData {
  return explainPage({
    title: 'EXPLAIN sample',
    subtitle: 'two plans from fixtures',
    plans: [fixturePlan('hash-batches-analyze'), fixturePlan('hash-join')],
  });
}
