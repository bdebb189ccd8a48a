/**
 * The narrated steps of a small fixed workload (a golden transcript: regenerate with
 * `pnpm test:update` and review), and the proof that an untraced tree builds no step, no
 * sentence and no snapshot: every builder is wrapped and counted.
 */
import { StepRecorder } from '@dbplay/core';
import { describe, expect, it, vi } from 'vitest';
import { LsmTree } from '../src/store/lsm-tree.ts';
import type { LsmOptions } from '../src/store/options.ts';
import type { LsmStep } from '../src/view/steps.ts';

const built = vi.hoisted(() => ({ steps: 0, snapshots: 0 }));

vi.mock('../src/view/steps.ts', async (importOriginal) => {
  const original = await importOriginal<Record<string, unknown>>();
  const counted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(original)) {
    counted[name] =
      typeof value === 'function' && name.endsWith('Step')
        ? (...args: unknown[]) => {
            built.steps++;
            return (value as (...a: unknown[]) => unknown)(...args);
          }
        : value;
  }
  return counted;
});

vi.mock('../src/view/snapshot.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/view/snapshot.ts')>();
  return {
    ...original,
    snapshotOf: (...args: Parameters<typeof original.snapshotOf>) => {
      built.snapshots++;
      return original.snapshotOf(...args);
    },
  };
});

const options: LsmOptions = {
  memtableSize: 160,
  sstSize: 200,
  blockSize: 64,
  compaction: { strategy: 'leveled', level0FileNumCompactionTrigger: 2, baseLevelSize: 300, maxLevels: 3 },
};

/** Puts a dozen fruits, deletes one, reads one that is there and one that is not, scans, compacts. */
function workload(tree: LsmTree): void {
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
    'nectarine',
    'orange',
  ];
  for (const [i, fruit] of fruits.entries()) tree.put(fruit, `colour-${i}`);
  tree.delete('banana');
  tree.get('cherry');
  tree.get('blueberry');
  tree.get('zucchini');
  [...tree.scan('c', 'f')];
  tree.flush();
  tree.compact();
  tree.get('banana');
}

describe('narrated steps', () => {
  it('tell the story of a small workload, one sentence per step', async () => {
    const recorder = new StepRecorder<LsmStep>();
    const tree = await LsmTree.open({ ...options, tracer: recorder });
    workload(tree);
    tree.close();
    const transcript = recorder.steps.map(
      (step, i) => `${i + 1}. ${step.kind} [${step.touched.join(', ')}]  ${step.narration}`,
    );
    await expect(`${transcript.join('\n')}\n`).toMatchFileSnapshot('golden/steps-leveled.txt');

    const tiered = new StepRecorder<LsmStep>();
    const tieredTree = await LsmTree.open({
      ...options,
      compaction: { strategy: 'tiered', numTiers: 2 },
      tracer: tiered,
    });
    workload(tieredTree);
    tieredTree.close();
    const tieredTranscript = tiered.steps.map(
      (step, i) => `${i + 1}. ${step.kind} [${step.touched.join(', ')}]  ${step.narration}`,
    );
    await expect(`${tieredTranscript.join('\n')}\n`).toMatchFileSnapshot('golden/steps-tiered.txt');
    // Every kind of step appears in this workload.
    expect(new Set(recorder.steps.map((step) => step.kind))).toEqual(
      new Set([
        'recover',
        'write',
        'freeze',
        'flush',
        'pick',
        'compact',
        'memtable',
        'skip',
        'bloom',
        'block',
        'result',
        'scan',
      ]),
    );
    // Each step carries the tree as it was right after it.
    const flush = recorder.steps.find((step) => step.kind === 'flush');
    expect(flush?.snapshot?.runs[0]?.tables.map((t) => t.id)).toContain(flush?.touched[0]);
  });

  it('are never built when no tracer is attached', async () => {
    built.steps = 0;
    built.snapshots = 0;
    const tree = await LsmTree.open(options);
    workload(tree);
    expect(built).toEqual({ steps: 0, snapshots: 0 });

    const recorder = new StepRecorder<LsmStep>();
    tree.tracer = recorder;
    tree.get('kiwi');
    expect(built.steps).toBe(recorder.steps.length);
    expect(built.steps).toBeGreaterThan(1);
    tree.tracer = undefined;
    tree.get('kiwi');
    expect(built.steps).toBe(recorder.steps.length);
    tree.close();
  });
});
