import {
  BadInputError,
  CheckFailedError,
  DbplayError,
  EngineUnavailableError,
  ExitCode,
  isDbplayError,
} from '@dbplay/core';
import { describe, expect, it } from 'vitest';

describe('errors', () => {
  it('carries the exit code that goes with each kind of failure', () => {
    expect(new CheckFailedError('wrong answer').exitCode).toBe(ExitCode.checkFailed);
    expect(new BadInputError('bad key').exitCode).toBe(ExitCode.badInput);
    expect(new EngineUnavailableError('postgres', 'refused').exitCode).toBe(ExitCode.engineUnavailable);
    expect([ExitCode.ok, ExitCode.checkFailed, ExitCode.badInput, ExitCode.engineUnavailable]).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it('formats as one line with the file, line and hint', () => {
    const error = new BadInputError('unbalanced brace', {
      location: { file: 'exercises/isolation/g0.spec', line: 12, column: 3 },
      hint: 'every { needs a }',
    });
    expect(error.oneLine()).toBe('exercises/isolation/g0.spec:12:3: unbalanced brace (every { needs a })');
    expect(new BadInputError('two\nlines').oneLine()).toBe('two lines');
  });

  it('is recognisable, with a stable code, and keeps its cause', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new EngineUnavailableError('postgres', 'could not connect', { cause });
    expect(isDbplayError(error)).toBe(true);
    expect(isDbplayError(cause)).toBe(false);
    expect(error).toBeInstanceOf(DbplayError);
    expect(error.code).toBe('engine-unavailable');
    expect(error.engine).toBe('postgres');
    expect(error.cause).toBe(cause);
    expect(new BadInputError('x', { code: 'unknown-key' }).code).toBe('unknown-key');
  });
});
