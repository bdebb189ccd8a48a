/**
 * `dbplay explain plan "<sql>"`: the playground. Draws the plan of any SQL on a dataset,
 * with notes, and rolls everything back afterwards.
 */
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import { writeHtmlPage } from '../../html-output.ts';
import { explainPlansPage } from '../../html-pages.ts';
import type { CliIo } from '../../io.ts';
import { explainEnvironment, loadExplainCatalog, sessionFactory } from './explain-environment.ts';

interface PlanFlags {
  dataset: string;
  analyze?: boolean;
  buffers?: boolean;
  timeLimit?: number;
  html?: string;
  format?: 'text';
}

export async function planAction(sql: string, flags: PlanFlags, command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const environment = explainEnvironment(command, io);
  const catalog = await loadExplainCatalog(environment);
  const { drawPlan, explorePlan, exploredPlanJson } = await import('@dbplay/explain/plans');
  const factory = await sessionFactory(environment, catalog, context);
  const session = await factory.open(flags.dataset);
  try {
    const explored = await explorePlan(session, sql, {
      analyze: flags.analyze === true,
      buffers: flags.buffers === true,
      timeLimitMs: flags.timeLimit ?? 10_000,
      text: flags.format === 'text',
    });
    if (context.json) {
      context.printJson(exploredPlanJson(explored, flags.dataset));
    } else {
      context.print(context.palette.dim(`${explored.engine.description}, dataset ${flags.dataset}`));
      context.print(drawPlan(explored.plan, { palette: context.palette, times: flags.analyze === true }));
      if (explored.text !== undefined) {
        const options = [flags.analyze === true ? 'ANALYZE' : '', flags.buffers === true ? 'BUFFERS' : '']
          .filter((option) => option !== '')
          .join(', ');
        context.print('');
        context.print(
          context.palette.heading(`psql's text plan (EXPLAIN${options === '' ? '' : ` (${options})`})`),
        );
        context.print(
          explored.text
            .split('\n')
            .map((line) => `  ${line}`)
            .join('\n'),
        );
      }
    }
    if (flags.html !== undefined) {
      const page = await explainPlansPage(
        'EXPLAIN',
        `dbplay explain plan · ${explored.engine.description}, dataset ${flags.dataset}`,
        [{ label: flags.analyze === true ? 'EXPLAIN ANALYZE' : 'EXPLAIN', sql, plan: explored.plan }],
      );
      await writeHtmlPage(context, flags.html, page);
    }
  } finally {
    await session.close();
    await factory.close();
  }
}
