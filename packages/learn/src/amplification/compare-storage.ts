/**
 * B+tree vs LSM-tree on the same workload: write, read and space amplification.
 *
 * The three figures every storage-engine interview comes back to, defined once:
 *
 * - **write amplification**: bytes written to storage per byte of user data written
 *   (pages and log for the B-tree; log, flushes and compactions for the LSM);
 * - **read amplification**: read units touched per operation of the measured phase:
 *   8 KiB pages for the B-tree (the path from the root, and leaf hops for scans); for the
 *   LSM, 4 KiB data blocks per get and sorted runs merged per scan. Writes count too: a
 *   B-tree must read the path to a leaf before it can change it; an LSM put reads nothing;
 * - **space amplification**: bytes stored per byte of live data (empty room in pages for
 *   the B-tree; old versions and tombstones not yet compacted away for the LSM).
 *
 * The RUM conjecture (Athanassoulis et al., EDBT 2016) says no access method can minimise
 * all three (Read, Update, Memory) at once; the figures show where each structure chose.
 */
import { LsmSide } from './lsm-side.ts';
import { PagedBtree, pageBytes } from './paged-btree.ts';
import type { RealEngineFigures } from './real-engines.ts';
import { buildWorkload, type Operation, type WorkloadName } from './workload.ts';

export interface SideFigures {
  readonly writeAmplification: number;
  readonly readAmplification: number;
  readonly spaceAmplification: number;
  /** What one read unit is. */
  readonly readUnit: string;
  readonly userBytesWritten: number;
  readonly bytesWritten: number;
  readonly storedBytes: number;
  readonly liveBytes: number;
  /** Anything a reader needs to interpret the figures. */
  readonly notes: readonly string[];
}

export interface StorageComparison {
  readonly workload: WorkloadName;
  readonly n: number;
  readonly btree: SideFigures & {
    readonly height: number;
    readonly order: number;
    readonly bufferPoolPages: number;
  };
  readonly lsm: SideFigures & {
    readonly compactions: number;
    readonly levels: readonly { name: string; files: number; bytes: number }[];
  };
  /** The real engines, where measured (see real-engines.ts). */
  readonly real: readonly RealEngineFigures[];
}

export interface CompareOptions {
  readonly workload: WorkloadName;
  readonly n: number;
  /** The B-tree's buffer pool in 8 KiB pages; 32 (256 KiB) by default, the LSM's memtable size. */
  readonly bufferPoolPages?: number;
  /** Also measure SQLite and LevelDB (slower; needs the native modules). */
  readonly real?: boolean;
  readonly seed?: number;
}

/** The largest n the command accepts: the comparison keeps both structures in memory. */
export const maxComparisonKeys = 200_000;

export async function compareStorage(options: CompareOptions): Promise<StorageComparison> {
  const workload = buildWorkload(options.workload, options.n, options.seed);
  const poolPages = options.bufferPoolPages ?? 32;
  const btree = await PagedBtree.create(poolPages);
  const lsm = await LsmSide.create();
  try {
    for (const operation of workload.load) {
      btree.apply(operation);
      lsm.apply(operation);
    }
    // The load is not what the update, lookup, range and mixed workloads measure.
    btree.checkpoint();
    const btreeStart = { written: btree.bytesWritten(), user: btree.userBytesWritten() };
    const lsmStart = { written: lsm.bytesWritten(), user: lsm.userBytesWritten() };
    let btreeReads = 0;
    let lsmReads = 0;
    for (const operation of workload.measured) {
      btreeReads += btree.apply(operation);
      lsmReads += lsm.apply(operation);
    }
    btree.checkpoint();
    const count = workload.measured.length;
    const kinds = summarise(workload.measured);
    const btreeUser = btree.userBytesWritten() - btreeStart.user;
    const lsmUser = lsm.userBytesWritten() - lsmStart.user;
    const shape = lsm.shape();
    return {
      workload: options.workload,
      n: options.n,
      btree: {
        writeAmplification: ratio(btree.bytesWritten() - btreeStart.written, btreeUser),
        readAmplification: ratio(btreeReads, count),
        spaceAmplification: ratio(btree.storedBytes(), btree.liveDataBytes()),
        readUnit: `${pageBytes / 1024} KiB pages touched per operation`,
        userBytesWritten: btreeUser,
        bytesWritten: btree.bytesWritten() - btreeStart.written,
        storedBytes: btree.storedBytes(),
        liveBytes: btree.liveDataBytes(),
        notes: [
          `a buffer pool of ${poolPages} pages; dirty pages are written when evicted and at a final checkpoint`,
          'WAL records without full-page images, so the write figure is a lower bound for PostgreSQL',
        ],
        height: btree.height(),
        order: btree.order,
        bufferPoolPages: poolPages,
      },
      lsm: {
        writeAmplification: ratio(lsm.bytesWritten() - lsmStart.written, lsmUser),
        readAmplification: ratio(lsmReads, count),
        spaceAmplification: ratio(lsm.storedBytes(), lsm.liveDataBytes()),
        readUnit:
          kinds.scans > 0 && kinds.gets === 0
            ? 'sorted runs merged per range scan'
            : kinds.scans > 0
              ? 'data blocks per get, sorted runs per scan, per operation'
              : `${lsm.blockBytes / 1024} KiB data blocks read per operation`,
        userBytesWritten: lsmUser,
        bytesWritten: lsm.bytesWritten() - lsmStart.written,
        storedBytes: lsm.storedBytes(),
        liveBytes: lsm.liveDataBytes(),
        notes: ['leveled compaction, a 256 KiB memtable and 256 KiB tables; the log counts as written'],
        compactions: shape.compactions,
        levels: shape.levels.map(({ name, files, bytes }) => ({ name, files, bytes })),
      },
      real: options.real === true ? await measureRealEngines(workload.load, workload.measured) : [],
    };
  } finally {
    lsm.close();
  }
}

async function measureRealEngines(
  load: readonly Operation[],
  measured: readonly Operation[],
): Promise<RealEngineFigures[]> {
  const { measureSqlite, measureLevelDb } = await import('./real-engines.ts');
  return [await measureSqlite(load, measured), await measureLevelDb(load, measured)];
}

function summarise(operations: readonly Operation[]): { gets: number; scans: number; puts: number } {
  let gets = 0;
  let scans = 0;
  let puts = 0;
  for (const operation of operations) {
    if (operation.kind === 'get') gets++;
    else if (operation.kind === 'scan') scans++;
    else puts++;
  }
  return { gets, scans, puts };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
