import type { IssuedOrder } from "@soglasie/core/orders/issue-order";
import type { OrderEntry } from "@soglasie/core/orders/types";

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
    pdfUrl: `/api/orders/${o.orderId}/pdf`,
  };
}
