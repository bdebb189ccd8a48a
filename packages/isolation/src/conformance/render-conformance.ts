/**
 * A conformance report for people and for programs: one row per spec and a total line, the
 * differences under it; or one JSON document with the same figures.
 *
 *     spec            runner      model                          model agrees
 *     nowait          6 of 6      refused: NOWAIT                –
 *     two-ids         90 of 90    accepted                       90 of 90
 *     …
 *     runner: 1374 of 1375 permutations identical to PostgreSQL's expected output · …
 */
import { type Palette, renderTable } from '@dbplay/core';
import { type ConformanceReport, runnerConforms, type SpecConformance } from './run-conformance.ts';

export interface ConformanceDrawingOptions {
  readonly palette: Palette;
  /** How many differing permutations to show per spec (runner and model each). */
  readonly show: number;
}

export function renderConformance(report: ConformanceReport, options: ConformanceDrawingOptions): string[] {
  const { palette } = options;
  const rows = report.specs.map((spec) => [
    spec.spec,
    runnerCell(spec, palette),
    modelCell(spec, palette),
    spec.modelAccepted === true ? `${spec.modelIdentical} of ${spec.modelRun}` : '–',
  ]);
  const lines = [
    renderTable(['spec', 'runner vs expected', 'model', 'model vs postgres'], rows, { palette }),
  ];
  for (const spec of report.specs) lines.push(...details(spec, options));
  lines.push(...summaryLines(report, palette));
  return lines;
}

function runnerCell(spec: SpecConformance, palette: Palette): string {
  if (spec.problem !== null) return palette.fail('not run');
  if (spec.expectedFiles.length === 0) return palette.dim(`${spec.permutations.length} run, no .out`);
  const compared = spec.permutations.length;
  const text = `${spec.runnerIdentical} of ${compared}`;
  if (runnerConforms(spec)) return palette.ok(text);
  return spec.declared === null ? palette.fail(text) : palette.warn(`${text}, declared`);
}

function modelCell(spec: SpecConformance, palette: Palette): string {
  if (spec.modelAccepted === null) return '–';
  if (spec.modelAccepted) return palette.ok('accepted');
  return palette.warn(`refused: ${refusedConstruct(spec.modelRefusal ?? '')}`);
}

/** The construct a model refusal names, short enough for a table cell. */
export function refusedConstruct(refusal: string): string {
  const uses = /\buses (.*?), which the model engine does not support/.exec(refusal);
  if (uses?.[1] !== undefined) return uses[1];
  const unreadable = /is not SQL the model can read: (.*?) \("/.exec(refusal);
  if (unreadable?.[1] !== undefined) return unreadable[1];
  return refusal.replace(/^[^:]*:\d+: /, '').slice(0, 60);
}

function details(spec: SpecConformance, options: ConformanceDrawingOptions): string[] {
  const { palette } = options;
  const lines: string[] = [];
  if (spec.problem !== null) lines.push(palette.heading(`${spec.spec}: ${spec.problem}`));
  if (spec.declared !== null) {
    lines.push(
      palette.heading(`${spec.spec}: a declared difference, fixed in PostgreSQL ${spec.declared.fixedIn}`),
      `  ${spec.declared.reason}.`,
      `  ${spec.declared.source}.`,
    );
  }
  const runnerDiffering = spec.permutations.filter((p) => p.runnerProblem !== null || p.runner.length > 0);
  for (const p of runnerDiffering.slice(0, options.show)) {
    lines.push(palette.heading(`${spec.spec}, runner: ${p.steps.join(' ')}`));
    if (p.runnerProblem !== null) lines.push(`  ${p.runnerProblem}`);
    for (const d of p.runner) lines.push(`  ${d.step}: expected ${d.expected}; dbplay ${d.actual}`);
  }
  const modelDiffering = spec.permutations.filter((p) => p.model !== null && p.model.length > 0);
  for (const p of modelDiffering.slice(0, options.show)) {
    lines.push(palette.heading(`${spec.spec}, model: ${p.steps.join(' ')}`));
    for (const d of p.model ?? []) lines.push(`  ${d.where}: model ${d.model}; postgres ${d.reference}`);
  }
  return lines;
}

function summaryLines(report: ConformanceReport, palette: Palette): string[] {
  const t = report.totals;
  const percent = (part: number, whole: number) =>
    whole === 0 ? '–' : `${((100 * part) / whole).toFixed(part === whole ? 0 : 1)}%`;
  const declared = report.specs.filter((spec) => spec.declared !== null);
  const outside = t.runnerUndeclared;
  return [
    palette.heading(
      `runner: ${t.runnerIdentical} of ${t.runnerCompared} permutations identical to the expected output (${percent(t.runnerIdentical, t.runnerCompared)}); ${t.runnerFailures} spec${t.runnerFailures === 1 ? ' differs' : 's differ'}${declared.length === 0 ? '' : ' beyond the declared ones'}`,
    ),
    ...(declared.length === 0
      ? []
      : [
          palette.heading(
            `declared: ${t.runnerDeclared} permutation${t.runnerDeclared === 1 ? '' : 's'} of ${declared.map((spec) => `${spec.spec} (fixed in ${spec.declared?.fixedIn})`).join(', ')} differ because the server is older than the PostgreSQL that printed the expected output; outside them the runner reproduces ${outside.identical} of ${outside.compared} (${percent(outside.identical, outside.compared)})`,
          ),
        ]),
    palette.heading(
      `model: accepts ${t.modelAccepted} of ${t.specs} specs (${percent(t.modelAccepted, t.specs)}); agrees with PostgreSQL on ${t.modelIdentical} of ${t.modelRun} permutations (${percent(t.modelIdentical, t.modelRun)})`,
    ),
    palette.dim(`${report.postgres} · specs ${report.specsFolder} · expected ${report.expectedFolder}`),
  ];
}

/** The report as one JSON document: the figures, then per spec its permutations' differences. */
export function conformanceJson(report: ConformanceReport): unknown {
  return {
    specsFolder: report.specsFolder,
    expectedFolder: report.expectedFolder,
    postgres: report.postgres,
    totals: report.totals,
    specs: report.specs.map((spec) => ({
      spec: spec.spec,
      file: spec.file,
      expectedFiles: spec.expectedFiles,
      problem: spec.problem,
      runner: {
        identical: spec.runnerIdentical,
        permutations: spec.permutations.length,
        conforms: runnerConforms(spec),
        declared: spec.declared,
      },
      partialSteps: spec.partialSteps,
      seconds: spec.seconds,
      model: {
        accepted: spec.modelAccepted,
        refusal: spec.modelRefusal,
        construct: spec.modelRefusal === null ? null : refusedConstruct(spec.modelRefusal),
        identical: spec.modelIdentical,
        run: spec.modelRun,
      },
      differing: spec.permutations
        .filter((p) => p.runnerProblem !== null || p.runner.length > 0 || (p.model?.length ?? 0) > 0)
        .map((p) => ({
          permutation: p.steps,
          runnerProblem: p.runnerProblem,
          runner: p.runner,
          model: p.model,
        })),
    })),
  };
}
