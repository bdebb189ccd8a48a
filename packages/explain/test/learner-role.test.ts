/**
 * The role layer under the text refusals (learner-sql-guard.ts): SQL run as the learner
 * role has no superuser rights, even where a refusal by text would have let it through.
 */
import { findExercise } from '@dbplay/explain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionPool } from '../src/index.ts';
import { asLearner } from '../src/sessions/exercise-transaction.ts';
import { pglitePool, shippedCatalog } from './test-catalog.ts';

let pool: SessionPool;

beforeAll(async () => {
  pool = pglitePool(await shippedCatalog());
});

afterAll(async () => {
  await pool.close();
});

describe('SQL run as the learner role', () => {
  it('is dbplay_learner, may index the tables, and may not read server files', async () => {
    const catalog = await shippedCatalog();
    const exercise = findExercise(catalog, 'missing-fk-index');
    const runner = await pool.runner(exercise.dataset);
    await runner.withSetup(exercise, async (tx) => {
      const { result, refused } = await asLearner(runner.session, [], async () => {
        const user = await tx.value('select current_user');
        await tx.run('create index on orders (customer_id)');
        // A savepoint, so that the refused call does not abort the whole transaction.
        await tx.run('savepoint probe');
        const denied = await tx.value("select pg_read_file('/etc/hostname')").catch((error: Error) => error);
        await tx.run('rollback to savepoint probe');
        return { user, denied };
      });
      expect(result.user).toBe('dbplay_learner');
      expect(String(result.denied)).toMatch(/permission denied/);
      expect(refused).toBeUndefined();
    });
  });

  it('has its change of a planner setting refused by the effect, however it was made', async () => {
    const catalog = await shippedCatalog();
    const exercise = findExercise(catalog, 'column-order');
    const runner = await pool.runner(exercise.dataset);
    await runner.withSetup(exercise, async (tx) => {
      const { refused } = await asLearner(runner.session, [], () =>
        tx.value("select set_config('enable_seqscan', 'off', false)"),
      );
      expect(refused).toMatch(/^your SQL changed enable_seqscan \(on → off\)/);
    });
  });
});
