import { orgPk } from "../storage/table.js";

/** Council meetings, the protocol-number uniqueness items and the rules share one partition. */
export const councilPk = (orgId: string) => orgPk(orgId, "COUNCIL");
export const MEETING_SK_PREFIX = "MEETING#";
export const meetingKey = (orgId: string, meetingId: string) => ({
  pk: councilPk(orgId),
  sk: `${MEETING_SK_PREFIX}${meetingId}`,
});
/** One protocol number per meeting date: a second submission of the same protocol is refused. */
export const protocolKey = (orgId: string, date: string, number: string) => ({
  pk: councilPk(orgId),
  sk: `PROTOCOL#${date}#${number.toLocaleLowerCase("ru-RU")}`,
});
export const rulesKey = (orgId: string) => ({ pk: councilPk(orgId), sk: "RULES" });

/** Owner type of a meeting's documents (the protocol extract). */
export const MEETING_OWNER = "council-meeting";
