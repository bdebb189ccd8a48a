/**
 * The model against PostgreSQL on undoing a transaction's catalog changes and settings: CREATE
 * and DROP INDEX, ADD PRIMARY KEY, storage parameters, ADD FOREIGN KEY, VALIDATE CONSTRAINT and
 * CREATE TABLE, trigger functions and triggers, undone by ROLLBACK and by ROLLBACK TO SAVEPOINT, and SET undone by ROLLBACK TO
 * SAVEPOINT (probes in model-probes-undo/, each observed from a later step).
 */
import { describeProbeFolder } from './expect-agreement.ts';

await describeProbeFolder(
  'the model agrees with PostgreSQL on what ROLLBACK and ROLLBACK TO SAVEPOINT undo',
  new URL('./model-probes-undo/', import.meta.url),
);
