/**
 * Domain errors. Messages are in Russian because they reach people unchanged; `code` is stable
 * for API clients. The HTTP layer maps each kind to a status code.
 */
export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule (400). */
export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super("validation_error", message);
  }
}

/** Missing entity (404). */
export class NotFoundError extends DomainError {
  constructor(message = "Не найдено") {
    super("not_found", message);
  }
}

/** Entity existed but is no longer usable: expired or revoked link (410). */
export class GoneError extends DomainError {
  constructor(message: string, code = "gone") {
    super(code, message);
  }
}

/** Lost an optimistic-concurrency race or a uniqueness constraint (409). */
export class ConflictError extends DomainError {
  constructor(
    message = "Запись была изменена другим пользователем. Обновите страницу и повторите.",
    code = "conflict",
  ) {
    super(code, message);
  }
}

/** Illegal state transition of a workflow (409 with a specific code). */
export class StateError extends DomainError {
  constructor(message: string, code = "illegal_transition") {
    super(code, message);
  }
}

/** The actor may not do this (403). */
export class ForbiddenError extends DomainError {
  constructor(message = "Недостаточно прав для этого действия") {
    super("forbidden", message);
  }
}

/** Upload or body too large (413). */
export class PayloadTooLargeError extends DomainError {
  constructor(message: string) {
    super("payload_too_large", message);
  }
}

/** Converts a zod error into field errors keyed by dotted path. */
export function fieldErrorsFromZod(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "_";
    fields[key] = [...(fields[key] ?? []), issue.message];
  }
  return fields;
}

/** Sign-in failed; deliberately the same message for unknown email and wrong password (401). */
export class AuthenticationError extends DomainError {
  constructor(message = "Неверная почта или пароль") {
    super("unauthenticated", message);
  }
}

/** Too many attempts from one client (429). */
export class TooManyRequestsError extends DomainError {
  constructor(
    message = "Слишком много попыток. Подождите несколько минут и повторите.",
    readonly retryAfterSeconds = 60,
  ) {
    super("too_many_requests", message);
  }
}

/** The service is busy with this kind of work right now; retry after the given time (503). */
export class UnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super("unavailable", message);
  }
}
