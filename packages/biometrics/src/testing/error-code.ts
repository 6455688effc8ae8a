/**
 * For tests: the stable code of the BiometricError a call throws, or 'NO_ERROR'. Anything else
 * thrown fails the test, and so does an error without a message a person could read.
 */
import { expect } from 'vitest';
import { BiometricError } from '../errors.ts';

export function errorCodeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return codeOfThrown(error);
  }
  return 'NO_ERROR';
}

export async function asyncErrorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return codeOfThrown(error);
  }
  return 'NO_ERROR';
}

function codeOfThrown(error: unknown): string {
  expect(error).toBeInstanceOf(BiometricError);
  expect((error as BiometricError).message.length).toBeGreaterThan(10);
  return (error as BiometricError).code;
}
