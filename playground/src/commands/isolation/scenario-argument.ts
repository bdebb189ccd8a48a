/**
 * A scenario as the user named it on the command line: a catalog id (`write-skew`) stays an
 * id, and a path to a spec file becomes absolute, relative to the folder the user ran the
 * command in (INIT_CWD under `pnpm dbplay`, see {@link userPath}), so that
 * `pnpm dbplay isolation run ../my/counter.spec` from `packages/` finds the file there, and
 * a missing file is reported by the absolute path that was tried.
 *
 * Which arguments are paths is `findScenario`'s rule (@dbplay/isolation's catalog.ts):
 * anything ending in `.spec` or holding a slash. No catalog id has either.
 */
import { userPath } from '../../options.ts';

export function scenarioArgument(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.endsWith('.spec') || text.includes('/') || text.includes('\\') ? userPath(text, env) : text;
}
