/**
 * `dbplay isolation matrix`: every catalog scenario at every level of the chosen engines,
 * as one table in the manner of Hermitage's.
 */
import { renderProgressBar, wrapWords } from '@dbplay/core';
import { parseEngineNames } from '@dbplay/isolation/vocabulary';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { plural, serverUrl } from '../../options.ts';
import { scenarioArgument } from './scenario-argument.ts';

interface MatrixFlags {
  engine: string;
  scenarios?: string;
  url?: string;
}

export function registerIsolationMatrix(isolation: Command, io: CliIo): void {
  isolation
    .command('matrix')
    .description('run every catalog scenario at every level of each engine, as one Hermitage-style table')
    .option('--engine <engines>', 'comma-separated: postgres, sqlite, model', 'postgres,sqlite,model')
    .option('--scenarios <ids>', 'comma-separated catalog ids (default: the whole catalog)')
    .option('--url <url>', 'a PostgreSQL server to use instead of the embedded one (default: $DATABASE_URL)')
    .addHelpText(
      'after',
      `
A cell says what happened to the scenario's anomaly at that level: anomaly; prevented by a
refusal with an error code (40001, 40P01, SQLITE_BUSY_SNAPSHOT; (fp) marks an SSI false
positive); prevented by waiting for a lock; or ok (serializable, nothing had to intervene).
With the model and PostgreSQL both in the table, a last column says whether the model's
runs came out exactly as PostgreSQL's.

Examples:
  $ dbplay isolation matrix
  $ dbplay isolation matrix --engine postgres,model
  $ dbplay isolation matrix --engine sqlite --scenarios g2-item,p4 --json`,
    )
    .action(async (flags: MatrixFlags, command: Command) => {
      const context = contextFor(command, io);
      const engineNames = parseEngineNames(flags.engine);
      const { findScenario, loadCatalog, runMatrix, withEngines } = await import('@dbplay/isolation');
      const { matrixJson, renderMatrix } = await import('@dbplay/isolation/render');
      const scenarios =
        flags.scenarios === undefined
          ? await loadCatalog()
          : await Promise.all(
              flags.scenarios
                .split(',')
                .map((id) => id.trim())
                .filter((id) => id !== '')
                .map((id) => findScenario(scenarioArgument(id, io.env))),
            );
      const started = performance.now();
      const report = await withEngines(engineNames, { url: serverUrl(flags.url, io.env) }, (engines) =>
        runMatrix({
          engines,
          scenarios,
          onProgress: (done, total, label) => context.progress(renderProgressBar(done, total, label)),
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      if (context.json) {
        context.printJson(matrixJson(report, { seconds }));
        return;
      }
      context.print(renderMatrix(report, context.palette, context.width));
      const summary = `${plural(report.cells.length, 'cell')} (${plural(scenarios.length, 'scenario')}) on ${report.engines.map((e) => e.description).join(' and ')} in ${seconds.toFixed(1)} s`;
      context.print(context.palette.dim(wrapWords(summary, context.width).join('\n')));
    });
}
