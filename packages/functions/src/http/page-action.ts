import { ConflictError, DomainError, StateError, ValidationError } from "@soglasie/core/errors";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The status a page answers a refused action with, or undefined: the error handler answers it. */
export type Refusals = (error: DomainError) => ContentfulStatusCode | undefined;

/** A refused input (400) or a refused state change (409) is shown on the page. */
export const inputOrState: Refusals = (error) =>
  error instanceof ValidationError
    ? 400
    : error instanceof StateError || error instanceof ConflictError
      ? 409
      : undefined;

/**
 * Runs a page form's action. Success: a 303 to the URL it returns (or the response it builds).
 * A refusal (`refusals`, by default input and state errors) re-renders the page with the message
 * next to the form instead of a bare error page; anything else goes to the error handler.
 */
export async function pageAction(
  c: Context,
  run: () => Promise<string | Response>,
  render: (error: DomainError, status: ContentfulStatusCode) => Response | Promise<Response>,
  refusals: Refusals = inputOrState,
): Promise<Response> {
  let done: string | Response;
  try {
    done = await run();
  } catch (error) {
    const status = error instanceof DomainError ? refusals(error) : undefined;
    if (status === undefined) throw error;
    return render(error as DomainError, status);
  }
  return typeof done === "string" ? c.redirect(done, 303) : done;
}

/** The URL of a page with a one-line notice (`?done=…`) shown after a redirect. */
export const withNotice = (path: string, notice: string) => `${path}?done=${encodeURIComponent(notice)}`;
