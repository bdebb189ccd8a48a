/**
 * The crash tests' workload: a deterministic stream of puts, deletes and batches from a
 * seed, so that the parent can rebuild exactly what the killed writer had been told was
 * written, and a `Map` model of the store after the first n operations.
 */
import { SeededRandom } from '@dbplay/core';
import type { BatchOperation } from '../src/store/lsm-tree.ts';

export type CrashOp =
  | { readonly type: 'put'; readonly key: string; readonly value: string }
  | { readonly type: 'del'; readonly key: string }
  | { readonly type: 'batch'; readonly operations: readonly BatchOperation[] };

/** Store settings that make the writer flush and compact every few dozen operations. */
export const crashSettings = { memtableSize: 2048, sstSize: 2048, blockSize: 256, sync: true } as const;

export const crashStrategies = {
  simple: { strategy: 'simple' },
  tiered: { strategy: 'tiered', numTiers: 3 },
  leveled: { strategy: 'leveled', baseLevelSize: 8192, level0FileNumCompactionTrigger: 2 },
} as const;

export type CrashStrategy = keyof typeof crashStrategies;

export function* crashWorkload(seed: number): Generator<CrashOp> {
  const random = new SeededRandom(`crash-${seed}`);
  const key = () => `key-${String(random.int(0, 299)).padStart(3, '0')}`;
  // Every value is unique, so a value read back can only be one that was written.
  let written = 0;
  const value = () => `${seed}:${++written}:`.padEnd(random.int(10, 150), 'v');
  for (;;) {
    const roll = random.next();
    if (roll < 0.7) yield { type: 'put', key: key(), value: value() };
    else if (roll < 0.85) yield { type: 'del', key: key() };
    else {
      const operations: BatchOperation[] = [];
      for (let i = random.int(2, 6); i > 0; i--) {
        operations.push(
          random.next() < 0.8 ? { type: 'put', key: key(), value: value() } : { type: 'del', key: key() },
        );
      }
      yield { type: 'batch', operations };
    }
  }
}

/** The store's contents after the first `count` operations of the workload. */
export function modelAfter(seed: number, count: number): Map<string, string> {
  const model = new Map<string, string>();
  const apply = (op: BatchOperation) => {
    if (op.type === 'put') model.set(String(op.key), String(op.value));
    else model.delete(String(op.key));
  };
  let done = 0;
  for (const op of crashWorkload(seed)) {
    if (done++ >= count) break;
    if (op.type === 'batch') op.operations.forEach(apply);
    else apply(op);
  }
  return model;
}
