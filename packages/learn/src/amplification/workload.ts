/**
 * The workloads both stores run, operation for operation the same.
 *
 * Keys are 16 bytes (`k` and 15 digits), values 100 bytes, so a B+tree leaf entry and an
 * LSM entry carry the same user bytes. Every workload first loads `n` keys in a random
 * order (the order real inserts arrive in), then runs its measured phase:
 *
 * - `insert`: the load itself is what is measured;
 * - `update`: `n` updates of random existing keys;
 * - `lookup`: `n` point lookups of random existing keys;
 * - `range`: `n / 100` scans of 100 consecutive keys;
 * - `mixed`: `n` operations, 50% lookups, 25% updates, 15% inserts of new keys, 10% scans of 10 keys.
 *
 * The randomness is seeded, so a run is the same on every machine.
 */
import { SeededRandom } from '@dbplay/core';

export const workloadNames = ['insert', 'update', 'lookup', 'range', 'mixed'] as const;
export type WorkloadName = (typeof workloadNames)[number];

export const keyBytes = 16;
export const valueBytes = 100;

export type Operation =
  | { readonly kind: 'put'; readonly key: string; readonly value: string }
  | { readonly kind: 'get'; readonly key: string }
  | { readonly kind: 'scan'; readonly from: string; readonly count: number };

export interface Workload {
  readonly name: WorkloadName;
  readonly n: number;
  /** Run first and not measured (empty for `insert`, whose load is the measured phase). */
  readonly load: readonly Operation[];
  readonly measured: readonly Operation[];
}

export function keyOf(i: number): string {
  return `k${String(i).padStart(keyBytes - 1, '0')}`;
}

function valueText(i: number, version: number): string {
  const head = `v${version}:${i}:`;
  return head + 'x'.repeat(valueBytes - head.length);
}

export function buildWorkload(name: WorkloadName, n: number, seed = 7): Workload {
  const random = new SeededRandom(seed);
  const order = random.shuffle(Array.from({ length: n }, (_, i) => i));
  const load: Operation[] = order.map((i) => ({ kind: 'put', key: keyOf(i), value: valueText(i, 0) }));
  const existing = (): number => random.int(0, n - 1);
  const measured: Operation[] = [];
  switch (name) {
    case 'insert':
      return { name, n, load: [], measured: load };
    case 'update':
      for (let i = 0; i < n; i++) {
        const key = existing();
        measured.push({ kind: 'put', key: keyOf(key), value: valueText(key, i + 1) });
      }
      break;
    case 'lookup':
      for (let i = 0; i < n; i++) measured.push({ kind: 'get', key: keyOf(existing()) });
      break;
    case 'range':
      for (let i = 0; i < Math.max(1, Math.floor(n / 100)); i++) {
        measured.push({ kind: 'scan', from: keyOf(random.int(0, Math.max(0, n - 100))), count: 100 });
      }
      break;
    case 'mixed': {
      let next = n;
      for (let i = 0; i < n; i++) {
        const dice = random.next();
        if (dice < 0.5) measured.push({ kind: 'get', key: keyOf(existing()) });
        else if (dice < 0.75) {
          const key = existing();
          measured.push({ kind: 'put', key: keyOf(key), value: valueText(key, i + 1) });
        } else if (dice < 0.9) {
          measured.push({ kind: 'put', key: keyOf(next), value: valueText(next, 0) });
          next++;
        } else measured.push({ kind: 'scan', from: keyOf(existing()), count: 10 });
      }
      break;
    }
  }
  return { name, n, load, measured };
}
