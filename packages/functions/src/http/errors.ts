import {
  AuthenticationError,
  ConflictError,
  DomainError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  PayloadTooLargeError,
  StateError,
  TooManyRequestsError,
  UnavailableError,
  ValidationError,
} from "@soglasie/core/errors";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isApiRequest } from "./auth.js";
import type { AppEnv } from "./env.js";
import { ErrorPage } from "./layout.js";
import { defaultMessage, httpCode } from "./messages.js";

export function statusOf(error: DomainError): ContentfulStatusCode {
  if (error instanceof ValidationError) return 400;
  if (error instanceof AuthenticationError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof GoneError) return 410;
  if (error instanceof ConflictError || error instanceof StateError) return 409;
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof TooManyRequestsError) return 429;
  if (error instanceof UnavailableError) return 503;
  return 400;
}

const wantsJson = (c: Context) =>
  isApiRequest(c) ||
  ((c.req.header("accept") ?? "").includes("application/json") &&
    !(c.req.header("accept") ?? "").includes("text/html"));

/**
 * One place turns errors into responses: JSON `{error:{code,message,fields}}` for the API, a Russian
 * page otherwise. Unexpected errors are logged with the request id and never leak a stack trace.
 */
export function handleError(error: Error, c: Context<AppEnv>) {
  const requestId = c.get("requestId") ?? "";
  let status: ContentfulStatusCode;
  let code: string;
  let message: string;
  let fields: Record<string, string[]> | undefined;
  if (error instanceof DomainError) {
    status = statusOf(error);
    code = error.code;
    message = error.message;
    if (error instanceof ValidationError) fields = error.fields;
    if (error instanceof TooManyRequestsError || error instanceof UnavailableError)
      c.header("Retry-After", String(Math.max(1, error.retryAfterSeconds)));
  } else if (error instanceof HTTPException) {
    status = error.status as ContentfulStatusCode;
    code = httpCode(error.status);
    message = error.message || defaultMessage(error.status);
    if (error.status >= 500)
      console.error(
        JSON.stringify({ level: "error", requestId, route: c.req.routePath, message: error.message }),
      );
  } else {
    // A store that failed after the SDK's own retries (throttling, outage, network) is temporary:
    // 503 with Retry-After tells clients to try again; nothing was recorded (one transaction per change).
    const storeDown = isStoreUnavailable(error);
    status = storeDown ? 503 : 500;
    code = storeDown ? "unavailable" : "internal_error";
    message = storeDown
      ? "Сервис временно недоступен. Ваши данные не сохранены — повторите отправку через минуту."
      : "Внутренняя ошибка сервиса. Попробуйте позже; если ошибка повторится, сообщите администратору.";
    if (storeDown) c.header("Retry-After", "30");
    console.error(
      JSON.stringify({
        level: "error",
        requestId,
        route: c.req.routePath,
        error: error.name,
        message: error.message,
        stack: error.stack,
      }),
    );
  }
  if (wantsJson(c))
    return c.json({ error: { code, message, ...(fields ? { fields } : {}), requestId } }, status);
  return c.html(ErrorPage({ status, message, fields, signedIn: Boolean(c.get("user")) }), status);
}

/** AWS SDK service faults (5xx, throttling) and network failures reaching DynamoDB or S3. */
function isStoreUnavailable(error: Error): boolean {
  const e = error as Error & { $fault?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  if (
    e.$metadata &&
    (e.$fault === "server" || e.name.includes("Throttl") || (e.$metadata.httpStatusCode ?? 0) >= 500)
  ) {
    return true;
  }
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"].includes(e.code ?? "") || e.name === "TimeoutError"
  );
}

export function handleNotFound(c: Context<AppEnv>) {
  return handleError(new NotFoundError(isApiRequest(c) ? "Не найдено" : "Страница не найдена"), c);
}
