/**
 * Loading and saving the learner's progress file for the explain commands, and telling
 * the learner (on stderr) when a corrupt file had to be moved aside.
 */
import type { Progress } from '@dbplay/explain';
import type { CommandContext } from '../../context.ts';
import type { ExplainEnvironment } from './explain-environment.ts';

export async function readLearnerProgress(
  environment: ExplainEnvironment,
  context: CommandContext,
): Promise<Progress> {
  const { loadProgress } = await import('@dbplay/explain');
  const loaded = await loadProgress(environment.progressFile, new Date());
  if (loaded.backedUpTo !== undefined) {
    context.io.stderr(
      `dbplay: warning: the progress file ${environment.progressFile} could not be read; it was moved to ${loaded.backedUpTo} and progress starts afresh\n`,
    );
  }
  return loaded.progress;
}

export async function writeLearnerProgress(
  environment: ExplainEnvironment,
  progress: Progress,
): Promise<void> {
  const { saveProgress } = await import('@dbplay/explain');
  await saveProgress(environment.progressFile, progress);
}
