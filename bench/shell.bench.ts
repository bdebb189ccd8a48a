/**
 * The shell's warm engines against one-shot commands, in the same run.
 *
 * One-shot: `dbplay <command>` as a child process, engines started from cold each time. Shell:
 * the same command typed into one `dbplay shell` (driven in this process, as script mode does),
 * timed after its first use, when the engines it started are warm. The goals (issue 14):
 * `explain show N` ≤ 150 ms, a non-fix `explain answer` ≤ 300 ms, `isolation run` on PostgreSQL
 * ≤ 300 ms.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { Shell } from '../playground/src/shell/shell.ts';
import { type BenchResult, median } from './bench-result.ts';
import { benchEnv, dbplayBin } from './dbplay-process.ts';

const commands: readonly { readonly command: string; readonly goal: number | null }[] = [
  { command: 'explain show 7', goal: 150 },
  { command: 'explain answer 7 --q direction=a', goal: 300 },
  { command: 'isolation run write-skew --level serializable', goal: 300 },
  { command: 'isolation run write-skew --engine model --level serializable', goal: null },
];

function oneShot(command: string): number {
  const args = command.match(/(?:[^\s"]+|"[^"]*")+/g)?.map((word) => word.replace(/"/g, '')) ?? [];
  const started = performance.now();
  spawnSync(process.execPath, [dbplayBin, ...args], { env: benchEnv, encoding: 'utf8' });
  return performance.now() - started;
}

export async function benchShell(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  const shell = new Shell(
    {
      stdout: () => {},
      stderr: () => {},
      env: benchEnv,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      readLine: async () => null,
    },
    { json: false },
  );
  try {
    for (const { command, goal } of commands) {
      const cold = [oneShot(command), oneShot(command), oneShot(command)];
      await shell.execute(command); // first use: engines start
      const warm: number[] = [];
      for (let i = 0; i < 7; i++) {
        const started = performance.now();
        await shell.execute(command);
        warm.push(performance.now() - started);
      }
      const load = `load ${loadavg()[0]?.toFixed(1)}`;
      rows.push({ ...row(`one-shot: dbplay ${command}`, cold), note: load });
      const inShell = row(`shell, warm: ${command}`, warm);
      const ratio = `${(median(cold) / inShell.median).toFixed(1)}× faster than one-shot`;
      rows.push({
        ...inShell,
        note:
          goal === null
            ? `${ratio}; ${load}`
            : `${ratio}; goal ≤ ${goal} ms ${inShell.median <= goal ? 'met' : 'MISSED'}; ${load}`,
      });
    }
  } finally {
    await shell.close();
  }
  return rows;
}

function row(name: string, times: readonly number[]): BenchResult {
  return {
    name,
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    samples: times.length,
  };
}
