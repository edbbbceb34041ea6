import { expect } from 'vitest';
import { EmbedConsoleError } from '../../shared/errors';

/** The EmbedConsoleError a call throws; fails the test if it throws nothing or anything else. */
export function thrownBy(fn: () => unknown): EmbedConsoleError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EmbedConsoleError);
    return error as EmbedConsoleError;
  }
  throw new Error('expected the call to throw');
}
