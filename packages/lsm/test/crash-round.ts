/**
 * One crash round: start the writer, let it be killed (by the parent after a random delay,
 * or by itself at a sync point), then reopen the store and check it holds exactly the
 * acknowledged writes, plus possibly the one in flight, and nothing else.
 */
import { readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { LsmTree } from '../src/store/lsm-tree.ts';
import type { SyncPointName } from '../src/store/sync-points.ts';
import { readWalRecords } from '../src/wal/log-reader.ts';
import { walHeaderLength } from '../src/wal/write-ahead-log.ts';
import { exited, onLines, startScript } from './child-process.ts';
import { type CrashStrategy, modelAfter } from './crash-workload.ts';
import { modelEntries } from './model-order.ts';

export interface CrashRound {
  readonly dir: string;
  readonly seed: number;
  readonly strategy: CrashStrategy;
  /** Kill from outside this many milliseconds after the store opened… */
  readonly killAfterMs?: number;
  /** …or let the writer kill itself at this sync point's `hit`-th call. */
  readonly point?: SyncPointName;
  readonly hit?: number;
  /** After a crash at `wal:appended`, cut the last log record short, as a torn write would. */
  readonly tearLastRecord?: boolean;
}

export interface CrashOutcome {
  readonly acknowledged: number;
  /** Whether the operation in flight at the crash made it into the store. */
  readonly inFlightSurvived: boolean;
}

export async function crashRound(round: CrashRound): Promise<CrashOutcome> {
  const args = [round.dir, String(round.seed), round.strategy];
  if (round.point !== undefined) args.push(round.point, String(round.hit ?? 1));
  const writer = startScript('./crash-writer.ts', args);
  let acknowledged = 0;
  let stderr = '';
  writer.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  onLines(writer, (line) => {
    if (line.startsWith('ack ')) acknowledged = Number(line.slice(4));
    if (line === 'ready' && round.killAfterMs !== undefined) {
      setTimeout(() => writer.kill('SIGKILL'), round.killAfterMs);
    }
  });
  const end = await exited(writer);
  expect(end.signal, `the writer should have been killed; it said: ${stderr}`).toBe('SIGKILL');

  if (round.tearLastRecord === true) tearLastLogRecord(round.dir);

  const tree = await LsmTree.open({ dir: round.dir });
  try {
    const stored = [...tree.scan()];
    const acked = modelEntries(modelAfter(round.seed, acknowledged));
    const withInFlight = modelEntries(modelAfter(round.seed, acknowledged + 1));
    const inFlightSurvived =
      round.tearLastRecord !== true && JSON.stringify(stored) === JSON.stringify(withInFlight);
    if (!inFlightSurvived) expect(stored).toEqual(acked);
    // Point reads agree with the scan, through every level.
    const expected = new Map(inFlightSurvived ? withInFlight : acked);
    for (let i = 0; i < 300; i += 7) {
      const key = `key-${String(i).padStart(3, '0')}`;
      expect(tree.get(key)).toBe(expected.get(key));
    }
    // Nothing an interrupted flush or compaction wrote is left lying around.
    const live = new Set(tree.snapshot().runs.flatMap((run) => run.tables.map((table) => table.id)));
    const files = readdirSync(round.dir);
    expect(
      files
        .filter((name) => name.endsWith('.sst'))
        .map((name) => Number.parseInt(name, 10))
        .sort(),
    ).toEqual([...live].sort());
    expect(files.filter((name) => name.endsWith('.wal'))).toHaveLength(1);
    expect(files).not.toContain('MANIFEST.tmp');
    // And the recovered store takes writes again.
    tree.put('after-crash', 'yes');
    return { acknowledged, inFlightSurvived };
  } finally {
    tree.close();
  }
}

/**
 * Tears the newest log's last record, leaving a prefix of it as a torn write would: the rest
 * cut off, or, in a log that ends in zeros (a synced one, write-ahead-log.ts), turned back
 * into the zeros it was written over.
 */
function tearLastLogRecord(dir: string): void {
  const logs = readdirSync(dir)
    .filter((name) => name.endsWith('.wal'))
    .sort();
  const newest = join(dir, logs.at(-1) as string);
  const bytes = readFileSync(newest);
  const { records, validLength } = readWalRecords(bytes, newest);
  const last = records.at(-1);
  if (last === undefined) return;
  const start = validLength - last.length - walHeaderLength;
  const cut = start + 1 + ((validLength * 7919) % (last.length + walHeaderLength - 1));
  if (bytes.length === validLength) truncateSync(newest, cut);
  else writeFileSync(newest, bytes.fill(0, cut, validLength));
}
