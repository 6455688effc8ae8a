/**
 * The one error type of the biometric library. `code` is stable (callers and the HTTP layer
 * switch on it); `message` is for people, in Spanish (es-MX). The library never throws
 * anything else for bad input.
 */
export class BiometricError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'BiometricError';
  }
}
