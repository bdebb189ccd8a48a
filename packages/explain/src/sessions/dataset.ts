/**
 * Datasets: deterministic SQL scripts that build the tables an exercise plans against.
 *
 * A plan depends on the data: how many pages a table has, how values are spread, which
 * are most common. So a dataset is a script whose every value is fixed (generate_series,
 * `hashint4` of the row number, `setseed` before `random()`), and builds the same tables
 * on every machine. It lives beside the exercises as `datasets/<name>.sql`; its first
 * comment line says what it is. The script sets the statistics targets it needs and runs
 * ANALYZE itself, last (see dataset-cache.ts for what is done after it, and
 * dataset-statistics.ts for how that ANALYZE's output can be shipped beside the script).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BadInputError, didYouMean } from '@dbplay/core';

export interface Dataset {
  readonly name: string;
  readonly file: string;
  readonly sql: string;
  /** The first line of the script's opening comment. */
  readonly description: string;
}

/** Reads every `*.sql` file of a folder as a dataset named after the file. */
export async function loadDatasets(folder: string): Promise<Map<string, Dataset>> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.sql')).sort();
  } catch (error) {
    throw new BadInputError(`cannot read the datasets folder ${folder}`, { cause: error });
  }
  const datasets = new Map<string, Dataset>();
  for (const name of names) {
    const file = join(folder, name);
    const sql = await readFile(file, 'utf8');
    const description = /^\s*--\s*(.+)$/m.exec(sql)?.[1]?.trim() ?? '';
    datasets.set(basename(name, '.sql'), { name: basename(name, '.sql'), file, sql, description });
  }
  return datasets;
}

/** The dataset of this name; an unknown name is bad input, with a "did you mean". */
export function datasetNamed(datasets: ReadonlyMap<string, Dataset>, name: string): Dataset {
  const dataset = datasets.get(name);
  if (dataset !== undefined) return dataset;
  const names = [...datasets.keys()];
  throw new BadInputError(
    `no dataset '${name}'${didYouMean(name, names)}; the datasets are ${names.join(', ')}`,
  );
}

/**
 * The key a dataset's snapshot is cached under: a hash of its SQL and of the engine that
 * builds it, so editing the script, or a PGlite whose data directory format differs,
 * builds a new snapshot.
 */
export function datasetKey(dataset: Dataset, engineVersion: string): string {
  return createHash('sha256')
    .update(`dbplay-dataset-v6\n${engineVersion}\n${dataset.sql}`)
    .digest('hex')
    .slice(0, 16);
}
