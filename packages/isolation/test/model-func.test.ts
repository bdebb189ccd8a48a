/**
 * The model against embedded PostgreSQL on what the "func" round added: shared advisory locks
 * and advisory-lock calls in an UPDATE's WHERE (locks/advisory-locks.ts), trigger functions and
 * triggers (catalog/triggers.ts), EXPLAIN (executor/explain-plan.ts), DROP INDEX CONCURRENTLY
 * and pg_settings, GROUP BY and materialized views, and TRUNCATE keeping a table's indexes.
 * Each probe in model-func/ is run at read committed, repeatable read and serializable on both
 * engines, permutation by permutation.
 */
import { describeProbeFolder } from './expect-agreement.ts';

await describeProbeFolder(
  'the model agrees with PostgreSQL on advisory locks, triggers, EXPLAIN and materialized views',
  new URL('./model-func/', import.meta.url),
);
