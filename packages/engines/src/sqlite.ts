/**
 * SQLite through better-sqlite3: the real SQLite library, linked into Node.
 *
 * better-sqlite3 is a native addon compiled at install time; if that build failed, the
 * import throws, and we say so in words instead of a loader stack trace. Its API is
 * synchronous, which suits SQLite (a library, not a server) but means a lock wait must
 * never be left to block: callers that run concurrent sessions set busy_timeout to 0.
 */
import { EngineUnavailableError } from '@dbplay/core';
import type { Database } from 'better-sqlite3';

export async function openSqlite(filename = ':memory:'): Promise<Database> {
  let SqliteDatabase: typeof import('better-sqlite3');
  try {
    ({ default: SqliteDatabase } = await import('better-sqlite3'));
  } catch (error) {
    throw new EngineUnavailableError(
      'sqlite',
      `better-sqlite3 could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
      {
        hint: 'its native addon must be built by pnpm install (needs python3, make and a C++ compiler)',
        cause: error,
      },
    );
  }
  try {
    return new SqliteDatabase(filename);
  } catch (error) {
    throw new EngineUnavailableError(
      'sqlite',
      `SQLite could not open ${filename}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
