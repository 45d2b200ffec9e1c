import type { CouncilMeeting } from "@soglasie/core/council/types";

export function meetingJson(m: CouncilMeeting) {
  return {
    meetingId: m.meetingId,
    date: m.date,
    protocolNumber: m.protocolNumber,
    membersTotal: m.membersTotal,
    membersPresent: m.membersPresent,
    votes: m.votes,
    versionId: m.versionId,
    versionNo: m.versionNo,
    agendaItem: m.agendaItem,
    decision: m.decision,
    chair: m.chair,
    secretary: m.secretary,
    quorum: m.quorum,
    majority: m.majority,
    outcome: m.outcome,
    reason: m.reason,
    protocolSha256: m.protocolScan.sha256,
    protocolSize: m.protocolScan.size,
    extractDocumentId: m.extractDocumentId ?? null,
    createdAt: m.createdAt,
  };
}
