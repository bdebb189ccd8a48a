/**
 * The engines dbplay runs scenarios on, and the isolation levels each one accepts.
 *
 * A level is a word of one engine's vocabulary, not a free string: PostgreSQL has the SQL
 * standard's four (src/backend/access/transam/xact.c, though it runs `read-uncommitted` as
 * read committed); SQLite has no levels at all, so its "level" is when a transaction takes
 * the write lock (`BEGIN DEFERRED` or `BEGIN IMMEDIATE`, sqlite.org/lang_transaction.html);
 * the model has PostgreSQL's four plus `serializable-2pl`, strict two-phase locking. Each is a
 * union type here with its default, and everything that takes a level takes an
 * `IsolationLevel`, so that a misspelt level is refused where the user typed it (with the
 * closest one named) and never reaches an engine.
 *
 * This module loads no driver: the CLI reads it to check `--engine` and `--level` before it
 * starts a server.
 */
import { BadInputError, didYouMean } from '@dbplay/core';

/** The engines, as `--engine` names them. */
export const engineNames = ['postgres', 'sqlite', 'model'] as const;
export type EngineName = (typeof engineNames)[number];

export const postgresLevels = [
  'read-uncommitted',
  'read-committed',
  'repeatable-read',
  'serializable',
] as const;
export type PostgresLevel = (typeof postgresLevels)[number];

/** SQLite's "levels": when a transaction takes the write lock (sqlite-engine.ts). */
export const sqliteLevels = ['deferred', 'immediate'] as const;
export type SqliteLevel = (typeof sqliteLevels)[number];

export const modelLevels = [
  'read-uncommitted',
  'read-committed',
  'repeatable-read',
  'serializable',
  'serializable-2pl',
] as const;
export type ModelLevel = (typeof modelLevels)[number];

/** Any engine's level. */
export type IsolationLevel = PostgresLevel | SqliteLevel | ModelLevel;

/** Each engine's levels, by engine name. */
export interface LevelOf {
  readonly postgres: PostgresLevel;
  readonly sqlite: SqliteLevel;
  readonly model: ModelLevel;
}

const levels: { readonly [E in EngineName]: readonly LevelOf[E][] } = {
  postgres: postgresLevels,
  sqlite: sqliteLevels,
  model: modelLevels,
};

/** What each engine runs when no level is named: PostgreSQL's own default, and SQLite's plain BEGIN. */
export const defaultLevels: { readonly [E in EngineName]: LevelOf[E] } = {
  postgres: 'read-committed',
  sqlite: 'deferred',
  model: 'read-committed',
};

/** The levels (or SQLite modes) an engine accepts, weakest first. */
export function levelsOf<E extends EngineName>(engine: E): readonly LevelOf[E][] {
  return levels[engine];
}

export function defaultLevel<E extends EngineName>(engine: E): LevelOf[E] {
  return defaultLevels[engine];
}

/** `--engine postgres`: the engine of that name, or a BadInputError naming the closest one. */
export function parseEngineName(text: string): EngineName {
  const name = text.trim();
  if ((engineNames as readonly string[]).includes(name)) return name as EngineName;
  throw new BadInputError(
    `unknown engine '${name}'${didYouMean(name, engineNames)}; the engines are ${engineNames.join(', ')}`,
  );
}

/** `--engine postgres,model`: the engines named, each once, in the order given. */
export function parseEngineNames(text: string): EngineName[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new BadInputError('--engine needs at least one engine name');
  return [...new Set(names.map(parseEngineName))];
}

/**
 * `--level repeatable-read` for an engine (by name, or an engine's name and levels): the
 * level, or a BadInputError naming the closest one. A misspelt level is refused before any
 * server starts.
 */
export function parseLevel<E extends EngineName>(engine: E, text: string): LevelOf[E];
export function parseLevel<L extends IsolationLevel>(
  engine: { readonly name: string; readonly levels: readonly L[] },
  text: string,
): L;
export function parseLevel(
  engine: EngineName | { readonly name: string; readonly levels: readonly IsolationLevel[] },
  text: string,
): IsolationLevel {
  const { name, levels: known } =
    typeof engine === 'string' ? { name: engine, levels: levels[engine] } : engine;
  if ((known as readonly string[]).includes(text)) return text as IsolationLevel;
  throw new BadInputError(
    `unknown level '${text}' for ${name}${didYouMean(text, known)}; the levels are ${known.join(', ')}`,
  );
}

/** Whether `text` is one of an engine's levels. */
export function isLevelOf<E extends EngineName>(engine: E, text: string): text is LevelOf[E] {
  return (levels[engine] as readonly string[]).includes(text);
}

/**
 * The levels `compare` runs by default, and the only ones it accepts: those both engines
 * have, without read uncommitted (the model shows dirty reads there on purpose, and PostgreSQL
 * runs it as read committed, so there is nothing to compare).
 */
export const comparedLevels = [
  'read-committed',
  'repeatable-read',
  'serializable',
] as const satisfies readonly (PostgresLevel | ModelLevel)[];
export type ComparedLevel = (typeof comparedLevels)[number];
