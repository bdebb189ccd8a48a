/**
 * `dbplay explain answer` as text: each question with ✓ or ✗ and its feedback, a fix's
 * conditions and the plan after it, then the explanation and the documentation link.
 */
import type { Exercise, ExerciseGrade } from '@dbplay/explain';
import type { CommandContext } from '../../context.ts';

export async function renderGrade(
  exercise: Exercise,
  grade: ExerciseGrade,
  context: CommandContext,
): Promise<string> {
  const { drawPlan } = await import('@dbplay/explain');
  const { palette } = context;
  const out: string[] = [palette.heading(`Exercise ${exercise.number}: ${exercise.title}`), ''];
  for (const question of grade.questions) {
    const mark = question.correct ? palette.ok('✓') : palette.fail('✗');
    out.push(`${mark} ${palette.code(question.name)}: ${question.feedback}`);
    const fix = question.fix;
    if (fix !== undefined) {
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
  out.push('', palette.heading('Explanation'), exercise.explanation, '', `Read more: ${exercise.docs}`);
  if (!grade.passed) out.push(palette.dim(`Stuck? dbplay explain hint ${exercise.number}`));
  return out.join('\n');
}
