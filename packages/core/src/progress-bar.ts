/**
 * A one-line progress bar for long runs (loading a million keys, the isolation matrix,
 * grading a class): `[████████░░░░░░░░] 50% 500/1000 keys`.
 *
 * Only the text; the CLI decides where it goes (stderr, and only on a terminal).
 */
export function renderProgressBar(
  done: number,
  total: number,
  label = '',
  width = 24,
  counts = true,
): string {
  const fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(fraction * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${bar}] ${percent}${counts ? ` ${done}/${total}` : ''}${label === '' ? '' : ` ${label}`}`;
}
