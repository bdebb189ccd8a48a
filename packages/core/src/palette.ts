/**
 * Colour for terminal output, and the rule for when to use it.
 *
 * Colour helps a learner spot the node a step touched, but it must never leak into
 * pipes, files, `--json` or golden test output. The rule follows https://no-color.org
 * and what psql and git do: colour only on a terminal, never when `NO_COLOR` is set or
 * `--no-color` is given, and always when `FORCE_COLOR` or `--color` asks for it.
 *
 * Libraries never read `process.env`: the CLI decides once with {@link shouldUseColor}
 * and passes a {@link Palette} down. (picocolors' own detection turns colour on whenever
 * `CI` is set, even into a pipe, which is why we decide ourselves.)
 */
import picocolors from 'picocolors';

export interface ColorDecisionInput {
  /** The environment, usually `process.env`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether the output stream is a terminal. */
  readonly isTTY: boolean;
  /** `--color` (true), `--no-color` (false), or neither (undefined). */
  readonly flag?: boolean | undefined;
}

export function shouldUseColor({ env, isTTY, flag }: ColorDecisionInput): boolean {
  // A flag on the command line beats the environment, as no-color.org asks.
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return isTTY && env.TERM !== 'dumb';
}

type Paint = (text: string) => string;

/** Named styles for what dbplay shows, so drawings say "highlight", not "bold yellow". */
export interface Palette {
  readonly enabled: boolean;
  /** The node, file or session a step touched. */
  readonly highlight: Paint;
  readonly heading: Paint;
  readonly dim: Paint;
  readonly ok: Paint;
  readonly warn: Paint;
  readonly fail: Paint;
  /** Keys, ids and SQL inside running text. */
  readonly code: Paint;
}

export function createPalette(enabled: boolean): Palette {
  const c = picocolors.createColors(enabled);
  return {
    enabled,
    highlight: (text) => c.bold(c.yellow(text)),
    heading: c.bold,
    dim: c.dim,
    ok: c.green,
    warn: c.yellow,
    fail: c.red,
    code: c.cyan,
  };
}

/** A palette that paints nothing: for libraries called without one, and for tests. */
export const plainPalette: Palette = createPalette(false);
