/**
 * The one error type of the server. `code` is stable (clients and tests switch on it), `message`
 * is for people in Spanish (es-MX), `httpStatus` is what the HTTP layer answers with.
 * Anything thrown that is not an AppError is a bug and is answered as a generic 500 without details.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
