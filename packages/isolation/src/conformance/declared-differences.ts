/**
 * Differences the runner cannot remove, because they are the server's and not the runner's.
 *
 * The vendored expected outputs were printed by PostgreSQL 18.6 (exercises/isolation/
 * postgres-suite/README.md); dbplay's embedded server is PostgreSQL 18.4. Between the two, 18.6
 * fixed bugs that two specs of the suite were written to catch, so on 18.4 those specs show the
 * old behaviour and no runner could print what 18.6 prints. Each such spec is declared here with
 * the fix that changed it, quoted from 18.6's release notes (doc/src/sgml/release-18.sgml, with
 * the commit on REL_18_STABLE), and the version that has the fix: on that version or a newer one
 * (`--url` to such a server) the declaration no longer applies and any difference counts.
 * A declared difference is reported beside the figure, never folded into it.
 */

export interface DeclaredDifference {
  /** The spec's name, without `.spec`. */
  readonly spec: string;
  /** The first PostgreSQL version that prints what the expected output shows (`18.6`). */
  readonly fixedIn: string;
  /** What the older server does instead, and why. */
  readonly reason: string;
  /** Where the change is documented. */
  readonly source: string;
}

export const declaredDifferences: readonly DeclaredDifference[] = [
  {
    spec: 'ddl-dependency-locking',
    fixedIn: '18.6',
    reason:
      'before 18.6, recording a dependency takes no lock on the object depended on, so DROP SCHEMA (or TYPE, DOMAIN, FUNCTION, FOREIGN DATA WRAPPER) does not wait for the transaction creating an object in it, and both commit; only the role case locked before',
    source:
      'PostgreSQL 18.6 release notes: "Prevent creation of dangling object dependencies by acquiring a shared lock on any object being depended on" (c8cd3d697, f9d5a52da)',
  },
  {
    spec: 'pub-concurrent-drop',
    fixedIn: '18.6',
    reason:
      'before 18.6, pg_get_publication_tables() fails with "could not open relation with OID …" when a published table is dropped concurrently',
    source:
      'PostgreSQL 18.6 release notes: "Fix pg_get_publication_tables() to not fail if a publishable table is dropped concurrently" (73d63d1c1)',
  },
];

/** The declaration that applies to `spec` on a server of `serverVersion` (`18.4`), if any. */
export function declaredDifference(
  spec: string,
  serverVersion: string | undefined,
): DeclaredDifference | null {
  if (serverVersion === undefined) return null;
  const declared = declaredDifferences.find((d) => d.spec === spec);
  if (declared === undefined) return null;
  return compareVersions(serverVersion, declared.fixedIn) < 0 ? declared : null;
}

/** Compares `18.4` with `18.6` (or `9.6.24`), number by number. */
export function compareVersions(a: string, b: string): number {
  const numbers = (version: string) => (version.match(/\d+/g) ?? []).map(Number);
  const [x, y] = [numbers(a), numbers(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
