/**
 * `dbplay isolation list`: the scenario catalog, one line each.
 */
import { renderTable } from '@dbplay/core';
import { engineNames } from '@dbplay/isolation/vocabulary';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { plural } from '../../options.ts';

export function registerIsolationList(isolation: Command, io: CliIo): void {
  isolation
    .command('list')
    .description('list the catalog of scenarios: id, anomaly and title')
    .addHelpText(
      'after',
      `
Examples:
  $ dbplay isolation list
  $ dbplay isolation list --json`,
    )
    .action(async (_flags: unknown, command: Command) => {
      const context = contextFor(command, io);
      const { loadCatalog } = await import('@dbplay/isolation');
      const catalog = await loadCatalog();
      const scenarios = catalog.map((scenario) => ({
        id: scenario.id,
        anomaly: scenario.metadata.anomaly,
        title: scenario.metadata.title,
        sessions: scenario.sessions.length,
        // No `engines` line in the file means every engine, the model included.
        engines: scenario.metadata.engines ?? engineNames,
      }));
      if (context.json) {
        context.printJson({ scenarios });
        return;
      }
      const { palette } = context;
      context.print(
        renderTable(
          ['id', 'anomaly', 'title'],
          scenarios.map((s) => [palette.code(s.id), s.anomaly ?? '', s.title ?? '']),
          {
            palette,
            footer: `${plural(scenarios.length, 'scenario')} · dbplay isolation show <id> tells the story`,
          },
        ),
      );
    });
}
