/**
 * Showing the steps of a traced operation in the terminal: `--trace` and `--step`.
 *
 * Structures are synchronous and emit steps while they work; each step carries a snapshot
 * of the state right after it. So the CLI records the steps first and plays them back
 * afterwards, which is the same thing the learner would have seen live:
 *
 * - `--trace` prints every step's narration, numbered;
 * - `--step` prints one step with its drawing, then waits for Enter (`q` Enter shows the
 *   rest without pausing). When stdin is not a terminal, each line read counts as an
 *   Enter, and the end of input stops the pauses, so a session can be scripted.
 */
import type { Step } from '@dbplay/core';
import type { CommandContext } from './context.ts';

export type StepMode = 'trace' | 'step';

export interface PlayOptions<S extends Step> {
  readonly mode: StepMode;
  /** Draws the state after a step (from its snapshot); shown in `--step` mode. */
  readonly draw?: (step: S) => string;
}

export async function playSteps<S extends Step>(
  steps: readonly S[],
  context: CommandContext,
  options: PlayOptions<S>,
): Promise<void> {
  const { palette } = context;
  const width = String(steps.length).length;
  let pausing = options.mode === 'step';
  for (const [index, step] of steps.entries()) {
    const number = String(index + 1).padStart(width);
    context.print(`${palette.dim(`${number}.`)} ${palette.heading(step.kind)}  ${step.narration}`);
    if (options.mode === 'step' && options.draw !== undefined) context.print(`${options.draw(step)}\n`);
    if (pausing && index < steps.length - 1) {
      const answer = await context.io.readLine(palette.dim('Enter: next step · q Enter: show the rest '));
      if (answer === null || answer.trim().toLowerCase() === 'q') pausing = false;
    }
  }
}
