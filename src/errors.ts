/**
 * An error the user can act on: printed as one sentence, exit code 2, never a stack trace.
 * Every adapter (fs, engine, image reader) converts what it knows into this type.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof Error && error.name === 'UserError';
}
