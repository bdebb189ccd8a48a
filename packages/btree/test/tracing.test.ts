/**
 * Tracing: every operation can narrate itself step by step, and with no tracer it builds
 * nothing. The narrated steps of a fixed insert/delete sequence (a split that grows the
 * root, borrows, merges and a merge that shrinks the root) are kept as a golden file, with
 * the drawing after each step, so any change in what a learner is told shows in review.
 */
import { BPlusTree, type BTreeStep, drawTree } from '@dbplay/btree';
import { SeededRandom, StepRecorder } from '@dbplay/core';
import { describe, expect, it, vi } from 'vitest';

// Count every step the tree builds, by wrapping each builder of the narration modules.
const built = vi.hoisted(() => ({
  count: 0,
  /** The module with each step builder (`…Step`) wrapped to count its calls. */
  async counting(importOriginal: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
    const original = await importOriginal();
    const wrapped: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(original)) {
      wrapped[name] =
        typeof value === 'function' && name.endsWith('Step')
          ? (...args: unknown[]) => {
              built.count++;
              return (value as (...a: unknown[]) => unknown)(...args);
            }
          : value;
    }
    return wrapped;
  },
}));
vi.mock('../src/steps/search-steps.ts', (importOriginal) => built.counting(importOriginal));
vi.mock('../src/steps/insert-steps.ts', (importOriginal) => built.counting(importOriginal));
vi.mock('../src/steps/delete-steps.ts', (importOriginal) => built.counting(importOriginal));
vi.mock('../src/steps/load-steps.ts', (importOriginal) => built.counting(importOriginal));

function workout(tree: BPlusTree<number, number>, tracer?: StepRecorder<BTreeStep>): unknown[] {
  const random = new SeededRandom(3);
  const loaded = BPlusTree.bulkLoad(
    Array.from({ length: 100 }, (_, i) => [i, i] as const),
    { order: 3, fill: 0.7, ...(tracer === undefined ? {} : { tracer }) },
  );
  const results: unknown[] = [[...loaded]];
  for (let i = 0; i < 400; i++) {
    const key = random.int(0, 150);
    const op = random.int(0, 4);
    if (op <= 1) results.push(tree.set(key, i, tracer));
    else if (op === 2) results.push(tree.delete(key, tracer));
    else if (op === 3) results.push(tree.get(key, tracer), tree.has(key, tracer));
    else
      results.push(
        [...tree.entries(key, key + 20, tracer)],
        [...tree.entriesReversed(key - 20, key, tracer)],
      );
  }
  // Empty the tree, so it shrinks back to a single leaf.
  for (let key = 0; key <= 150; key++) results.push(tree.delete(key, tracer));
  return results;
}

