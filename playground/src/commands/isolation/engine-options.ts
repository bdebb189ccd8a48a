/**
 * The options `run`, `matrix` and `compare` share beyond what @dbplay/isolation checks
 * itself (engine names and levels, in @dbplay/isolation/vocabulary): which server to use.
 */
import type { CliIo } from '../../io.ts';

/** The server to use instead of the embedded one, if the user named one (`--url`, else `DATABASE_URL`). */
export function serverUrl(flag: string | undefined, io: CliIo): string | undefined {
  const url = flag ?? io.env.DATABASE_URL;
  return url === undefined || url === '' ? undefined : url;
}
