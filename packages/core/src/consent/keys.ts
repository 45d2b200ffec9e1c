import { groupPk } from "../roster/keys.js";
import { orgPk } from "../storage/table.js";

/**
 * Keys of consent requests. A request lives in its group's partition next to its student (one
 * query gives a group's whole dashboard). Two GSI entries on the request find it from outside:
 * byValue by the hash of its current link token (the parent's page), byOwner by its id (signed
 * documents name the request as their owner). A replaced token leaves a tombstone item so the old
 * link can say «заменена новой» instead of «не найдена».
 */
export const REQUEST_PREFIX = "REQUEST#";

export const requestKey = (orgId: string, groupId: string, studentId: string) => ({
  pk: groupPk(orgId, groupId),
  sk: `${REQUEST_PREFIX}${studentId}`,
});

/** The GSI entries of a request: its token hash (byValue) and its id (byOwner). */
export const requestIndexes = (orgId: string, request: { requestId: string; tokenHash: string }) => ({
  gsi1pk: orgPk(orgId, "CONSENT-REQUEST", request.requestId),
  gsi1sk: "REQUEST",
  gsi2pk: tokenPk(orgId, request.tokenHash),
  gsi2sk: "REQUEST",
});

export const tokenPk = (orgId: string, tokenHash: string) => orgPk(orgId, "CONSENT-TOKEN", tokenHash);
export const requestIdPk = (orgId: string, requestId: string) => orgPk(orgId, "CONSENT-REQUEST", requestId);

/** Left behind by a re-issue: the old link answers 410 «заменена» for a while (TTL), then 404. */
export const replacedTokenKey = (orgId: string, tokenHash: string) => ({
  pk: tokenPk(orgId, tokenHash),
  sk: "REPLACED",
});

/** Rate-limit scopes (core/storage/rate-limit.ts). */
export const RATE_SCOPE_TOKEN_MISS = "consent-token-miss";
export const RATE_SCOPE_DECISION = "consent-decision";
