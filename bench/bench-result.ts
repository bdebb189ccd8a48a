/**
 * One line of `pnpm bench` output, and how to read it off a finished tinybench run.
 * Later benchmarks add `ratio`: dbplay's figure over the library a user would pick instead.
 */
import type { Bench } from 'tinybench';

export interface BenchResult {
  readonly name: string;
  /** Milliseconds per run. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number;
  readonly note?: string;
}

export function resultsOf(bench: Bench): BenchResult[] {
  return bench.tasks.map((task) => {
    const result = task.result;
    if (result.state !== 'completed') {
      const error = result.state === 'errored' ? `: ${String(result.error)}` : '';
      throw new Error(`benchmark '${task.name}' did not complete (${result.state})${error}`);
    }
    const { latency } = result;
    return {
      name: task.name,
      median: latency.p50,
      min: latency.min,
      max: latency.max,
      samples: latency.samplesCount,
    };
  });
}

/** The median of some timings (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
