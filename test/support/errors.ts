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

/** The EmbedConsoleError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<EmbedConsoleError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EmbedConsoleError);
    return error as EmbedConsoleError;
  }
  throw new Error('expected the promise to reject');
}
