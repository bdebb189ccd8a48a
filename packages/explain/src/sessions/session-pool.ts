/**
 * One session per dataset, opened when first needed and reused: starting PGlite costs
 * about half a second and 200 MB, so a process that grades many exercises keeps the
 * session of the dataset it is on. Only one is kept open at a time (work is ordered by
 * dataset), which bounds the memory whatever the size of the catalog.
 */
import type { Exercise } from '../exercises/exercise.ts';
import { ExerciseRunner } from './exercise-transaction.ts';
import type { SessionFactory, SqlSession } from './sql-session.ts';

/** Exercises in the order a pool serves best: by dataset (then number), each dataset's together. */
export function inDatasetOrder(exercises: readonly Exercise[]): Exercise[] {
  return [...exercises].sort((a, b) => a.dataset.localeCompare(b.dataset) || a.number - b.number);
}

export class SessionPool {
  private readonly factory: SessionFactory;
  private current: { dataset: string; session: SqlSession; runner: ExerciseRunner } | undefined;

  constructor(factory: SessionFactory) {
    this.factory = factory;
  }

  async runner(dataset: string): Promise<ExerciseRunner> {
    if (this.current?.dataset === dataset) return this.current.runner;
    await this.closeCurrent();
    const session = await this.factory.open(dataset);
    this.current = { dataset, session, runner: new ExerciseRunner(session) };
    return this.current.runner;
  }

  /** Builds the datasets ahead of use (in parallel on PGlite), so later opens are quick. */
  async prepare(datasets: readonly string[]): Promise<void> {
    await this.factory.prepare(datasets);
  }

  async close(): Promise<void> {
    await this.closeCurrent();
    await this.factory.close();
  }

  private async closeCurrent(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    await current?.session.close();
  }
}
