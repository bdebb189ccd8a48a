/**
 * A traced model run step by step: for each scenario step, what the model did (one sentence
 * per internal step) and a drawing of its internals afterwards. `dbplay isolation run
 * --engine model --step` shows one group at a time; the golden transcripts with internals
 * (test/golden-model/) are these groups followed by the ordinary transcript.
 */
import type { Palette } from '@dbplay/core';
import { engineLine, renderPermutation } from '../../render/render-transcript.ts';
import type { ScenarioReport } from '../../run/run-scenario.ts';
import { modelDetails } from '../model-run-details.ts';
import type { ModelStep } from './model-step.ts';
import { renderInternals } from './render-internals.ts';

/** The model's steps from one scenario step being issued to the next. */
export interface TraceGroup {
  /** The scenario step issued (null for what happened before the first, or a session's setup). */
  readonly label: string | null;
  readonly session: string | null;
  /** `s1r (T1): select * from test;` */
  readonly heading: string;
  readonly steps: readonly ModelStep[];
}

export function groupTrace(steps: readonly ModelStep[]): TraceGroup[] {
  const groups: { label: string | null; session: string | null; heading: string; steps: ModelStep[] }[] = [];
  for (const step of steps) {
    if (step.kind === 'issue' || groups.length === 0) {
      const session = step.touched[0] === undefined ? null : String(step.touched[0]);
      const sql = step.narration.slice(step.narration.indexOf(': ') + 2);
      groups.push({
        label: step.kind === 'issue' ? step.step : null,
        session,
        heading:
          step.kind !== 'issue'
            ? 'before the first step'
            : session === null
              ? step.narration
              : step.step === null
                ? `${session}'s setup: ${sql}`
                : `${step.step} (${session}): ${sql}`,
        steps: step.kind === 'issue' ? [] : [step],
      });
      continue;
    }
    groups[groups.length - 1]?.steps.push(step);
  }
  return groups;
}

/** One group: its heading, a bullet per step, and the internals after the last one. */
export function renderTraceGroup(group: TraceGroup, options: { readonly palette?: Palette } = {}): string[] {
  const lines = [`── ${group.heading}`];
  for (const step of group.steps) lines.push(`   • ${step.narration}`);
  const last = group.steps[group.steps.length - 1];
  if (last?.snapshot !== undefined) {
    const touched = [...new Set(group.steps.flatMap((step) => step.touched.map(String)))];
    lines.push(
      ...renderInternals(last.snapshot, { ...options, touched })
        .split('\n')
        .map((line) => `   ${line}`),
    );
  }
  return lines;
}

/** A report's transcript with, before each permutation's results, its trace with internals. */
export function renderTracedTranscript(report: ScenarioReport): string {
  const { scenario } = report;
  const title = scenario.metadata.title === null ? '' : `: ${scenario.metadata.title}`;
  const lines = [`scenario ${scenario.id}${title}`, engineLine(report)];
  if (report.levelNote !== null) lines.push(`note: ${report.levelNote}`);
  for (const permutation of report.permutations) {
    lines.push(
      '',
      `starting permutation ${permutation.number}: ${permutation.outcome.permutation.join(' ')}`,
    );
    for (const group of groupTrace(modelDetails(permutation.outcome)?.steps ?? [])) {
      lines.push(...renderTraceGroup(group));
    }
    lines.push('', ...renderPermutation(permutation).slice(1));
  }
  return `${lines.join('\n')}\n`;
}
