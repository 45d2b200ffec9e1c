import type { AcknowledgedOrder, OrderAcknowledgmentStatus } from "@soglasie/core/orders/acknowledgments";
import type { IssuedOrder } from "@soglasie/core/orders/issue-order";
import type { OrderEntry } from "@soglasie/core/orders/types";
import { recordNumber } from "@soglasie/core/staff/acknowledgment-rows";
import { staffGender, staffPositionCases } from "@soglasie/core/staff/grammar";
import type { StaffMember } from "@soglasie/core/staff/staff-repository";

export const issuedJson = (o: IssuedOrder) => ({
  orderId: o.orderId,
  number: o.number,
  date: o.date,
  documentId: o.documentId,
});

export function orderJson(o: OrderEntry) {
  return {
    orderId: o.orderId,
    kind: o.kind,
    number: o.number,
    seq: o.seq,
    year: o.year,
    date: o.date,
    title: o.title,
    status: o.status,
    signedBy: o.signedBy,
    documentId: o.documentId,
    createdAt: o.createdAt,
    replacedBy: o.replacedBy ?? null,
    cancelledBy: o.cancelledBy ?? null,
    named: o.named ?? [],
    pdfUrl: `/api/orders/${o.orderId}/pdf`,
  };
}

export const acknowledgedJson = (r: AcknowledgedOrder) => ({
  orderId: r.acknowledgment.orderId,
  staffId: r.acknowledgment.staffId,
  recordId: r.acknowledgment.ackId,
  recordNumber: recordNumber(r.acknowledgment.ackId),
  date: r.acknowledgment.date,
  at: r.acknowledgment.at,
  alreadyAcknowledged: r.alreadyAcknowledged,
  sheetDocumentId: r.sheetDocumentId,
});

export const acknowledgmentStatusJson = (s: OrderAcknowledgmentStatus) => ({
  orderId: s.order.orderId,
  number: s.order.number,
  people: s.people.map((p) => ({
    staffId: p.staffId,
    fullName: p.fullName,
    position: p.position,
    acknowledged: p.acknowledgment
      ? {
          recordId: p.acknowledgment.ackId,
          recordNumber: recordNumber(p.acknowledgment.ackId),
          date: p.acknowledgment.date,
          at: p.acknowledgment.at,
        }
      : null,
  })),
  sheetDocumentId: s.sheet?.documentId ?? null,
});

/** A staff member's forms as documents print them (no e-mail, roles or password data). */
export const staffFormsJson = (s: StaffMember) => ({
  staffId: s.staffId,
  fullName: s.fullName,
  position: s.position,
  positionCases: staffPositionCases(s),
  gender: staffGender(s) ?? null,
  genderFromRecord: s.gender !== undefined,
  phone: s.phone ?? null,
  version: s.version,
});
