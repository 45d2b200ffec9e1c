import { orgPk } from "../storage/table.js";

/**
 * Keys of the roster. Group records, their code index and their consent counters share ONE
 * partition, so the college overview is a single query. Each group's students (and their consent
 * requests, see consent/keys.ts) share the group's own partition, so a group page is one query too.
 */
export const groupsPk = (orgId: string) => orgPk(orgId, "GROUPS");

export const GROUP_PREFIX = "GROUP#";
export const GROUP_CODE_PREFIX = "CODE#";
export const GROUP_STATS_PREFIX = "STATS#";

export const groupKey = (orgId: string, groupId: string) => ({
  pk: groupsPk(orgId),
  sk: `${GROUP_PREFIX}${groupId}`,
});
/** Uniqueness of a group code (normalised, see normalize.ts): written with the group in one transaction. */
export const groupCodeKey = (orgId: string, codeKey: string) => ({
  pk: groupsPk(orgId),
  sk: `${GROUP_CODE_PREFIX}${codeKey}`,
});
/** Consent counters of a group, maintained in the transaction of every change (consent/stats.ts). */
export const groupStatsKey = (orgId: string, groupId: string) => ({
  pk: groupsPk(orgId),
  sk: `${GROUP_STATS_PREFIX}${groupId}`,
});

/** The partition of one group: students, their identity index and consent requests. */
export const groupPk = (orgId: string, groupId: string) => orgPk(orgId, "GROUP", groupId);

export const STUDENT_PREFIX = "STUDENT#";

/**
 * A student is keyed by the normalised full name (see normalize.ts): the key itself makes the
 * student unique inside the group, so creating one is a single conditional put and re-importing
 * the same person finds the same record. The stable, random `studentId` is an attribute.
 */
export const studentKey = (orgId: string, groupId: string, nameKey: string) => ({
  pk: groupPk(orgId, groupId),
  sk: `${STUDENT_PREFIX}${nameKey}`,
});

/**
 * The student's identity outside any group: the byOwner index entry of the student record, by the
 * stable `studentId`. A transfer moves the record to another group's partition and keeps the entry,
 * so a student is found by id wherever they study now.
 */
export const studentIdentityIndex = (orgId: string, studentId: string) => ({
  gsi1pk: orgPk(orgId, "STUDENT", studentId),
  gsi1sk: "STUDENT",
});
