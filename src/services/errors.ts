// Errors of the domain, independent of HTTP; src/api/app.ts maps them to statuses.
export class NotFoundError extends Error {
  readonly code = "not_found";
}

export class ConflictError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
