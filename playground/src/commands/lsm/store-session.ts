/**
 * Running one operation on a store from the command line: open it, attach a step recorder
 * when `--trace`, `--step` or `--json --trace` asks for steps, run, close, then play the
 * steps back (drawing the levels after each one in `--step` mode).
 */
import { StepRecorder } from '@dbplay/core';
import type { LsmStep, LsmTree } from '@dbplay/lsm';
import type { CommandContext } from '../../context.ts';
import { writeHtmlPage } from '../../html-output.ts';
import { playSteps } from '../../step-player.ts';
import { anyStrategyFlag } from './compaction-flags.ts';
import { type StoreFlags, storeOptions } from './store-flags.ts';

export interface SessionResult<T> {
  readonly result: T;
  readonly steps: readonly LsmStep[];
}

/**
 * Opens the store in `flags.dir`, runs `work`, and closes it, recording steps when asked.
 * A reading command (`reads`) refuses a folder with no store rather than creating one.
 */
export async function withStore<T>(
  flags: StoreFlags,
  work: (tree: LsmTree) => T,
  reads = false,
): Promise<SessionResult<T>> {
  const { LsmTree, readStoreSettings } = await import('@dbplay/lsm');
  // Strategy parameters without --strategy are for the store's own strategy: look it up.
  const stored =
    flags.strategy === undefined && anyStrategyFlag(flags)
      ? readStoreSettings(flags.dir)?.compaction.strategy
      : undefined;
  const options = storeOptions(flags, stored);
  const tree = await LsmTree.open(reads ? { ...options, createIfMissing: false } : options);
  const recorder = wantsSteps(flags) || flags.html !== undefined ? new StepRecorder<LsmStep>() : undefined;
  try {
    tree.tracer = recorder;
    return { result: work(tree), steps: recorder?.steps ?? [] };
  } finally {
    tree.close();
  }
}

/**
 * Plays recorded steps for --trace / --step (nothing under --json: the steps go in the
 * document). Only those flags record steps, so there is nothing to play without them.
 */
export async function showSteps(
  steps: readonly LsmStep[],
  flags: StoreFlags,
  context: CommandContext,
): Promise<void> {
  if (flags.html !== undefined) {
    const { lsmPage } = await import('@dbplay/viewer');
    const title = `LSM store ${flags.dir}`;
    const page = lsmPage({ title, subtitle: `dbplay lsm … --dir ${flags.dir}`, steps });
    await writeHtmlPage(context, flags.html, page);
  }
  if (context.json || steps.length === 0) return;
  const { renderLsm } = await import('@dbplay/lsm');
  await playSteps(steps, context, {
    mode: flags.step === true ? 'step' : 'trace',
    draw: (step) =>
      step.snapshot === undefined
        ? ''
        : renderLsm(step.snapshot, { palette: context.palette, highlight: step.touched }),
  });
}

/** Steps as JSON: kind, what they touched, the sentence (snapshots are left out). */
function stepsJson(
  steps: readonly LsmStep[],
): { kind: string; touched: readonly (number | string)[]; narration: string }[] {
  return steps.map(({ kind, touched, narration }) => ({ kind, touched, narration }));
}

/** `{ ...document, steps }` when steps were asked for. */
export function withSteps(
  document: Record<string, unknown>,
  steps: readonly LsmStep[],
  flags: StoreFlags,
): Record<string, unknown> {
  return wantsSteps(flags) ? { ...document, steps: stepsJson(steps) } : document;
}

/** Whether `--trace` or `--step` asked for the steps. */
function wantsSteps(flags: StoreFlags): boolean {
  return flags.trace === true || flags.step === true;
}
