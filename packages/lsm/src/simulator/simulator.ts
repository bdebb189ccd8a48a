/**
 * mini-lsm's compaction simulator: flush pretend tables one by one and watch a compaction
 * strategy shape the tree, with no data at all.
 *
 * Each iteration flushes one table (into L0, or as a new tier), then asks the strategy for
 * compactions until it asks for none; every compaction writes one new table per input table,
 * the way mini-lsm's simulator counts (mini-lsm-starter/src/bin/compaction-simulator.rs).
 * The strategies are the very controllers the store runs. Simple and tiered compaction only
 * count files; leveled compaction looks at sizes and key ranges, so each flushed table gets a
 * pretend size (`sstSize`) and a random key range (8-byte big-endian numbers from a seed, as
 * mini-lsm's simulator draws them with its `--seed` for leveled), and a compaction splits
 * the merged range evenly among its outputs. After every iteration it reports, with mini-lsm's definitions:
 *
 * - write amplification: tables written (flushes and compaction outputs) / tables flushed;
 * - maximum space usage: the most tables alive at once (counted after a compaction wrote its
 *   outputs, before it deleted its inputs) / tables flushed;
 * - read amplification: L0 tables plus non-empty levels or tiers, the sorted runs a read
 *   may have to check.
 */
import { BadInputError, SeededRandom } from '@dbplay/core';
import { type CompactionController, shapeAfterFlush } from '../compaction/controller.ts';
import { type LsmShape, sortedRunCount, type TableMeta } from '../compaction/shape.ts';
import { createController, type ResolvedCompactionOptions } from '../compaction/strategy.ts';
import { type CompactionTask, inputTables } from '../compaction/task.ts';

export interface SimulationOptions {
  readonly compaction: ResolvedCompactionOptions;
  /** Tables to flush, one per iteration. mini-lsm's default: 50. */
  readonly iterations: number;
  /** Pretend bytes of every table (leveled only). mini-lsm's default: 32 MiB. */
  readonly sstSize: number;
  /** Seed of the pretend key ranges (leveled only). */
  readonly seed: number | string;
  /**
   * A strategy of your own to try instead of the one `compaction` names, as mini-lsm's
   * learners run theirs through the simulator before wiring them into the store.
   */
  readonly controller?: CompactionController | undefined;
}

export interface SimulatedCompaction {
  readonly task: CompactionTask;
  /** The new table ids, one per input table. */
  readonly outputs: readonly number[];
  readonly after: LsmShape;
}

export interface SimulatedIteration {
  readonly iteration: number;
  readonly flushed: number;
  readonly afterFlush: LsmShape;
  readonly compactions: readonly SimulatedCompaction[];
  /** Tables written so far: flushes plus compaction outputs. */
  readonly writes: number;
  readonly flushes: number;
  readonly maxSpace: number;
  readonly readAmplification: number;
}

export interface SimulationResult {
  readonly strategy: CompactionController['strategy'];
  readonly iterations: readonly SimulatedIteration[];
  /** For each table, the table it was written from (a flushed table: itself), as mini-lsm prints. */
  readonly origins: ReadonlyMap<number, number>;
  /** Every pretend table written, live or not, for its key range. */
  readonly tables: ReadonlyMap<number, TableMeta>;
  readonly writeAmplification: number;
  readonly maxSpaceAmplification: number;
  readonly readAmplification: number;
  /** Final file counts: L0, L1, … (leveled strategies) or each tier, newest first. */
  readonly levels: readonly number[];
}

