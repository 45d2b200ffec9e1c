import type { Actor } from "../audit/types.js";

/** The director's orders the service issues (clauses 2.1, 2.3, 2.4 of the regulation and its approval). */
export const ORDER_KINDS = [
  "approve-regulation",
  "appoint-administrator",
  "assign-class-teachers",
  "cancel-order",
] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export const ORDER_KIND_LABELS: Record<OrderKind, string> = {
  "approve-regulation": "Утверждение Положения",
  "appoint-administrator": "Назначение администратора ИКОП «Сферум»",
  "assign-class-teachers": "Закрепление классных руководителей",
  "cancel-order": "Отмена приказа (признание утратившим силу)",
};

/**
 * "current": in force; "no_longer_current": replaced by a later order (e.g. a new administrator was
 * appointed) but kept in the register, as registers never lose entries; "cancelled": issued in
 * error and cancelled by a later order (void from the start); "repealed": declared void from a date
 * by a later order. An order is never deleted: the cancelling order stands next to it.
 */
export const ORDER_STATUSES = ["current", "no_longer_current", "cancelled", "repealed"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  current: "Действует",
  no_longer_current: "Утратил силу",
  cancelled: "Отменён",
  repealed: "Утратил силу",
};

/** One entry of the orders register (журнал регистрации приказов). */
export interface OrderEntry {
  entity: "order";
  orderId: string;
  kind: OrderKind;
  /** Registration number as printed: «12-од». */
  number: string;
  /** Position in the year's sequence: 1, 2, 3… with no gaps. */
  seq: number;
  year: number;
  /** ISO yyyy-mm-dd, the order's date in the organisation's time zone. */
  date: string;
  title: string;
  status: OrderStatus;
  /** Who signed, as printed on the order: the signed-in director and the head's position. */
  signedBy: { name: string; position: string };
  documentId: string;
  /** The entity the order is about (appointment, distribution, regulation version…). */
  owner: { type: string; id: string };
  /**
   * Staff the order names («С приказом ознакомлен(ы)» rows), who acknowledge it; absent on orders
   * issued before acknowledgments existed.
   */
  named?: string[];
  createdAt: string;
  createdBy: Actor;
  statusChangedAt?: string;
  /** The order that made this one no longer current. */
  replacedBy?: string;
  /** The order that cancelled this one or declared it void (status "cancelled" or "repealed"). */
  cancelledBy?: { orderId: string; number: string; date: string; effectiveDate?: string };
  version: number;
}

/** One person's acknowledgment of an order in the service (their own record). */
export interface OrderAcknowledgment {
  orderId: string;
  staffId: string;
  /** The record's id; its first 8 characters are printed on the sheet («запись № 3F2A9C1B»). */
  ackId: string;
  /** Name and position when acknowledged (a later change of name does not rewrite the sheet). */
  fullName: string;
  position: string;
  gender?: "male" | "female";
  /** ISO date in the organisation's time zone. */
  date: string;
  /** ISO instant. */
  at: string;
}

/** The latest acknowledgment sheet of an order. */
export interface OrderAcknowledgmentSheet {
  orderId: string;
  documentId: string;
  /** Staff ids whose acknowledgments the sheet lists. */
  includes: string[];
  rev: number;
  updatedAt: string;
}
