/**
 * The model against embedded PostgreSQL on what the "func" round added: shared advisory locks
 * and advisory-lock calls in an UPDATE's or DELETE's WHERE clause (locks/advisory-locks.ts,
 * executor/execute-modify.ts). Each probe in model-func/ is run at read committed, repeatable
 * read and serializable on both engines, permutation by permutation.
 */
import { describeProbeFolder } from './expect-agreement.ts';

await describeProbeFolder(
  'the model agrees with PostgreSQL on advisory locks, triggers and EXPLAIN',
  new URL('./model-func/', import.meta.url),
);
