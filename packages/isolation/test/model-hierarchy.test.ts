/**
 * The model against PostgreSQL on partitioned and inherited tables (executor/execute-hierarchy.ts,
 * executor/detach-concurrently.ts): each probe in model-hierarchy/, its listed permutations and
 * six of all its interleavings drawn at random, on both engines.
 */
import { describeProbeFolder } from './expect-agreement.ts';

await describeProbeFolder(
  'partitioned and inherited tables on the model agree with PostgreSQL',
  new URL('./model-hierarchy/', import.meta.url),
  { timeoutMs: 60_000, sample: { count: 6, seed: 'ci' } },
);
