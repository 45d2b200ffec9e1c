import { ConflictError, UnavailableError } from "../errors.js";
import type { Services } from "../services.js";
import { withClaim } from "../storage/claims.js";
import { ConsentRequestRepository } from "./consent-request-repository.js";
import type { ConsentRequest } from "./types.js";

/**
 * Runs `record` (render, sign, store and write one decision) as the only submission in flight on a
 * consent request. Of parallel submissions on one link the first records; each of the others waits
 * for it, finds the request changed and gets a ConflictError before rendering anything, which
 * submitDecision answers with the winner's decision (same answer) or a conflict (another answer).
 * So a race leaves one signed PDF, not one per click (issue 13).
 */
export async function claimRequest<T>(
  services: Services,
  request: ConsentRequest,
  record: () => Promise<T>,
): Promise<T> {
  return withClaim(
    services.db,
    "consent-request",
    request.requestId,
    async () => {
      const fresh = await new ConsentRequestRepository(services).get(
        request.groupId,
        request.studentId,
        true,
      );
      if (!fresh || fresh.version !== request.version) throw new ConflictError();
      return record();
    },
    {
      busy: () =>
        new UnavailableError(
          "По этой ссылке сейчас записывается решение. Обновите страницу через несколько секунд.",
          2,
        ),
    },
  );
}
