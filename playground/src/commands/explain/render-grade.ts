/**
 * `dbplay explain answer` as text: each question with ✓ or ✗ and its feedback, a fix's
 * conditions and the plan after it; then, once the exercise is passed or the learner asked
 * (`--reveal`), the right answers and the explanation; otherwise the next hint on offer.
 */
import type { Exercise, ExerciseGrade } from '@dbplay/explain';
import type { CommandContext } from '../../context.ts';

export async function renderGrade(
  exercise: Exercise,
  grade: ExerciseGrade,
  context: CommandContext,
  options: { readonly reveal: boolean; readonly hintsShown: number },
): Promise<string> {
  const { drawPlan } = await import('@dbplay/explain/plans');
  const { palette } = context;
  const out: string[] = [palette.heading(`Exercise ${exercise.number}: ${exercise.title}`), ''];
  for (const question of grade.questions) {
    const mark = question.correct ? palette.ok('✓') : palette.fail('✗');
    out.push(`${mark} ${palette.code(question.name)}: ${question.feedback}`);
    if (options.reveal && !question.correct) {
      out.push(...question.answer.split('\n').map((line) => palette.dim(`    ${line}`)));
    }
    const fix = question.fix;
    // An unanswered fix shows nothing more: its conditions are for an attempt to meet.
    if (fix !== undefined && (question.attempted || options.reveal)) {
      for (const condition of fix.conditions) {
        out.push(`    ${condition.ok ? palette.ok('✓') : palette.fail('✗')} ${condition.text}`);
      }
      if (fix.planAfter !== undefined) {
        out.push('', palette.heading('    Plan after your fix'));
        out.push(
          drawPlan(fix.planAfter, { palette })
            .split('\n')
            .map((line) => `    ${line}`)
            .join('\n'),
        );
      }
    }
  }
  const summary = `${grade.correct} of ${grade.total} correct`;
  out.push('', grade.passed ? palette.ok(`Passed: ${summary}.`) : palette.fail(`Not yet: ${summary}.`));
  if (options.reveal) {
    out.push('', palette.heading('Explanation'), exercise.explanation, '', `Read more: ${exercise.docs}`);
  } else {
    const next = options.hintsShown + 1;
    if (next <= exercise.hints.length) {
      out.push(
        palette.dim(
          `Stuck? dbplay explain hint ${exercise.number} (hint ${next} of ${exercise.hints.length})`,
        ),
      );
    }
    out.push(
      palette.dim(
        `The answers: dbplay explain answer ${exercise.number} … --reveal, or dbplay explain solution ${exercise.number} (noted in your progress)`,
      ),
    );
  }
  return out.join('\n');
}
