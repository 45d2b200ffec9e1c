import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Services } from "../services.js";
import { orgPk, TTL_ATTRIBUTE } from "../storage/table.js";

/**
 * Signed-out sessions. Sessions are stateless signed tokens; signing out writes a revocation marker
 * for that one session id, kept until the token would have expired anyway (TTL), and every request
 * looks for it. Signing out thus ends this session only (the same person's other devices and API
 * scripts keep theirs); a password reset ends them all (the staff record's sessionVersion).
 * Markers are not domain state: no audit event, like the rate-limit counters.
 */
const revocationKey = (orgId: string, sessionId: string) => ({
  pk: orgPk(orgId, "SESSION", sessionId),
  sk: "REVOKED",
});

export async function revokeSession(
  services: Services,
  sessionId: string,
  expiresAtEpochSeconds: number,
): Promise<void> {
  const { db } = services;
  await db.client.send(
    new PutCommand({
      TableName: db.tableName,
      Item: {
        ...revocationKey(db.orgId, sessionId),
        revokedAt: services.now().toISOString(),
        [TTL_ATTRIBUTE]: expiresAtEpochSeconds,
      },
    }),
  );
}

export async function isSessionRevoked(services: Services, sessionId: string): Promise<boolean> {
  // Strongly consistent: a request right after signing out must already see the marker.
  return (await services.db.get(revocationKey(services.db.orgId, sessionId), true)) !== undefined;
}
