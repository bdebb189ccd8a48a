/**
 * Issue 12, item 13: a reference answer must pass with a wide margin even on a busy machine.
 * `dbplay explain validate` runs here with two CPU-bound processes beside it (both cores of the
 * CI machine taken), over the whole catalog, and the row reports the slowest reference's time
 * against its limit. It was a test once; it is a timing, so it lives in `pnpm bench` (a test must
 * not depend on how busy the machine is), and it throws when any exercise fails, so a reference
 * that needs more than its budget under load is noticed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { BenchResult } from './bench-result.ts';
import { runDbplay } from './dbplay-process.ts';

interface ValidationDocument {
  readonly ok: boolean;
  readonly exercises: readonly {
    readonly id: string;
    readonly ok: boolean;
    readonly referenceMs: number;
    readonly timeLimitMs: number;
    readonly problems: readonly string[];
  }[];
}

export async function benchExplainUnderLoad(): Promise<BenchResult[]> {
  const burners: ChildProcess[] = [0, 1].map(() =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  const started = performance.now();
  let run: ReturnType<typeof runDbplay>;
  try {
    // The burners are processes of their own: they keep running while this one waits.
    run = runDbplay(['explain', 'validate', '--json'], [0, 1]);
  } finally {
    for (const burner of burners) burner.kill('SIGKILL');
  }
  const ms = performance.now() - started;
  const document = JSON.parse(run.stdout) as ValidationDocument;
  const failed = document.exercises.filter((exercise) => !exercise.ok);
  if (failed.length > 0 || run.status !== 0) {
    const lines = failed.map((exercise) => `${exercise.id}: ${exercise.problems.join('; ')}`);
    throw new Error(
      `explain validate failed beside two CPU burners (exit ${run.status}):\n${lines.join('\n')}`,
    );
  }
  const slowest = document.exercises.reduce((a, b) =>
    b.referenceMs / b.timeLimitMs > a.referenceMs / a.timeLimitMs ? b : a,
  );
  return [
    {
      name: 'explain validate (whole catalog) beside two CPU burners',
      median: ms,
      min: ms,
      max: ms,
      samples: 1,
      note:
        `${document.exercises.length} exercises pass; slowest reference ${slowest.id}: ` +
        `${Math.round(slowest.referenceMs)} ms of its ${slowest.timeLimitMs} ms limit`,
    },
  ];
}