describe('tracing', () => {
  it('builds no step when no tracer is attached', () => {
    built.count = 0;
    workout(new BPlusTree<number, number>({ order: 3 }));
    expect(built.count).toBe(0);
  });

  it('builds exactly the steps it emits, and a traced tree behaves like an untraced one', () => {
    built.count = 0;
    const recorder = new StepRecorder<BTreeStep>();
    const traced = new BPlusTree<number, number>({ order: 3 });
    const results = workout(traced, recorder);
    expect(built.count).toBe(recorder.steps.length);
    expect(recorder.steps.length).toBeGreaterThan(1000);
    const plain = new BPlusTree<number, number>({ order: 3 });
    expect(workout(plain)).toEqual(results);
    expect(traced.snapshot()).toEqual(plain.snapshot());
    const kinds = new Set(recorder.steps.map((step) => step.kind));
    for (const kind of ['visit', 'insert', 'update', 'split', 'new-root', 'remove', 'missing', 'found']) {
      expect(kinds).toContain(kind);
    }
    for (const kind of [
      'borrow',
      'merge',
      'root-collapse',
      'scan',
      'leaf-hop',
      'scan-end',
      'load-leaf',
      'load-node',
      'load-root',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('narrates a split that grows the root, borrows, merges, and a merge that shrinks the root', async () => {
    const tree = new BPlusTree<number, number>({ order: 3 });
    const transcript: string[] = [];
    const kinds: string[] = [];
    const play = (title: string, run: (recorder: StepRecorder<BTreeStep>) => unknown): void => {
      const recorder = new StepRecorder<BTreeStep>();
      run(recorder);
      transcript.push(`── ${title} ──`);
      recorder.steps.forEach((step, i) => {
        kinds.push(step.kind);
        transcript.push(`${i + 1}. ${step.kind}  ${step.narration}`);
        if (step.snapshot !== undefined)
          transcript.push(drawTree(step.snapshot, { highlight: step.touched }), '');
      });
    };
    for (const key of [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 35]) {
      play(`insert ${key}`, (recorder) => tree.set(key, key, recorder));
    }
    play('get 35', (recorder) => tree.get(35, recorder));
    play('range 25..65', (recorder) => [...tree.entries(25, 65, recorder)]);
    for (const key of [20, 100, 10]) play(`delete ${key}`, (recorder) => tree.delete(key, recorder));
    expect(tree.check()).toEqual({ ok: true });
    expect(tree.height).toBe(2);
    for (const kind of ['new-root', 'split', 'borrow', 'merge', 'root-collapse', 'leaf-hop']) {
      expect(kinds).toContain(kind);
    }
    await expect(`${transcript.join('\n')}\n`).toMatchFileSnapshot('golden/insert-delete-steps.txt');
  });

  it('narrates the comparison that chose each child, and a backward range scan', () => {
    const tree = BPlusTree.bulkLoad(
      Array.from({ length: 12 }, (_, i) => [(i + 1) * 10, i] as const),
      { order: 3 },
    );
    const recorder = new StepRecorder<BTreeStep>();
    expect([...tree.entriesReversed(35, 75, recorder)].map(([k]) => k)).toEqual([70, 60, 50, 40]);
    expect(recorder.narrations()).toMatchInlineSnapshot(`
      [
        "Visit the root, node 6 [40 70 100]: 70 ≤ 75 < 100, so go to child 3 of 4, leaf 4.",
        "Read [70] from leaf 4.",
        "The range may go on past its first key, so follow leaf 4's left link to leaf 3, without going back up the tree.",
        "Read [60 50 40] from leaf 3.",
        "The range may go on past its first key, so follow leaf 3's left link to leaf 2, without going back up the tree.",
        "Leaf 2 holds 30, beyond the bound 35, so the scan stops.",
      ]
    `);
  });

  it('evens two leaves out when borrowing, so the short one is not short again at the next delete', () => {
    const tree = BPlusTree.bulkLoad(
      Array.from({ length: 16 }, (_, i) => [i + 1, i + 1] as const),
      { order: 8 },
    );
    for (const key of [1, 2, 3, 4]) tree.delete(key);
    const recorder = new StepRecorder<BTreeStep>();
    tree.delete(5, recorder);
    expect(recorder.narrations().at(-1)).toBe(
      'Leaf 2 fell below the minimum of 4 keys, and its right sibling leaf 3 can spare some: [9 10] move over, evening the two leaves out, and the separator in node 4 becomes 11.',
    );
    expect([...tree.keys()]).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(tree.check()).toEqual({ ok: true });
  });

  it('narrates a bulk load bottom-up: leaves, the nodes above them, and the root', () => {
    const recorder = new StepRecorder<BTreeStep>();
    const tree = BPlusTree.bulkLoad(
      Array.from({ length: 10 }, (_, i) => [(i + 1) * 10, i] as const),
      { order: 4, fill: 0.75, tracer: recorder },
    );
    expect(tree.check()).toEqual({ ok: true });
    expect(recorder.narrations()).toMatchInlineSnapshot(`
      [
        "Fill leaf 2 with the next 3 sorted entries, [10 20 30] (the fill factor gives 3 of the 4 a leaf may hold), the first leaf.",
        "Fill leaf 3 with the next 3 sorted entries, [40 50 60] (the fill factor gives 3 of the 4 a leaf may hold), linked after leaf 2.",
        "Fill leaf 4 with the next 4 sorted entries, [70 80 90 100] (not 3: the last leaves share what is left, so none falls below the minimum of 2), linked after leaf 3.",
        "Build node 5 on level 2 over 3 nodes (leaf 2, leaf 3, leaf 4); the first key of each but the first becomes a separator: [40 70].",
        "Node 5 is alone on its level, so it is the root: 10 entries in 2 levels, built bottom-up without a single split.",
      ]
    `);
    expect(recorder.steps.at(-1)?.snapshot).toEqual(tree.snapshot());
  });

  it('leaves out snapshots of trees too big to copy at every step, but keeps the narration', () => {
    const tree = BPlusTree.bulkLoad(Array.from({ length: 5000 }, (_, i) => [i, i] as const));
    const recorder = new StepRecorder<BTreeStep>();
    tree.set(5000, 0, recorder);
    expect(recorder.steps.length).toBeGreaterThan(0);
    expect(recorder.steps.every((step) => step.snapshot === undefined)).toBe(true);
    expect(recorder.narrations().at(-1)).toContain('Insert 5000 into leaf');
  });
});
