/** What a lesson's run produced: the text a learner reads, the live answer, and details for --json. */
export interface RunOutput {
  /** The run as text: statements and results, a plan, a schedule, a table of figures. */
  readonly text: string;
  /** The value the checkpoint is graded against (an option's value, or a number). */
  readonly value: string | number;
  readonly details: unknown;
}
