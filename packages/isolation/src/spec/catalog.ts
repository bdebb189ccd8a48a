/**
 * The scenario catalog: the `.spec` files in `exercises/isolation/`.
 *
 * Every scenario there has a header with its title, anomaly, story and citation, and its
 * file name is its id (`g2-item.spec` is `g2-item`). The catalog is listed in the order of
 * Adya's hierarchy, from dirty writes to predicate write skew, so that a learner reading
 * `dbplay isolation list` top to bottom meets each anomaly after the ones it builds on.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BadInputError, didYouMean } from '@dbplay/core';
import { anomalyNames } from '../judge/anomaly-names.ts';
import { loadScenarioFile } from './parse-spec.ts';
import { runsOn, type Scenario } from './scenario.ts';

/** Where the catalog lives in this repository. */
export const catalogDirectory = fileURLToPath(new URL('../../../../exercises/isolation/', import.meta.url));

export async function loadCatalog(directory: string = catalogDirectory): Promise<Scenario[]> {
  const files = (await readdir(directory)).filter((name) => name.endsWith('.spec'));
  const scenarios = await Promise.all(files.map((name) => loadScenarioFile(join(directory, name))));
  const rank = (scenario: Scenario) => {
    const index = anomalyNames.findIndex((a) => a.name === scenario.metadata.anomaly);
    return index === -1 ? anomalyNames.length : index;
  };
  return scenarios.sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

/**
 * The catalog's scenarios that run on every one of `engines` (a scenario written for
 * PostgreSQL alone says so in its header: `# engines: postgres`): what a benchmark or a
 * comparison of the model with PostgreSQL iterates over.
 */
export async function catalogFor(
  engines: readonly string[],
  directory: string = catalogDirectory,
): Promise<Scenario[]> {
  return (await loadCatalog(directory)).filter((scenario) =>
    engines.every((engine) => runsOn(scenario, engine)),
  );
}

/**
 * A catalog scenario by id or alias, or a spec file by path (anything ending in `.spec` or
 * containing a slash).
 */
export async function findScenario(
  idOrPath: string,
  directory: string = catalogDirectory,
): Promise<Scenario> {
  if (idOrPath.endsWith('.spec') || idOrPath.includes('/') || idOrPath.includes('\\')) {
    return loadScenarioFile(idOrPath);
  }
  const catalog = await loadCatalog(directory);
  const found =
    catalog.find((scenario) => scenario.id === idOrPath) ??
    catalog.find((scenario) => scenario.metadata.aliases.includes(idOrPath));
  if (found !== undefined) return found;
  const ids = catalog.flatMap((scenario) => [scenario.id, ...scenario.metadata.aliases]);
  throw new BadInputError(
    `no scenario '${idOrPath}' in the catalog${didYouMean(idOrPath, ids)}; 'dbplay isolation list' shows them, or give a path to a .spec file`,
  );
}
