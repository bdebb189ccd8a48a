/**
 * @dbplay/engines: the real databases dbplay sets its models beside.
 *
 * - PGlite (PostgreSQL in WebAssembly, in-process): EXPLAIN and page inspection
 * - better-sqlite3 (SQLite, in-process): SQLite's B-tree and locking
 * - an embedded PostgreSQL server from npm, or any server by URL: concurrent sessions
 *
 * Every module imports its engine lazily, so importing this package costs nothing until
 * an engine is actually started; every failure to start or reach one is an
 * `EngineUnavailableError` (exit code 3).
 *
 * Three modules are also reachable on their own, `@dbplay/engines/exit-cleanup`,
 * `@dbplay/engines/postgres-server` and `@dbplay/engines/pglite-wasm`, for a program's
 * start-up path: the dbplay CLI is
 * bundled with esbuild's code splitting, which keeps every module this front door
 * re-exports together in one chunk (it ignores `"sideEffects": false` when splitting), so
 * importing one function from here at start-up would load the drivers' glue for every
 * engine, `node:child_process` and `node:net` included, before `dbplay --help` could print.
 */

export { copyDirectory } from './copy-directory.ts';
export {
  compareVersions,
  type DoctorCheck,
  type DoctorCheckName,
  type DoctorOptions,
  type DoctorReport,
  doctorCheckNames,
  minimumNodeVersion,
  runDoctor,
} from './doctor.ts';
export {
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from './embedded-postgres.ts';
export {
  forgetOnExit,
  type InterruptReport,
  interruptedBy,
  makeProcessDir,
  makeTemporaryDir,
  onInterrupt,
  removeTemporaryDir,
  type StoppableServer,
  stopOnExit,
} from './exit-cleanup.ts';
export { findFreePort } from './free-port.ts';
export {
  compilePgliteWasm,
  type PgliteExtension,
  type PgliteOptions,
  pgliteTiering,
  pgliteVersion,
  setPgliteLifetime,
  startPglite,
  withTieringForLongWork,
} from './pglite.ts';
export {
  type CachedPgliteOptions,
  freshCluster,
  isDataDirectory,
  keptCluster,
  shippedClusterFiles,
  smallCluster,
  startCachedPglite,
} from './pglite-cluster-cache.ts';
export { type DataDirectoryContents, writeDataDirectory } from './pglite-snapshot-fs.js';
export { type ConnectOptions, connectPostgres, redactUrl } from './postgres-server.ts';
export { openSqlite } from './sqlite.ts';
export {
  dropDatabases,
  findLeftoverDatabases,
  type LeftoverDatabase,
  ThrowawayDatabases,
} from './throwaway-databases.ts';
