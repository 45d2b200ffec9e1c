import type { AcknowledgmentStatus, acknowledgeRegulation } from "@soglasie/core/regulation/acknowledgment";
import type { ApprovedVersion } from "@soglasie/core/regulation/approve";
import {
  type CurrentRegulation,
  type RegulationVersion,
  VERSION_STATE_LABELS,
} from "@soglasie/core/regulation/types";

export function versionJson(v: RegulationVersion) {
  return {
    versionId: v.versionId,
    no: v.no,
    state: v.state,
    stateLabel: VERSION_STATE_LABELS[v.state],
    title: v.title,
    note: v.note ?? null,
    source: v.source,
    textSha256: v.textSha256,
    textSize: v.textSize,
    adoption: v.adoption ?? null,
    approval: v.approval ?? null,
    documentId: v.documentId ?? null,
    inForceFrom: v.inForceFrom ?? null,
    inForceTo: v.inForceTo ?? null,
    supersededBy: v.supersededBy ?? null,
    repealReason: v.repealReason ?? null,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

export const currentJson = (c: CurrentRegulation | undefined) =>
  c
    ? {
        versionId: c.versionId,
        no: c.no,
        documentId: c.documentId,
        orderId: c.orderId,
        orderNumber: c.orderNumber,
        orderDate: c.orderDate,
        adoption: c.adoption,
        pdfUrl: "/regulation.pdf",
      }
    : null;

export const approvalJson = (o: ApprovedVersion) => ({
  orderId: o.orderId,
  number: o.number,
  date: o.date,
  documentId: o.documentId,
  regulationDocumentId: o.regulationDocumentId,
});

type Acknowledged = Awaited<ReturnType<typeof acknowledgeRegulation>>;

export const acknowledgedJson = (r: Acknowledged) => ({
  versionId: r.acknowledgment.versionId,
  date: r.acknowledgment.date,
  alreadyConfirmed: r.alreadyConfirmed,
  sheetDocumentId: r.sheetDocumentId,
});

export const acknowledgmentsJson = (status: AcknowledgmentStatus) => ({
  versionId: status.current.versionId,
  confirmed: status.confirmed.map(({ staffId, fullName, position, date }) => ({
    staffId,
    fullName,
    position,
    date,
  })),
  pending: status.pending,
  sheetDocumentId: status.sheet?.documentId ?? null,
});
