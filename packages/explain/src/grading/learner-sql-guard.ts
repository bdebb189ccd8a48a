/**
 * Running a learner's SQL with the least rights an exercise needs, and checking what it
 * did rather than only what it says.
 *
 * A learner's fix, a class's answer files and the playground's SQL are other people's
 * code, run on the learner's PGlite or on a server reached by URL, often as a superuser.
 * A superuser can `COPY … TO PROGRAM` (a shell command on the server host), write and read
 * server files, and none of it is undone by the rollback. So three layers:
 *
 * 1. The learner's statements run as `dbplay_learner`, a role without superuser and
 *    without pg_read_server_files, pg_write_server_files or pg_execute_server_program
 *    (the roles PostgreSQL checks in src/backend/commands/copy.c and genfile.c). The
 *    role owns the dataset's tables in the session's private copy, so CREATE INDEX,
 *    ANALYZE and CREATE STATISTICS work as an exercise needs.
 * 2. `SET ROLE` can be undone by the session (`RESET ROLE`, even from a DO block), so
 *    statements that could change the role, run dynamic SQL or reach files are refused
 *    before anything runs, with a reason the learner can read.
 * 3. After the statements, the grader checks the effect: the role is still
 *    `dbplay_learner`, and no planner setting of user context (`pg_settings`) changed
 *    unless the exercise allows it by name — however the change was spelt.
 */
import { stripComments } from '@dbplay/core';

/** The role learner SQL runs as. */
export const learnerRole = 'dbplay_learner';

/**
 * Makes the session's copy of the dataset ready for learner SQL: the role exists (roles
 * are global to a server, and two processes may create it at once), and owns the tables.
 * Run once per session, as the session's own (administrator) user, outside a transaction.
 */
export const prepareLearnerRoleSql = `
do $$
declare r record;
begin
  begin
    create role ${learnerRole} nologin nosuperuser nocreatedb nocreaterole noinherit;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    execute format('grant ${learnerRole} to %I', current_user);
  exception when others then null;
  end;
  execute 'grant usage, create on schema public to ${learnerRole}';
  for r in select c.oid::regclass as name, c.relkind from pg_class c
            where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'm', 'v', 'f')
  loop
    execute format('alter %s %s owner to ${learnerRole}',
      case r.relkind when 'm' then 'materialized view' when 'v' then 'view' when 'f' then 'foreign table' else 'table' end,
      r.name);
  end loop;
end $$`;

/** What the grader reads before and after the learner's SQL. */
export const learnerEffectQuery = `select current_user::text, coalesce(json_object_agg(name, setting order by name), '{}')::text
   from pg_settings where context = 'user'`;

export interface LearnerEffect {
  readonly role: string;
  readonly settings: Readonly<Record<string, string>>;
}

export function parseLearnerEffect(row: readonly unknown[] | undefined): LearnerEffect {
  return {
    role: String(row?.[0] ?? ''),
    settings: JSON.parse(String(row?.[1] ?? '{}')) as Record<string, string>,
  };
}

/** Why the effect of the learner's SQL is refused, or undefined when it is allowed. */
export function refusedEffect(
  before: LearnerEffect,
  after: LearnerEffect,
  allowedSettings: readonly string[] | 'any',
): string | undefined {
  if (after.role !== learnerRole) {
    return `your SQL changed the role it runs as (to ${after.role}); learner SQL runs as ${learnerRole}`;
  }
  if (allowedSettings === 'any') return undefined;
  const changed = Object.keys({ ...before.settings, ...after.settings }).filter(
    (name) => before.settings[name] !== after.settings[name] && !allowedSettings.includes(name),
  );
  if (changed.length === 0) return undefined;
  const what = changed
    .map((name) => `${name} (${before.settings[name] ?? 'unset'} → ${after.settings[name] ?? 'unset'})`)
    .join(', ');
  const allowed =
    allowedSettings.length === 0
      ? 'this exercise allows no settings'
      : `this exercise allows only ${allowedSettings.join(', ')}`;
  return `your SQL changed ${what}: changing a setting hides the problem instead of fixing it; ${allowed}`;
}

/**
 * Statements refused before they run, whatever their context: the reason, or undefined.
 * The text is read with comments removed but strings kept, and with double quotes
 * dropped, so neither `"set_config"(…)` nor a statement hidden in a string passes.
 */
export function refusedLearnerStatement(sql: string): string | undefined {
  const text = stripComments(sql).toLowerCase().replace(/"/g, '').replace(/\s+/g, ' ');
  const rules: readonly [RegExp, string][] = [
    [
      /^\s*(do|call)\b|\bcreate (or replace )?(function|procedure|language|extension|trigger|rule|event trigger)\b/,
      'code blocks, functions, procedures, triggers and extensions are not part of a fix',
    ],
    [
      /\b(role|session[ _]authorization|set_config|current_setting_set)\b/,
      'changing the role or session user, or settings by set_config, is not allowed',
    ],
    [/\bcopy\b[\s\S]*\bprogram\b/, 'COPY to or from a program runs a shell command on the server: refused'],
    [
      /\bcopy\b[\s\S]*\b(to|from)\s*'/,
      'COPY to or from a file reads or writes files on the server: refused (COPY … TO STDOUT is not needed either)',
    ],
    [
      /\b(query_to_xml\w*|cursor_to_xml\w*|lo_import|lo_export|lo_from_bytea|pg_read_file|pg_read_binary_file|pg_ls_\w+|pg_stat_file|pg_file_\w+|dblink\w*|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile)\b/,
      'functions that reach server files, other sessions or the server itself are refused',
    ],
  ];
  for (const [pattern, reason] of rules) if (pattern.test(text)) return reason;
  return undefined;
}
