import type { StaffMember } from "../staff/staff-repository.js";

/**
 * Rules of the regulation for the director's orders. Each is named after the rule and cites its
 * clause; docs/clauses.md lists where each is applied and tested.
 */

/**
 * Clause 2.4: the administration «назначает администратора ИКОП «Сферум» из числа педагогических
 * работников»: only a pedagogical worker still employed can be appointed.
 */
export const canBeAdministrator = (staff: Pick<StaffMember, "active" | "pedagogical">): boolean =>
  staff.active && staff.pedagogical;

/**
 * Clause 2.3: the administrator attaches «педагогических работников, выполняющих должностные
 * обязанности классных руководителей» to groups by the director's distribution: a class teacher is
 * a pedagogical worker still employed.
 */
export const canBeClassTeacher = (staff: Pick<StaffMember, "active" | "pedagogical">): boolean =>
  staff.active && staff.pedagogical;

/** Orders are numbered per calendar year: the year of the order's date selects the sequence. */
export const numberingYear = (orderDate: string): number => Number(orderDate.slice(0, 4));

/** The next registration number of a year: one more than the last, so the register has no gaps. */
export const nextOrderSeq = (lastSeq: number | undefined): number => (lastSeq ?? 0) + 1;

/**
 * An order's date is the day it is registered and signed; what it puts into effect («ввести в
 * действие с», an appointment's start) starts on that day or later, never before the order exists.
 */
export const mayTakeEffectOn = (orderDate: string, effectiveDate: string): boolean =>
  effectiveDate >= orderDate;

/**
 * ТК РФ art. 22, 68: a person an order names (the appointee, the responsible person, the
 * controller, the class teachers) is acquainted with it; only they acknowledge it.
 */
export const mustAcknowledgeOrder = (order: { named?: string[] }, staffId: string): boolean =>
  (order.named ?? []).includes(staffId);

/**
 * An order is never deleted (ГОСТ Р 7.0.97, records law): an order issued in error is cancelled,
 * and one that should stop having effect is declared void, by a new order. Only a signed order of
 * the register that no order has cancelled yet can be; an order already replaced by a later one
 * has no effect left to end from a date, so it can only be cancelled as issued in error. The date
 * it stops having effect is not before the order itself. Returns the refusal, or undefined.
 */
export function mayCancelOrder(
  order: { status: string; date: string; documentId?: string },
  cancel: { kind: "cancel" | "void-from"; effectiveDate?: string },
): { field?: "kind" | "effectiveDate"; conflict?: boolean; message: string } | undefined {
  if (!order.documentId) return { conflict: true, message: "Приказ не подписан" };
  if (order.status === "cancelled") return { conflict: true, message: "Приказ уже отменён" };
  if (order.status === "repealed") return { conflict: true, message: "Приказ уже признан утратившим силу" };
  if (cancel.kind === "void-from") {
    if (order.status !== "current")
      return {
        field: "kind",
        message: "Приказ уже утратил силу: его можно только отменить как изданный ошибочно",
      };
    if (!cancel.effectiveDate) return { field: "effectiveDate", message: "Укажите дату" };
    if (cancel.effectiveDate < order.date)
      return { field: "effectiveDate", message: "Не раньше даты отменяемого приказа" };
  }
  return undefined;
}
