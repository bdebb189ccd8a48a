/**
 * `dbplay explain grade <folder>`: an instructor grades a class (one answer file per
 * student) into a report per student and per exercise, with a progress bar; `--report`
 * writes it as Markdown or JSON.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { BadInputError, renderProgressBar, renderTable } from '@dbplay/core';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { explainEnvironment, loadExplainCatalog, sessionFactory } from './explain-environment.ts';

export async function gradeAction(
  folder: string,
  flags: { report?: string },
  command: Command,
  io: CliIo,
): Promise<void> {
  const context = contextFor(command, io);
  const report = flags.report;
  if (report !== undefined && !['.md', '.json'].includes(extname(report))) {
    throw new BadInputError(`--report writes FILE.md or FILE.json, not ${report}`);
  }
  const environment = explainEnvironment(command, io);
  const catalog = await loadExplainCatalog(environment);
  const { answerFilesIn, classReportMarkdown, gradeClass, SessionPool } = await import('@dbplay/explain');
  const files = await answerFilesIn(folder);
  const pool = new SessionPool(await sessionFactory(environment, catalog, context));
  let result: Awaited<ReturnType<typeof gradeClass>>;
  try {
    result = await gradeClass(catalog, files, {
      pool,
      onProgress: (done, total, label) => context.progress(renderProgressBar(done, total, label)),
    });
  } finally {
    await pool.close();
  }
  if (report !== undefined) {
    await writeFile(
      report,
      extname(report) === '.json' ? `${JSON.stringify(result, null, 2)}\n` : classReportMarkdown(result),
    );
  }
  if (context.json) {
    context.printJson({ ...result, ...(report === undefined ? {} : { reportFile: report }) });
    return;
  }
  const { palette } = context;
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  context.print(
    renderTable(
      ['student', { header: 'passed', align: 'right' }, { header: 'score', align: 'right' }, 'problems'],
      result.students.map((s) => [
        s.student,
        `${s.passed}/${s.exercises.length}`,
        percent(s.score),
        s.problems.join('; '),
      ]),
      { palette, title: 'Students' },
    ),
  );
  context.print(
    renderTable(
      [
        { header: '#', align: 'right' },
        'exercise',
        { header: 'passed', align: 'right' },
        { header: 'average', align: 'right' },
        'hardest question',
      ],
      result.exercises.map((e) => [
        String(e.number),
        e.id,
        `${e.passedBy}/${e.answeredBy}`,
        percent(e.averageScore),
        e.hardest === undefined ? '' : `${e.hardest.question} (${e.hardest.wrong} wrong)`,
      ]),
      { palette, title: 'Exercises' },
    ),
  );
  if (report !== undefined) context.print(`Report written to ${report}.`);
}