export function simulateCompaction(options: SimulationOptions): SimulationResult {
  const controller = options.controller ?? createController(options.compaction);
  const random = new SeededRandom(options.seed);
  const tables = new Map<number, TableMeta>();
  const live = new Set<number>();
  const origins = new Map<number, number>();
  const lookup = (id: number): TableMeta => tables.get(id) as TableMeta;
  let shape = controller.initialShape();
  let nextId = 1;
  let writes = 0;
  let flushes = 0;
  let maxSpace = 0;
  const iterations: SimulatedIteration[] = [];

  for (let iteration = 0; iteration < options.iterations; iteration++) {
    const flushed = nextId++;
    const [first, last] = randomKeyRange(random);
    tables.set(flushed, pretendTable(flushed, options.sstSize, first, last));
    live.add(flushed);
    origins.set(flushed, flushed);
    shape = shapeAfterFlush(controller, shape, flushed);
    flushes++;
    writes++;
    const afterFlush = shape;
    const compactions: SimulatedCompaction[] = [];
    for (;;) {
      const task = controller.pick(shape, lookup);
      if (task === undefined) break;
      const inputs = inputTables(task);
      const ranges = evenSplit(task, inputs, lookup);
      const outputs = inputs.map((input, i) => {
        const id = nextId++;
        const [from, to] = ranges[i] as [bigint, bigint];
        tables.set(id, pretendTable(id, options.sstSize, from, to));
        live.add(id);
        origins.set(id, input);
        return id;
      });
      writes += outputs.length;
      maxSpace = Math.max(maxSpace, live.size);
      const applied = controller.apply(shape, task, outputs, lookup);
      for (const id of applied.removed) live.delete(id);
      shape = applied.shape;
      compactions.push({ task, outputs, after: shape });
      if (compactions.length >= controller.maxCompactionsPerFlush) {
        throw new BadInputError(
          `compaction does not converge: ${compactions.length} compactions after flush ${iteration + 1}, the most mini-lsm's simulator allows for these options`,
          { code: 'bad-option' },
        );
      }
    }
    maxSpace = Math.max(maxSpace, live.size);
    iterations.push({
      iteration,
      flushed,
      afterFlush,
      compactions,
      writes,
      flushes,
      maxSpace,
      readAmplification: sortedRunCount(shape),
    });
  }
  return {
    strategy: controller.strategy,
    iterations,
    origins,
    tables,
    writeAmplification: flushes === 0 ? 0 : writes / flushes,
    maxSpaceAmplification: flushes === 0 ? 0 : maxSpace / flushes,
    readAmplification: sortedRunCount(shape),
    levels: levelCounts(controller, shape),
  };
}

function levelCounts(controller: CompactionController, shape: LsmShape): number[] {
  const runs = shape.levels.map((run) => run.tables.length);
  return controller.flushTarget === 'level0' ? [shape.l0.length, ...runs] : runs;
}

/** A flushed table's key range: begin in [0, 2^31), end = begin + [2^10, 2^31), as mini-lsm draws them. */
function randomKeyRange(random: SeededRandom): [bigint, bigint] {
  const begin = random.int(0, 2 ** 31 - 1);
  const end = begin + random.int(2 ** 10, 2 ** 31 - 1);
  return [BigInt(begin), BigInt(end)];
}

/** The merged key range of the inputs, cut into one equal slice per output. */
function evenSplit(
  task: CompactionTask,
  inputs: readonly number[],
  lookup: (id: number) => TableMeta,
): [bigint, bigint][] {
  let begin = keyNumber(lookup(inputs[0] as number).firstKey);
  let end = keyNumber(lookup(inputs[0] as number).lastKey);
  for (const id of inputs) {
    const table = lookup(id);
    if (keyNumber(table.firstKey) < begin) begin = keyNumber(table.firstKey);
    if (keyNumber(table.lastKey) > end) end = keyNumber(table.lastKey);
  }
  const length = end - begin + 1n;
  const parts = BigInt(inputs.length);
  // Pretend ranges span at least 2^10 keys, far more than any compaction has inputs.
  if (length < parts)
    throw new RangeError(`cannot split ${length} keys among ${parts} tables (task ${task.kind})`);
  return inputs.map((_, i) => {
    const at = BigInt(i);
    return [begin + (length * at) / parts, begin + (length * (at + 1n)) / parts - 1n];
  });
}

function pretendTable(id: number, size: number, first: bigint, last: bigint): TableMeta {
  return { id, size, firstKey: keyBytes(first), lastKey: keyBytes(last) };
}

/** A pretend key: the number as 8 big-endian bytes, so byte order is numeric order. */
export function keyBytes(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value);
  return bytes;
}

export function keyNumber(bytes: Uint8Array): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0);
}
