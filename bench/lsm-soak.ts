/**
 * The LSM store's crash soak: round after round, a writer process runs a seeded workload of
 * puts, deletes and batches (printing `ack N` as each returns) and is killed with SIGKILL,
 * either from outside after a random delay or by itself at a random sync point inside a log
 * append, a flush, a compaction or a manifest update; then the store is reopened and
 * compared with a model of the workload. Half the rounds sync every write, half do not.
 *
 * A round passes when the store holds exactly the first N acknowledged operations, or those
 * plus the one in flight. Anything else is counted: a *loss* is an acknowledged write that
 * is missing or has the wrong value; a *phantom* is a value the store holds that no
 * acknowledged (or in-flight) write put there.
 *
 *     pnpm exec tsx bench/lsm-soak.ts [--rounds 1000] [--jobs 4] [--seed 1] [--json]
 *
 * `--jobs` runs that many rounds at once (each in its own directory): the writers spend
 * most of a round starting up or waiting to be killed.
 *
 * The writer is packages/lsm/test/crash-writer.ts (the crash tests' own), bundled once with
 * the esbuild that tsx ships, so that a round starts a plain `node` in well under a second
 * instead of transpiling TypeScript each time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '@dbplay/core';
import { LsmTree, type SyncPointName, syncPointNames } from '@dbplay/lsm';
import { type CrashStrategy, crashStrategies, modelAfter } from '../packages/lsm/test/crash-workload.ts';

interface SoakTotals {
  rounds: number;
  synced: number;
  killedFromOutside: number;
  killedAtPoint: Partial<Record<SyncPointName, number>>;
  acknowledged: number;
  inFlightSurvived: number;
  losses: number;
  phantoms: number;
  failedOpens: number;
  seconds: number;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const rounds = option('--rounds', 1000);
const seed = option('--seed', 1);
const jobs = Math.max(1, option('--jobs', 4));
const json = args.includes('--json');

const writerSource = fileURLToPath(new URL('../packages/lsm/test/crash-writer.ts', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dbplay-lsm-soak-'));

/** Bundles the writer into one plain JavaScript file, with the esbuild tsx depends on. */
async function bundleWriter(): Promise<string> {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx'));
  const esbuild = fromTsx('esbuild') as {
    build(options: Record<string, unknown>): Promise<unknown>;
  };
  const outfile = join(work, 'crash-writer.mjs');
  await esbuild.build({
    entryPoints: [writerSource],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/** Runs the writer until it dies; returns how many operations it acknowledged. */
function runWriter(script: string, argv: string[], killAfterMs: number | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acknowledged = 0;
    let pending = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('ack ')) acknowledged = Number(line.slice(4));
        if (line === 'ready' && killAfterMs !== undefined)
          setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    // 'close', not 'exit': 'exit' can come before the last of the child's stdout has been
    // read, and the acknowledgements still in the pipe would then go uncounted.
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL')
        reject(new Error(`the writer was not killed (${signal ?? _code}): ${stderr}`));
      else resolve(acknowledged);
    });
  });
}

const points = syncPointNames.filter((point) => !point.startsWith('lock:'));
const strategies = Object.keys(crashStrategies) as CrashStrategy[];

interface RoundPlan {
  readonly round: number;
  readonly dir: string;
  readonly seed: number;
  readonly sync: boolean;
  readonly argv: readonly string[];
  readonly killAfterMs: number | undefined;
  readonly point: SyncPointName | undefined;
}

function planRound(random: SeededRandom, round: number): RoundPlan {
  const dir = join(work, `round-${round}`);
  const seed = random.int(1, 1_000_000);
  const strategy = strategies[random.int(0, strategies.length - 1)] as CrashStrategy;
  const sync = random.next() < 0.5;
  const argv = [dir, String(seed), strategy];
  let killAfterMs: number | undefined;
  let point: SyncPointName | undefined;
  if (random.next() < 0.5) {
    killAfterMs = random.int(0, 400);
  } else {
    point = points[random.int(0, points.length - 1)] as SyncPointName;
    // wal:appended comes every write; the others every few dozen.
    argv.push(point, String(point === 'wal:appended' ? random.int(1, 2000) : random.int(1, 12)));
  }
  if (!sync) argv.push('--no-sync');
  return { round, dir, seed, sync, argv, killAfterMs, point };
}

