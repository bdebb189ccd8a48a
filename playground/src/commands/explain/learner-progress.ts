/**
 * Loading and updating the learner's progress file for the explain commands, and telling
 * the learner (on stderr) when a corrupt file had to be moved aside. Updates go through
 * the library's locked read-modify-write, so concurrent commands lose nothing.
 */
import type { LoadedProgress, Progress } from '@dbplay/explain';
import type { CommandContext } from '../../context.ts';
import type { ExplainEnvironment } from './explain-environment.ts';

export async function readLearnerProgress(
  environment: ExplainEnvironment,
  context: CommandContext,
): Promise<Progress> {
  const { loadProgress } = await import('@dbplay/explain');
  return warnIfMoved(await loadProgress(environment.progressFile, new Date()), environment, context);
}

/** Applies `update` to the progress on disk, under the progress file's lock. */
export async function updateLearnerProgress(
  environment: ExplainEnvironment,
  context: CommandContext,
  update: (progress: Progress) => Progress,
): Promise<Progress> {
  const { updateProgress } = await import('@dbplay/explain');
  return warnIfMoved(
    await updateProgress(environment.progressFile, new Date(), update),
    environment,
    context,
  );
}

function warnIfMoved(
  loaded: LoadedProgress,
  environment: ExplainEnvironment,
  context: CommandContext,
): Progress {
  if (loaded.backedUpTo !== undefined) {
    context.io.stderr(
      `dbplay: warning: the progress file ${environment.progressFile} could not be read; it was moved to ${loaded.backedUpTo} and progress starts afresh\n`,
    );
  }
  return loaded.progress;
}
