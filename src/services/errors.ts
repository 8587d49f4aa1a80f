// Errors of the domain, independent of HTTP; src/api/app.ts maps them to statuses.
export class NotFoundError extends Error {
  readonly code = "not_found";
}

/** A request that names something that does not fit (an unknown genre): 422 invalid. */
export class InvalidRequestError extends Error {
  readonly code = "invalid";
}

export class ConflictError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Allowed to see, not to do: a collaborator who may view a list asked to change it (403). */
export class ForbiddenError extends Error {
  readonly code = "forbidden";
}