async function runRound(script: string, plan: RoundPlan, totals: SoakTotals): Promise<void> {
  if (plan.sync) totals.synced++;
  if (plan.point === undefined) totals.killedFromOutside++;
  else totals.killedAtPoint[plan.point] = (totals.killedAtPoint[plan.point] ?? 0) + 1;
  const acknowledged = await runWriter(script, [...plan.argv], plan.killAfterMs);
  totals.acknowledged += acknowledged;
  try {
    const tree = await LsmTree.open({ dir: plan.dir });
    const stored = new Map(tree.scan());
    tree.close();
    const acked = modelAfter(plan.seed, acknowledged);
    const withInFlight = modelAfter(plan.seed, acknowledged + 1);
    if (sameMap(stored, withInFlight) && !sameMap(stored, acked)) totals.inFlightSurvived++;
    else if (!sameMap(stored, acked)) {
      const [losses, phantoms] = [totals.losses, totals.phantoms];
      for (const [key, value] of acked) {
        if (stored.get(key) !== value && stored.get(key) !== withInFlight.get(key)) totals.losses++;
      }
      for (const [key, value] of stored) {
        if (acked.get(key) !== value && withInFlight.get(key) !== value) totals.phantoms++;
      }
      // Enough to replay the round alone: crash-writer.ts with these arguments.
      process.stderr.write(
        `round ${plan.round}: ${totals.losses - losses} lost, ${totals.phantoms - phantoms} phantom after ${acknowledged} acknowledged; writer ${plan.argv.slice(1).join(' ')}${plan.killAfterMs === undefined ? '' : `, killed after ${plan.killAfterMs} ms`}\n`,
      );
    }
  } catch (error) {
    totals.failedOpens++;
    process.stderr.write(`round ${plan.round} (seed ${plan.seed}): ${String(error)}\n`);
  }
  rmSync(plan.dir, { recursive: true, force: true });
  totals.rounds++;
}

async function soak(): Promise<SoakTotals> {
  const script = await bundleWriter();
  const random = new SeededRandom(`soak-${seed}`);
  const totals: SoakTotals = {
    rounds: 0,
    synced: 0,
    killedFromOutside: 0,
    killedAtPoint: {},
    acknowledged: 0,
    inFlightSurvived: 0,
    losses: 0,
    phantoms: 0,
    failedOpens: 0,
    seconds: 0,
  };
  const started = performance.now();
  // Every round's choices are drawn up front, so the rounds are the same whatever --jobs is.
  const plans = Array.from({ length: rounds }, (_, round) => planRound(random, round));
  let next = 0;
  let finished = 0;
  const worker = async () => {
    for (let plan = plans[next++]; plan !== undefined; plan = plans[next++]) {
      await runRound(script, plan, totals);
      finished++;
      if (!json && process.stderr.isTTY) process.stderr.write(`\rround ${finished} of ${rounds}`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  totals.seconds = Math.round((performance.now() - started) / 1000);
  return totals;
}

function sameMap(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

try {
  const totals = await soak();
  if (json) process.stdout.write(`${JSON.stringify(totals, null, 2)}\n`);
  else {
    const points = Object.entries(totals.killedAtPoint)
      .map(([point, n]) => `${point} ${n}`)
      .join(', ');
    process.stdout.write(
      `${[
        `${totals.rounds} SIGKILL rounds in ${totals.seconds} s (${totals.synced} with sync on, ${totals.rounds - totals.synced} with sync off)`,
        `killed from outside at a random moment: ${totals.killedFromOutside}; at a sync point: ${points}`,
        `${totals.acknowledged} operations acknowledged; the one in flight survived in ${totals.inFlightSurvived} rounds`,
        `acknowledged writes lost: ${totals.losses}; phantom values: ${totals.phantoms}; stores that failed to reopen: ${totals.failedOpens}`,
      ].join('\n')}\n`,
    );
  }
  process.exitCode = totals.losses + totals.phantoms + totals.failedOpens === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
