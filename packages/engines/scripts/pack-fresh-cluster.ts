/**
 * Makes the fresh cluster dbplay ships (pglite-cluster-archive.ts): PGlite's own initdb,
 * with the arguments and configuration of every cluster dbplay keeps (smallCluster), in
 * memory; a clean shutdown; then the data directory as a Brotli-compressed tar in
 * packages/engines/fresh-cluster/, named after the PGlite version, with its manifest.
 *
 * Run it after upgrading PGlite (`pnpm --filter @dbplay/engines pack-cluster`); until then
 * the cache runs initdb on every machine, and engines' shipped-cluster test fails, saying so.
 * The older version's pair of files can then be deleted.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  makeTemporaryDir,
  pgliteVersion,
  removeTemporaryDir,
  shippedClusterFiles,
  smallCluster,
  startPglite,
} from '../src/index.ts';
import { type ClusterManifest, packClusterArchive } from '../src/pglite-cluster-archive.ts';
import { closeInto, readDataDirectory } from '../src/pglite-snapshot-fs.js';

const files = shippedClusterFiles();
const scratch = await makeTemporaryDir('dbplay-pack-cluster-');
try {
  const db = await startPglite({ initdbArguments: smallCluster.initdb, postgresqlConf: smallCluster.conf });
  await closeInto(db, `${scratch}/data`);
  const { archive, sha256 } = await packClusterArchive(await readDataDirectory(`${scratch}/data`));
  const manifest: ClusterManifest = {
    pglite: pgliteVersion(),
    initdbArguments: smallCluster.initdb,
    postgresqlConf: smallCluster.conf,
    sha256,
  };
  await mkdir(dirname(files.archive), { recursive: true });
  await rm(files.archive, { force: true });
  await writeFile(files.archive, archive);
  await writeFile(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  // In the repository's own style, so that `pnpm lint` passes on the new file.
  spawnSync('pnpm', ['exec', 'biome', 'format', '--write', files.manifest], { stdio: 'inherit' });
  console.log(`${files.archive}: ${archive.length} bytes`);
} finally {
  await removeTemporaryDir(scratch);
}
