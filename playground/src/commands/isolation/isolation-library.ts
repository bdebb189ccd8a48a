/**
 * The isolation library as the isolation commands and the shell use it: both of its entry
 * points, running and judging (`@dbplay/isolation`) with drawing and the `--json` documents
 * (`@dbplay/isolation/render`), loaded together when a command first needs them, so that
 * registering the commands (and `dbplay --help`) loads neither.
 */
export type IsolationLibrary = typeof import('@dbplay/isolation') & typeof import('@dbplay/isolation/render');

export async function loadIsolation(): Promise<IsolationLibrary> {
  const [library, render] = await Promise.all([
    import('@dbplay/isolation'),
    import('@dbplay/isolation/render'),
  ]);
  return { ...library, ...render };
}
