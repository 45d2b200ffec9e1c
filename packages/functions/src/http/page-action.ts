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

/**
 * The URL of a page with a one-line notice shown after a redirect: `?done=<key>` and the notice's
 * parameters. Only a key travels, never the text: the page maps known keys to its own messages and
 * validates the parameters against its data, so a crafted link cannot print anything in the green box.
 */
export function withNotice(path: string, key: string, params: Record<string, string | number> = {}): string {
  const query = new URLSearchParams({ done: key });
  for (const [k, v] of Object.entries(params)) query.set(k, String(v));
  return `${path}?${query.toString()}`;
}
