import { createHash } from "node:crypto";
import { orgPk } from "../storage/table.js";

/**
 * Keys of message records. A message is its own item (`MSG#id`); three GSI entries find it:
 * byOwner by its cause (a consent request's messages, newest last), byValue by due time in a few
 * shards — sparse, present only while the message waits or is being sent, so a sweep reads only
 * what is due — and byStatus by the provider's message id (delivery and bounce reports).
 */
export const DUE_SHARDS = 4;

export const messageKey = (orgId: string, id: string) => ({ pk: orgPk(orgId, "MSG", id), sk: "MSG" });

export const causePk = (orgId: string, causeId: string) => orgPk(orgId, "MSG-CAUSE", causeId);

/** Shard of a message in the due index: spreads a 2 000-message campaign over partitions. */
export const dueShard = (id: string) => createHash("sha256").update(id).digest()[0]! % DUE_SHARDS;

export const duePk = (orgId: string, shard: number) => orgPk(orgId, "MSG-DUE", String(shard));

/** Sort key in the due index: the ISO instant first, so `<= asOf` is a key condition. */
export const dueSk = (at: string, id: string) => `${at}#${id}`;

export const providerPk = (orgId: string, channel: string, providerId: string) =>
  orgPk(orgId, "MSG-PROVIDER", channel, providerId);

/** An opt-out of one contact (its HMAC key) from one channel; no expiry. */
export const optOutKey = (orgId: string, channel: string, contactKey: string) => ({
  pk: orgPk(orgId, "MSG-OPTOUT", channel, contactKey),
  sk: "OPTOUT",
});
