/**
 * `dbplay isolation show <scenario>`: the story, and the schedule as swim lanes.
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { scenarioArgument } from './scenario-argument.ts';

export function registerIsolationShow(isolation: Command, io: CliIo): void {
  isolation
    .command('show')
    .argument('<scenario>', 'a catalog id (see dbplay isolation list) or a path to a .spec file')
    .description('tell a scenario’s story and draw its schedule: one column per session, one row per step')
    .addHelpText(
      'after',
      `
Examples:
  $ dbplay isolation show write-skew
  $ dbplay isolation show g2-item
  $ dbplay isolation show ./my-scenario.spec --json`,
    )
    .action(async (id: string, _flags: unknown, command: Command) => {
      const context = contextFor(command, io);
      const { anomalyNamed, findScenario } = await import('@dbplay/isolation');
      const { renderScheduleLanes, wrap } = await import('@dbplay/isolation/render');
      const scenario = await findScenario(scenarioArgument(id, io.env));
      const { metadata } = scenario;
      const permutations = scenario.permutations.map((p) => p.steps.map((s) => s.name));
      if (context.json) {
        context.printJson({
          id: scenario.id,
          file: scenario.file,
          ...metadata,
          setup: scenario.setup.map((block) => block.sql),
          sessions: scenario.sessions.map((session) => ({
            name: session.name,
            setup: session.setup?.sql ?? null,
            steps: session.steps.map((step) => ({ name: step.name, sql: step.sql })),
          })),
          permutations,
        });
        return;
      }
      const { palette } = context;
      const anomaly = metadata.anomaly === null ? undefined : anomalyNamed(metadata.anomaly);
      const lines = [
        palette.heading(`${scenario.id}${metadata.title === null ? '' : ` · ${metadata.title}`}`),
      ];
      // Label, then the text wrapped under itself: "story:   …" with a hanging indent.
      const field = (label: string, text: string) =>
        wrap(text, 90).map((line, i) => (i === 0 ? `${label}:`.padEnd(9) + line : ' '.repeat(9) + line));
      if (anomaly !== undefined) lines.push(...field('anomaly', `${anomaly.name}, ${anomaly.definition}`));
      if (metadata.story !== null) lines.push(...field('story', metadata.story));
      if (metadata.cite !== null) lines.push(...field('cite', metadata.cite));
      if (metadata.note !== null) lines.push(...field('note', metadata.note));
      lines.push(
        palette.dim(`file:    ${relative(process.cwd(), scenario.file)}`),
        '',
        palette.heading('setup'),
      );
      for (const block of scenario.setup)
        lines.push(...block.sql.split('\n').map((line) => `  ${line.trim()}`));
      const schedule = permutations[0] ?? scenario.sessions.flatMap((s) => s.steps.map((step) => step.name));
      const which =
        permutations.length === 0
          ? 'no permutation listed: every interleaving runs; the sessions in turn'
          : `permutation 1 of ${permutations.length}`;
      lines.push(
        '',
        palette.heading(`schedule (${which})`),
        renderScheduleLanes(scenario, schedule, { palette }),
      );
      lines.push(palette.dim(`run it: dbplay isolation run ${scenario.id} --level <level>`));
      context.print(lines.join('\n'));
    });
}
