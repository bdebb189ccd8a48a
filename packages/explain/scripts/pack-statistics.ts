/**
 * Makes the statistics file a dataset ships (src/sessions/dataset-statistics.ts): the dataset
 * built in memory by PGlite, its script run to its end with its real ANALYZE, then what
 * ANALYZE stored written to `exercises/explain/datasets/<name>.statistics.json` under the
 * dataset's cache key.
 *
 * Run it after editing a dataset's script or upgrading PGlite (`pnpm --filter @dbplay/explain
 * pack-statistics [name…]`, shop by default); until then that dataset's builds run ANALYZE,
 * and explain's dataset-statistics test fails, saying so.
 */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { makeTemporaryDir, removeTemporaryDir } from '@dbplay/engines';
import { loadDatasets } from '../src/sessions/dataset.ts';
import { readStatistics, runDatasetScript, statisticsFile } from '../src/sessions/dataset-statistics.ts';

const folder = fileURLToPath(new URL('../../../exercises/explain/datasets', import.meta.url));
const datasets = await loadDatasets(folder);
const names = process.argv.slice(2);
const scratch = await makeTemporaryDir('dbplay-pack-statistics-');
try {
  for (const name of names.length === 0 ? ['shop'] : names) {
    const dataset = datasets.get(name);
    if (dataset === undefined) throw new Error(`no dataset ${name} in ${folder}`);
    const db = await runDatasetScript(dataset, scratch);
    const statistics = await readStatistics(db, dataset);
    await db.close();
    const file = statisticsFile(dataset);
    await writeFile(file, `${JSON.stringify(statistics, null, 2)}\n`);
    // In the repository's own style, so that `pnpm lint` passes on the new file.
    spawnSync('pnpm', ['exec', 'biome', 'format', '--write', file], { stdio: 'inherit' });
    console.log(`${file}: ${statistics.relations.length} relations, ${statistics.columns.length} columns`);
  }
} finally {
  await removeTemporaryDir(scratch);
}
